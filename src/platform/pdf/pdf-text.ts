/**
 * Extracts a PDF's text with poppler's `pdftotext` when it is installed (for tests and
 * diagnostics); null when it is not.
 */
import { execFile } from 'node:child_process';

export function pdfToText(pdf: Buffer): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const child = execFile('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(null);
      if (err) return reject(err);
      resolve(stdout);
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(pdf);
  });
}

/**
 * PDF documents (invoices, printable gift cards, posters) over pdfkit. `renderPdf`
 * collects the stream into a Buffer and picks fonts that print Swedish text: DejaVu
 * Sans (embedded, full Unicode) when the system has it, otherwise pdfkit's built-in
 * Helvetica, whose WinAnsi encoding covers å ä ö é – € and the no-break space Intl
 * puts in "1 250 kr", but not, e.g., U+2212 (Intl's minus) or Polish ł: with Helvetica
 * every string passes through `toWinAnsi` first so such characters degrade instead of
 * printing garbage.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

export type PdfDocument = PDFKit.PDFDocument;
export type PdfPageSize = 'A4' | 'A5' | 'A6';

export interface PdfOptions {
  size: PdfPageSize;
  title: string;
  author?: string;
  /** Written as the creation date; pass the injected clock's time so output is reproducible. */
  createdAt?: Date;
  /** In points (1/72 inch); default 50 on A4, 36 on A5, 24 on A6. */
  margin?: number;
  /** 'auto' (default): DejaVu Sans when installed; 'builtin': always Helvetica. */
  fonts?: 'auto' | 'builtin';
}

/** Font names registered on every document: `doc.font(fonts.bold)`. */
export const fonts = { regular: 'torget-regular', bold: 'torget-bold' } as const;

const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';
const dejavu = { regular: `${DEJAVU_DIR}/DejaVuSans.ttf`, bold: `${DEJAVU_DIR}/DejaVuSans-Bold.ttf` };
let dejavuPresent: boolean | undefined;

/** Whether the embedded Unicode font is available on this machine. */
export function hasUnicodeFont(): boolean {
  dejavuPresent ??= existsSync(dejavu.regular) && existsSync(dejavu.bold);
  return dejavuPresent;
}

// Windows-1252 beyond Latin-1: what Helvetica's WinAnsi encoding can print above 0x7F.
const winAnsiExtra = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const winAnsiReplacements: Record<string, string> = {
  '\u2212': '-', // Intl's minus sign
  '\u202f': '\u00a0', // narrow no-break space (fr/sv thousands in some ICU versions)
  '\u2009': ' ',
  '\u2011': '-',
  '\u2010': '-',
  '\u2026': '…',
  '\u2192': '->',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
};

/** `text` with every character Helvetica/WinAnsi cannot print replaced (accents dropped, else "?"). */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff) || winAnsiExtra.has(ch) || ch === '\n' || ch === '\t') out += ch;
    else if (winAnsiReplacements[ch] !== undefined) out += winAnsiReplacements[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      out += base.length > 0 && [...base].every((b) => b.codePointAt(0)! < 0x100) ? base : '?';
    }
  }
  return out;
}

/** Makes text-taking methods pass strings through toWinAnsi (built-in fonts only). */
function sanitizeText(doc: PdfDocument): void {
  const patch = <K extends 'text' | 'widthOfString' | 'heightOfString'>(name: K) => {
    const original = doc[name].bind(doc) as (...args: unknown[]) => unknown;
    (doc as unknown as Record<string, unknown>)[name] = (text: unknown, ...rest: unknown[]) => original(typeof text === 'string' ? toWinAnsi(text) : text, ...rest);
  };
  patch('text');
  patch('widthOfString');
  patch('heightOfString');
}

const defaultMargin: Record<PdfPageSize, number> = { A4: 50, A5: 36, A6: 24 };

/**
 * Renders a document: `build` draws on it (fonts `fonts.regular`/`fonts.bold` are
 * registered and the regular one selected), then the PDF is returned as a Buffer.
 */
export async function renderPdf(build: (doc: PdfDocument) => unknown, options: PdfOptions): Promise<Buffer> {
  const unicode = options.fonts !== 'builtin' && hasUnicodeFont();
  const doc = new PDFDocument({
    size: options.size,
    margin: options.margin ?? defaultMargin[options.size],
    lang: 'sv-SE',
    displayTitle: true,
    info: {
      Title: options.title,
      Author: options.author ?? 'Torget',
      Creator: 'Torget',
      Producer: 'Torget (pdfkit)',
      ...(options.createdAt ? { CreationDate: options.createdAt } : {}),
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(fonts.regular, unicode ? dejavu.regular : 'Helvetica');
  doc.registerFont(fonts.bold, unicode ? dejavu.bold : 'Helvetica-Bold');
  if (!unicode) sanitizeText(doc);
  doc.font(fonts.regular);
  try {
    await build(doc);
  } finally {
    doc.end();
  }
  return finished;
}

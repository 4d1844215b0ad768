/**
 * How the CLI talks: data on stdout (tables or JSON, so it pipes), messages on stderr.
 * A failure the operator can fix is a CliError: main prints its one-line reason.
 */

/** A failure with a reason the operator can act on; printed as `torget: <message>`, exit 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A message for the person at the terminal, never data: stderr. */
export function say(message: string): void {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
}

/** Data as JSON on stdout (Dates become ISO strings). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** One line of data on stdout, e.g. a key or a link that a script captures. */
export function printLine(line: string): void {
  process.stdout.write(line + '\n');
}

const width = (s: string): number => [...s.normalize('NFC')].length;

/** A plain aligned table on stdout: columns separated by two spaces, a header line first. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  process.stdout.write([line(header), ...rows.map(line)].join('\n') + '\n');
}

/** Dates in tables: local time to the minute, readable at a glance ("2026-03-01 14:05"). */
export function formatTime(d: Date | null | undefined): string {
  if (!d) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

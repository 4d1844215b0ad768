/**
 * CSV for people to open in a spreadsheet: semicolon-separated UTF-8 with a BOM (so
 * Excel in a Swedish locale opens it right) and CRLF line ends.
 */

/**
 * One cell: quoted when it holds the separator, a quote or a line break; text that a
 * spreadsheet would run as a formula (= + - @ first) gets an apostrophe first (OWASP
 * CSV injection). Numbers pass as they are.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole file: the header row, then the rows. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `\uFEFF${[header.map(csvCell).join(';'), ...rows.map((r) => r.map(csvCell).join(';'))].join('\r\n')}\r\n`;
}

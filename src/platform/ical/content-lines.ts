/**
 * The content-line rules of iCalendar (RFC 5545 §3.1, §3.3.11, §3.3.5) that every
 * calendar file Torget writes shares: text escaped, lines folded at 75 octets, UTC
 * date-times, CRLF line endings. Pure.
 */

/** TEXT values: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** A DATE-TIME in UTC form: 20261211T093000Z. */
export const utcDateTime = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The file: every line folded, CRLF after each. */
export const icsText = (lines: string[]): string => lines.map(foldLine).join('\r\n') + '\r\n';

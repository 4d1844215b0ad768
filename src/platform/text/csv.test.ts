import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv.js';

describe('CSV for spreadsheets', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvCell('Kaffebaren')).toBe('Kaffebaren');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('säg "hej"')).toBe('"säg ""hej"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes a BOM, semicolons and CRLF', () => {
    expect(csvDocument(['namn', 'antal'], [['Torget', 3], ['Å;Ä', 0]])).toBe('\uFEFFnamn;antal\r\nTorget;3\r\n"Å;Ä";0\r\n');
  });
});

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatVatNumber, isValidOrgNumber, maskOrgNumber, parseOrgNumber } from './org-number.js';
import { luhnCheckDigit } from './luhn.js';

describe('parseOrgNumber', () => {
  it.each(['5566778899', '556677-8899', '16556677-8899', '165566778899', ' 556677 - 8899 '])(
    'accepts organisation number %j',
    (input) => {
      expect(parseOrgNumber(input)).toEqual({
        ok: true,
        value: '556677-8899',
        kind: 'organisation',
        legalForm: 'limited_company',
      });
    },
  );

  it('derives the legal form from the first digit', () => {
    const withForm = (first: string) => {
      const nine = `${first}02002000`;
      const parsed = parseOrgNumber(nine + luhnCheckDigit(nine));
      return parsed.ok ? parsed.legalForm : parsed.reason;
    };
    expect(withForm('2')).toBe('public_body');
    expect(withForm('5')).toBe('limited_company');
    expect(withForm('7')).toBe('economic_association');
    expect(withForm('8')).toBe('non_profit');
    expect(withForm('9')).toBe('partnership');
    expect(withForm('3')).toBe('other');
  });

  it.each(['19850101-1236', '198501011236', '850101-1236', '8501011236', '850101+1236'])(
    'accepts personnummer %j as a personal number',
    (input) => {
      const parsed = parseOrgNumber(input);
      expect(parsed).toEqual({ ok: true, value: '850101-1236', kind: 'personal' });
      expect(parsed.ok && parsed.legalForm).toBeUndefined();
    },
  );

  it('accepts a samordningsnummer (day + 60) as personal', () => {
    expect(parseOrgNumber('850161-1233')).toMatchObject({ ok: true, kind: 'personal' });
  });

  it('reports a wrong check digit', () => {
    expect(parseOrgNumber('556677-8898')).toEqual({ ok: false, reason: 'check_digit' });
    expect(parseOrgNumber('19850101-1234')).toEqual({ ok: false, reason: 'check_digit' });
  });

  it('reports malformed input as format', () => {
    for (const input of ['', '55667788', '556677-88999', '5566-778899', 'abcdefghij', '17556677-8899']) {
      expect(parseOrgNumber(input)).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('rejects dates that do not exist when digits 3–4 are below 20', () => {
    // Month 13 and 30 February are neither a date nor an organisation number.
    const nine = (s: string) => s + luhnCheckDigit(s);
    expect(parseOrgNumber(nine('851301123'))).toEqual({ ok: false, reason: 'format' });
    expect(parseOrgNumber(nine('850230123'))).toEqual({ ok: false, reason: 'format' });
    // 29 February needs the century to be checked; without it any leap century will do.
    expect(parseOrgNumber(nine('000229123'))).toMatchObject({ ok: true, kind: 'personal' });
    expect(parseOrgNumber(`19${nine('000229123')}`)).toEqual({ ok: false, reason: 'format' });
    expect(parseOrgNumber(`20${nine('000229123')}`)).toMatchObject({ ok: true, kind: 'personal' });
  });

  it('does not accept the 16 prefix on a personnummer, nor a century on an organisation number', () => {
    expect(parseOrgNumber('16850101-1236')).toEqual({ ok: false, reason: 'format' });
    expect(parseOrgNumber('20556677-8899')).toEqual({ ok: false, reason: 'format' });
  });

  it('round-trips every valid organisation number through its canonical form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{2}[2-9]\d{6}$/), (nine) => {
        const ten = nine + luhnCheckDigit(nine);
        const parsed = parseOrgNumber(ten);
        expect(parsed.ok && parsed.kind).toBe('organisation');
        if (parsed.ok) expect(parseOrgNumber(parsed.value)).toEqual(parsed);
        expect(isValidOrgNumber(`16${ten}`)).toBe(true);
      }),
    );
  });
});

describe('isValidOrgNumber', () => {
  it('is true for organisation and personal numbers alike', () => {
    expect(isValidOrgNumber('556677-8899')).toBe(true);
    expect(isValidOrgNumber('850101-1236')).toBe(true);
    expect(isValidOrgNumber('556677-8898')).toBe(false);
  });
});

describe('maskOrgNumber', () => {
  it('hides the personal part of a personnummer', () => {
    expect(maskOrgNumber('850101-1236')).toBe('850101-****');
    expect(maskOrgNumber('198501011236')).toBe('850101-****');
  });

  it('shows organisation numbers in full', () => {
    expect(maskOrgNumber('5566778899')).toBe('556677-8899');
  });

  it('hides anything it cannot parse', () => {
    expect(maskOrgNumber('850101-1234')).toBe('******-****');
  });
});

describe('formatVatNumber', () => {
  it('builds SE + 10 digits + 01', () => {
    expect(formatVatNumber('556677-8899')).toBe('SE556677889901');
    expect(formatVatNumber('16556677-8899')).toBe('SE556677889901');
    expect(formatVatNumber('850101-1236')).toBe('SE850101123601');
  });

  it('throws on an invalid number', () => {
    expect(() => formatVatNumber('556677-8898')).toThrow(RangeError);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSwedishBankAccount, isValidSwedishBankAccount, parseSwedishBankAccount } from './bank-account.js';

/** The one last digit that makes `prefix + d` valid for the clearing number, or null. */
function complete(clearing: string, prefix: string): string | null {
  for (let d = 0; d <= 9; d++) if (isValidSwedishBankAccount(clearing, prefix + d)) return prefix + d;
  return null;
}

describe('Swedish bank accounts', () => {
  it('type 1, comment 1 (SEB, Swedbank 7xxx): modulus 11 over clearing digits 2–4 and the account', () => {
    // 5000 + 1234567: 000 1234567 weighted 10..1 from the left → check by hand below.
    const account = complete('5000', '123456');
    expect(account).not.toBeNull();
    const digits = '000' + account!;
    const sum = [...digits].reduce((s, d, i) => s + Number(d) * (digits.length - i), 0);
    expect(sum % 11).toBe(0);
    expect(parseSwedishBankAccount('5000', account!)).toEqual({ clearing: '5000', account: account!, bank: 'SEB' });
  });

  it('type 1, comment 2 (Avanza): modulus 11 over all four clearing digits', () => {
    const account = complete('9550', '765431');
    expect(account).not.toBeNull();
    const digits = '9550' + account!;
    const weights = [1, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect([...digits].reduce((s, d, i) => s + Number(d) * weights[i]!, 0) % 11).toBe(0);
  });

  it('Handelsbanken: nine digits, modulus 11 over the account alone', () => {
    const account = complete('6789', '12345678');
    expect(account).not.toBeNull();
    expect(account).toHaveLength(9);
    expect(parseSwedishBankAccount('6789', account!)?.bank).toBe('Handelsbanken');
  });

  it('Swedbank 8xxx-x: Luhn on the account, and on the five-digit clearing number', () => {
    expect(isValidSwedishBankAccount('8327-9', '123 456 789-0'.replace(/.$/, '') + (complete('8327', '123456789')!.slice(-1)))).toBe(true);
    expect(isValidSwedishBankAccount('8327-8', complete('8327', '123456789')!)).toBe(false); // wrong clearing check digit
    expect(formatSwedishBankAccount({ clearing: '83279', account: '1234567890' })).toBe('8327-9, 1234567890');
  });

  it('refuses unknown clearing numbers, wrong lengths and letters', () => {
    expect(isValidSwedishBankAccount('0999', '1234567')).toBe(false);
    expect(isValidSwedishBankAccount('5000', '12345678901')).toBe(false);
    expect(isValidSwedishBankAccount('50A0', '1234567')).toBe(false);
    expect(isValidSwedishBankAccount('5000-1', '1234567')).toBe(false);
  });

  it('any single wrong digit in a valid account is caught', () => {
    fc.assert(
      fc.property(fc.constantFrom('5000', '9550', '6789', '8327', '3300', '7001'), fc.stringMatching(/^\d{8}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (clearing, body, at, delta) => {
        const len = clearing === '6789' ? 8 : clearing === '3300' ? 9 : clearing === '8327' ? 8 : 6;
        const account = complete(clearing, body.slice(0, len));
        if (!account) return; // (mod 11 has no digit for some prefixes)
        const i = at % account.length;
        const changed = account.slice(0, i) + ((Number(account[i]) + delta) % 10) + account.slice(i + 1);
        expect(isValidSwedishBankAccount(clearing, changed)).toBe(false);
      }),
    );
  });
});

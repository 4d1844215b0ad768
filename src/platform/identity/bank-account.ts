/**
 * Swedish bank account numbers (clearing number + account number), checked the way
 * Bankgirot's "Bankernas kontonummeruppbyggnad" describes them:
 *
 * - Type 1: 4-digit clearing number, 7-digit account number, modulus 11 over
 *   - comment 1: the clearing number's last 3 digits and the account (10 digits), or
 *   - comment 2: all 4 clearing digits and the account (11 digits);
 *   weights 1, 2, 3 … 10, 1 from the right; the weighted sum is divisible by 11.
 * - Type 2: the account number alone is checked:
 *   - comment 1: 10 digits, modulus 10 (Luhn);
 *   - comment 2: Handelsbanken, 9 digits, modulus 11;
 *   - comment 3: up to 10 digits, modulus 10 (Luhn); Swedbank's 8xxx clearing numbers
 *     may carry a fifth (Luhn) check digit, "8327-9".
 *
 * Clearing numbers outside the table are refused: a payout to a number no bank
 * recognises would come back days later.
 */
import { hasValidLuhn } from './luhn.js';

type Rule = 'type1-1' | 'type1-2' | 'type2-1' | 'type2-2' | 'type2-3';

/** [first, last, rule, bank] — ranges of clearing numbers. */
const RANGES: ReadonlyArray<readonly [number, number, Rule, string]> = [
  [1100, 1199, 'type1-1', 'Nordea'],
  [1200, 1399, 'type1-1', 'Danske Bank'],
  [1400, 2099, 'type1-1', 'Nordea'],
  [2300, 2399, 'type1-2', 'Ålandsbanken'],
  [2400, 2499, 'type1-1', 'Danske Bank'],
  [3000, 3299, 'type1-1', 'Nordea'],
  [3300, 3300, 'type2-1', 'Nordea (personkonto)'],
  [3301, 3399, 'type1-1', 'Nordea'],
  [3400, 3409, 'type1-1', 'Länsförsäkringar Bank'],
  [3410, 3781, 'type1-1', 'Nordea'],
  [3782, 3782, 'type2-1', 'Nordea (personkonto)'],
  [3783, 3999, 'type1-1', 'Nordea'],
  [4000, 4999, 'type1-2', 'Nordea'],
  [5000, 5999, 'type1-1', 'SEB'],
  [6000, 6999, 'type2-2', 'Handelsbanken'],
  [7000, 7999, 'type1-1', 'Swedbank'],
  [8000, 8999, 'type2-3', 'Swedbank'],
  [9020, 9029, 'type1-2', 'Länsförsäkringar Bank'],
  [9040, 9049, 'type1-2', 'Citibank'],
  [9060, 9069, 'type1-1', 'Länsförsäkringar Bank'],
  [9100, 9109, 'type1-2', 'Nordnet Bank'],
  [9120, 9124, 'type1-1', 'SEB'],
  [9130, 9149, 'type1-1', 'SEB'],
  [9150, 9169, 'type1-2', 'Skandiabanken'],
  [9170, 9179, 'type1-1', 'Ikano Bank'],
  [9180, 9189, 'type2-1', 'Danske Bank'],
  [9190, 9199, 'type1-2', 'DNB Bank'],
  [9230, 9239, 'type1-1', 'Marginalen Bank'],
  [9250, 9259, 'type1-1', 'SBAB'],
  [9270, 9279, 'type1-1', 'ICA Banken'],
  [9280, 9289, 'type1-1', 'Resurs Bank'],
  [9300, 9349, 'type2-1', 'Sparbanken Öresund'],
  [9390, 9399, 'type1-2', 'Landshypotek'],
  [9400, 9449, 'type1-1', 'Forex Bank'],
  [9460, 9469, 'type1-1', 'Santander Consumer Bank'],
  [9470, 9479, 'type1-2', 'BNP Paribas'],
  [9500, 9549, 'type2-3', 'Nordea (Plusgirot)'],
  [9550, 9569, 'type1-2', 'Avanza Bank'],
  [9570, 9579, 'type2-1', 'Sparbanken Syd'],
  [9630, 9639, 'type1-1', 'Lån & Spar Bank'],
  [9640, 9649, 'type1-2', 'Nordax Bank'],
  [9660, 9669, 'type1-2', 'Svea Bank'],
  [9670, 9679, 'type1-2', 'JAK Medlemsbank'],
  [9680, 9689, 'type1-1', 'Bluestep Finans'],
  [9700, 9709, 'type1-2', 'Ekobanken'],
  [9750, 9759, 'type1-2', 'Northmill Bank'],
  [9780, 9789, 'type1-2', 'Klarna Bank'],
  [9880, 9889, 'type2-1', 'Riksgälden'],
  [9960, 9969, 'type2-3', 'Nordea (Plusgirot)'],
];

/** Σ digit × weight, weights 1, 2 … 10, 1, 2 … from the right; valid when divisible by 11. */
function mod11(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * ((i % 10) + 1);
  return sum % 11 === 0;
}

export interface SwedishBankAccount {
  /** 4 digits, or 5 for Swedbank's 8xxx-x. */
  clearing: string;
  /** Digits only, as the bank checks them (Handelsbanken 9, type 1 seven, type 2 up to 10). */
  account: string;
  bank: string;
}

/**
 * Parses a clearing number and an account number as people write them ("8327-9",
 * "123 456 789-0", "5402-10 123 45"); null unless the bank's check digits hold.
 */
export function parseSwedishBankAccount(clearingInput: string, accountInput: string): SwedishBankAccount | null {
  const clearing = clearingInput.replace(/[\s-]/g, '');
  const accountRaw = accountInput.replace(/[\s-]/g, '');
  if (!/^\d{4,5}$/.test(clearing) || !/^\d{1,12}$/.test(accountRaw)) return null;
  const four = Number(clearing.slice(0, 4));
  const range = RANGES.find(([first, last]) => four >= first && four <= last);
  if (!range) return null;
  const [, , rule, bank] = range;
  if (clearing.length === 5 && (rule !== 'type2-3' || four < 8000 || !hasValidLuhn(clearing))) return null;
  switch (rule) {
    case 'type1-1':
    case 'type1-2': {
      const account = accountRaw.replace(/^0+(?=\d{7})/, '');
      if (account.length !== 7) return null;
      const checked = rule === 'type1-1' ? clearing.slice(1, 4) + account : clearing.slice(0, 4) + account;
      return mod11(checked) ? { clearing, account, bank } : null;
    }
    case 'type2-1': {
      const account = accountRaw.padStart(10, '0');
      return account.length === 10 && hasValidLuhn(account) ? { clearing, account, bank } : null;
    }
    case 'type2-2': {
      const account = accountRaw.padStart(9, '0');
      return account.length === 9 && mod11(account) ? { clearing, account, bank } : null;
    }
    case 'type2-3': {
      const account = accountRaw.replace(/^0+(?=\d)/, '');
      return account.length >= 2 && account.length <= 10 && hasValidLuhn(account) ? { clearing, account, bank } : null;
    }
  }
}

export function isValidSwedishBankAccount(clearing: string, account: string): boolean {
  return parseSwedishBankAccount(clearing, account) !== null;
}

/** "8327-9, 1234567890" / "6789, 123456789": how statements and pages show it. */
export function formatSwedishBankAccount(a: { clearing: string; account: string }): string {
  const c = a.clearing.length === 5 ? `${a.clearing.slice(0, 4)}-${a.clearing.slice(4)}` : a.clearing;
  return `${c}, ${a.account}`;
}

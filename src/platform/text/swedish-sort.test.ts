import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compareSwedish, normalizeForSearch, swedishSortKey } from './swedish-sort.js';

const collator = new Intl.Collator('sv', { sensitivity: 'base' });
const codeUnitCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorting by key agrees with the collator: same sign, and equal keys exactly when the collator ties. */
function expectSameOrder(a: string, b: string): void {
  const expected = Math.sign(collator.compare(a, b));
  const actual = codeUnitCompare(swedishSortKey(a), swedishSortKey(b));
  if (actual !== expected) {
    throw new Error(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: collator ${expected}, key ${actual}`);
  }
}

const nameFrom = (alphabet: string, maxLength = 12) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((chars) => chars.join(''));

// What business names are made of (the brief's alphabet), weighted towards the letters
// that decide Swedish order.
const realistic = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZåäöÅÄÖéÉüÜvwVWyY0123456789 &-'";
// Everything the key has an explicit rule for.
const extended =
  realistic +
  'æÆøØœŒôÔőűęèêëáàâãçčñšžýÿíìïîúùûóòõßþðđłħĳ' +
  '\t\n\r\u00a0\u202f_\u2010\u2013\u2014,;:!?.\u00b7\u2019\u2018"\u201c\u201d\u00ab\u00bb()[]{}\u00a7@*/\\#%`\u00b4^\u00b0\u00a9\u00ae+<=>|~\u2212$\u00a3\u20ac';

describe('swedishSortKey', () => {
  it('puts å, ä, ö after z, in that order', () => {
    const names = ['Östermalms Kött', 'Zara', 'Åhléns', 'Ärligt Talat', 'Apoteket'];
    expect([...names].sort(compareSwedish)).toEqual(['Apoteket', 'Zara', 'Åhléns', 'Ärligt Talat', 'Östermalms Kött']);
  });

  it('treats é as e, ü as y, æ as ä, ø as ö, and ignores case', () => {
    expect(swedishSortKey('Café')).toBe(swedishSortKey('CAFE'));
    expect(swedishSortKey('Müller')).toBe(swedishSortKey('myller'));
    expect(swedishSortKey('Smørrebrød')).toBe(swedishSortKey('smörrebröd'));
    expect(swedishSortKey('Kæmpe')).toBe(swedishSortKey('kämpe'));
    expect(compareSwedish('Vinbar', 'Wienerkonditoriet')).toBe(-1);
  });

  it('puts spaces and punctuation before digits, digits before letters', () => {
    const names = ['Bageri 2', 'Bageri', 'Bageri & Café', 'Bageriet', 'Bageri-Kafé', 'Bageri 10'];
    expect([...names].sort(compareSwedish)).toEqual([
      'Bageri',
      'Bageri & Café',
      'Bageri 10',
      'Bageri 2',
      'Bageri-Kafé',
      'Bageriet',
    ]);
  });

  it('gives equal keys to canonically equivalent spellings', () => {
    expect(swedishSortKey('A\u030angström')).toBe(swedishSortKey('Ångström'));
    expect(swedishSortKey('a\u0323\u030a')).toBe(swedishSortKey('å'));
  });

  it('ignores invisible characters as ICU does', () => {
    expectSameOrder('Ka\u00adfé', 'Kafe');
    expect(swedishSortKey('Ka\u200bfé')).toBe(swedishSortKey('kafe'));
  });

  it('orders realistic names exactly as Intl.Collator("sv") does', () => {
    fc.assert(
      fc.property(nameFrom(realistic), nameFrom(realistic), (a, b) => expectSameOrder(a, b)),
      { numRuns: 5000 },
    );
  });

  it('keeps the order for names sharing a long prefix', () => {
    const prefix = fc.constantFrom('', 'Café ', 'Åhléns ', 'Ö');
    fc.assert(
      fc.property(prefix, nameFrom(realistic, 4), nameFrom(realistic, 4), (p, a, b) => expectSameOrder(p + a, p + b)),
      { numRuns: 3000 },
    );
  });

  it('agrees with Intl.Collator on every character it has a rule for', () => {
    fc.assert(
      fc.property(nameFrom(extended, 6), nameFrom(extended, 6), (a, b) => expectSameOrder(a, b)),
      { numRuns: 5000 },
    );
    const chars = [...extended];
    for (const a of chars) for (const b of chars) expectSameOrder(a, b);
  });

  it('sorts a list the same way as the collator, up to ties', () => {
    fc.assert(
      fc.property(fc.array(nameFrom(realistic), { maxLength: 30 }), (names) => {
        const sorted = [...names].sort((a, b) => codeUnitCompare(swedishSortKey(a), swedishSortKey(b)));
        for (let i = 1; i < sorted.length; i++) {
          expect(collator.compare(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });

  it('puts other scripts after ö', () => {
    expectSameOrder('Ölkafé', 'Ωmega');
    expect(compareSwedish('Ölkafé', 'Ωmega')).toBe(-1);
  });
});

describe('normalizeForSearch', () => {
  it('folds case and accents but keeps å, ä, ö', () => {
    expect(normalizeForSearch('Café Åkerlund')).toBe('cafe åkerlund');
    expect(normalizeForSearch('MÜLLER & SÖNER')).toBe('muller & söner');
    expect(normalizeForSearch('Crème Brûlée')).toBe('creme brulee');
    expect(normalizeForSearch('HÄR')).toBe('här');
    expect(normalizeForSearch('A\u030angström')).toBe('ångström');
  });

  it('maps Nordic letters and typography', () => {
    expect(normalizeForSearch('Smørrebrød')).toBe('smörrebröd');
    expect(normalizeForSearch('Kæmpe')).toBe('kämpe');
    expect(normalizeForSearch('McDonald’s')).toBe("mcdonald's");
    expect(normalizeForSearch('Bar – Kök')).toBe('bar - kök');
  });

  it('collapses and trims whitespace', () => {
    expect(normalizeForSearch('  Nya\u00a0 Bokhandeln\n\tAB ')).toBe('nya bokhandeln ab');
  });

  it('is idempotent and produces NFC', () => {
    fc.assert(
      fc.property(nameFrom(extended, 20), (text) => {
        const once = normalizeForSearch(text);
        expect(normalizeForSearch(once)).toBe(once);
        expect(once.normalize('NFC')).toBe(once);
      }),
    );
  });
});

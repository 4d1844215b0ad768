import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CP437_HIGH_CODE_POINTS, decodeCp437, parseSie } from '../../../test/sie-reader.js';
import {
  breakageVoucher,
  buildSie4,
  defaultAccounts,
  encodeCp437,
  feeVoucher,
  payoutVoucher,
  redemptionVoucher,
  salesVoucher,
  sponsorPaymentVoucher,
  sponsorReturnVoucher,
  sponsorSharesVoucher,
  sponsorVoucher,
  type BuildSie4Input,
  type SieVoucher,
} from './sie.js';

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

// --- The golden month: March 2025 in Demoköping, every kind of voucher. ---
const GOLDEN = fileURLToPath(new URL('./testdata/sie-demokoping-2025-03.se', import.meta.url));

function buildInput(overrides: Partial<BuildSie4Input> = {}): BuildSie4Input {
  return {
    company: { name: 'Demoköpings Centrumförening', orgNumber: '8024001234' },
    program: { name: 'Torget', version: '0.1.0' },
    generatedAt: new Date('2025-04-01T22:30:00Z'), // 2 April in Stockholm
    fiscalYear: { start: '2025-01-01', end: '2025-12-31' },
    accounts: defaultAccounts,
    series: 'P',
    vouchers: [
      salesVoucher('2025-03-01', { grossOre: 1_250_000, clearing: 'clientFunds' }),
      sponsorVoucher('2025-03-01', { sponsor: 'Fastighetsägarna Demoköping', amountOre: 250_000 }),
      redemptionVoucher('2025-03-03', [
        { name: 'Bokhandeln på Storgatan', amountOre: 45_000 },
        { name: 'Café "Kaffe & Kaka"', amountOre: 12_550 },
        { name: 'Åhléns Östra', amountOre: 80_000 },
      ]),
      // One voucher per event, on request: a card sold over the counter.
      salesVoucher('2025-03-15', { grossOre: 50_000, clearing: 'bank', text: 'Presentkort 4711 sålt i receptionen' }),
      // The property owners pay 1 500 kr of their invoice to the association's bankgiro.
      sponsorPaymentVoucher('2025-03-20', [{ name: 'Fastighetsägarna Demoköping', amountOre: 150_000 }]),
      // Member fee 2.5 % of 1 375,50 kr = 34,3875 → 34,39; VAT 25 % of it 8,5975 → 8,60.
      feeVoucher('2025-03-31', { feeOre: 3_439, feeVatOre: 860 }),
      payoutVoucher('2025-03-31', 137_550 - 3_439 - 860),
      // A campaign card expires with 500 kr on it: the sponsor's half goes back to it, the rest is breakage.
      sponsorReturnVoucher('2025-03-31', [{ name: 'Fastighetsägarna Demoköping', amountOre: 25_000 }]),
      breakageVoucher('2025-03-31', 50_000),
    ],
    ...overrides,
  };
}

const EXPECTED_TEXT = [
  '#FLAGGA 0',
  '#PROGRAM "Torget" "0.1.0"',
  '#FORMAT PC8',
  '#GEN 20250402',
  '#SIETYP 4',
  '#ORGNR 802400-1234',
  '#FNAMN "Demoköpings Centrumförening"',
  '#RAR 0 20250101 20251231',
  '#KPTYP BAS2024',
  '#VALUTA SEK',
  '#KONTO 1510 "Kundfordringar"',
  '#KONTO 1930 "Företagskonto/checkkonto/affärskonto"',
  '#KONTO 1940 "Övriga bankkonton"',
  '#KONTO 2421 "Ej inlösta presentkort"',
  '#KONTO 2440 "Leverantörsskulder"',
  '#KONTO 2611 "Utgående moms på försäljning inom Sverige, 25 %"',
  '#KONTO 3001 "Försäljning inom Sverige, 25 % moms"',
  '#KONTO 3990 "Övriga ersättningar, bidrag och intäkter"',
  '#VER "P" 1 20250301 "Sålda presentkort" 20250402',
  '{',
  '#TRANS 1940 {} 12500.00 20250301',
  '#TRANS 2421 {} -12500.00 20250301',
  '}',
  '#VER "P" 2 20250301 "Sponsorandel Fastighetsägarna Demoköping" 20250402',
  '{',
  '#TRANS 1510 {} 2500.00 20250301 "Fastighetsägarna Demoköping"',
  '#TRANS 2421 {} -2500.00 20250301',
  '}',
  '#VER "P" 3 20250303 "Inlösta presentkort" 20250402',
  '{',
  '#TRANS 2421 {} 1375.50 20250303',
  '#TRANS 2440 {} -450.00 20250303 "Bokhandeln på Storgatan"',
  '#TRANS 2440 {} -125.50 20250303 "Café \\"Kaffe & Kaka\\""',
  '#TRANS 2440 {} -800.00 20250303 "Åhléns Östra"',
  '}',
  '#VER "P" 4 20250315 "Presentkort 4711 sålt i receptionen" 20250402',
  '{',
  '#TRANS 1930 {} 500.00 20250315',
  '#TRANS 2421 {} -500.00 20250315',
  '}',
  '#VER "P" 5 20250320 "Inbetalt av sponsorer" 20250402',
  '{',
  '#TRANS 1930 {} 1500.00 20250320',
  '#TRANS 1510 {} -1500.00 20250320 "Fastighetsägarna Demoköping"',
  '}',
  '#VER "P" 6 20250331 "Avräkningsavgift butiker" 20250402',
  '{',
  '#TRANS 2440 {} 42.99 20250331',
  '#TRANS 3001 {} -34.39 20250331',
  '#TRANS 2611 {} -8.60 20250331',
  '}',
  '#VER "P" 7 20250331 "Utbetalning till butiker" 20250402',
  '{',
  '#TRANS 2440 {} 1332.51 20250331',
  '#TRANS 1940 {} -1332.51 20250331',
  '}',
  '#VER "P" 8 20250331 "Åter till sponsorer" 20250402',
  '{',
  '#TRANS 2421 {} 250.00 20250331',
  '#TRANS 1510 {} -250.00 20250331 "Fastighetsägarna Demoköping"',
  '}',
  '#VER "P" 9 20250331 "Förfallna presentkort" 20250402',
  '{',
  '#TRANS 2421 {} 500.00 20250331',
  '#TRANS 3990 {} -500.00 20250331',
  '}',
  '',
].join('\r\n');

describe('buildSie4: the golden month', () => {
  const bytes = buildSie4(buildInput());

  it('matches the golden file, as text and byte for byte', () => {
    // UPDATE_GOLDEN=1 rewrites it; then read the diff (iconv -f CP437) before committing.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, bytes);
    expect(existsSync(GOLDEN), `missing ${GOLDEN}: run with UPDATE_GOLDEN=1 once`).toBe(true);
    const golden = readFileSync(GOLDEN);
    expect(decodeCp437(bytes)).toBe(decodeCp437(golden));
    expect(Buffer.compare(bytes, golden)).toBe(0);
  });

  it('reads as the SIE 4 file we mean: header, accounts, vouchers, CRLF', () => {
    expect(decodeCp437(bytes)).toBe(EXPECTED_TEXT);
  });

  it('declares every account it books to, and books to no other', () => {
    const { vers, konto } = parseSie(bytes);
    const booked = new Set(vers.flatMap((v) => v.trans.map((t) => t.account)));
    expect([...konto.keys()].sort()).toEqual([...booked].sort());
  });

  it('nets every voucher to 0.00 and keeps the books whole', () => {
    const { vers } = parseSie(bytes);
    expect(vers).toHaveLength(9);
    for (const v of vers) expect(sum(v.trans.map((t) => t.amountOre))).toBe(0n);
    // After the month: the liability is what was sold (incl. the sponsor's share) less
    // what was redeemed, what went back to the sponsor and what expired; the shops are
    // paid in full; the sponsor owes its share less what it paid and what came back.
    const balance = (account: number) => sum(vers.flatMap((v) => v.trans.filter((t) => t.account === account).map((t) => t.amountOre)));
    expect(balance(2421)).toBe(-(1_250_000n + 250_000n + 50_000n - 137_550n - 25_000n - 50_000n));
    expect(balance(2440)).toBe(0n);
    expect(balance(1940)).toBe(1_250_000n - 133_251n);
    expect(balance(1510)).toBe(250_000n - 150_000n - 25_000n);
    expect(balance(1930)).toBe(50_000n + 150_000n);
  });
});

describe('CP437', () => {
  it('encodes å ä ö as 0x86 0x84 0x94 (and Å Ä Ö é É ü Ü per the code page)', () => {
    expect([...encodeCp437('åäö')]).toEqual([0x86, 0x84, 0x94]);
    expect([...encodeCp437('ÅÄÖ')]).toEqual([0x8f, 0x8e, 0x99]);
    expect([...encodeCp437('éÉüÜ')]).toEqual([0x82, 0x90, 0x81, 0x9a]);
  });

  it('writes the company name in CP437 bytes inside the file', () => {
    const bytes = buildSie4(buildInput({ company: { name: 'Gävle Citysamverkan', orgNumber: '802400-1234' } }));
    const line = Buffer.from('#FNAMN "G\x84vle Citysamverkan"\r\n', 'latin1');
    expect(bytes.indexOf(line)).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from('ä', 'utf8'))).toBe(false);
  });

  it('round-trips every character of the code page through our decoder', () => {
    const all = CP437_HIGH_CODE_POINTS.join('');
    expect([...encodeCp437(all)]).toEqual(Array.from({ length: 128 }, (_, i) => 0x80 + i));
    expect(decodeCp437(encodeCp437(all))).toBe(all);
  });

  it('turns what CP437 lacks into one ? each, after composing decomposed letters', () => {
    expect(decodeCp437(encodeCp437('€ 5 😀 ł'))).toBe('? 5 ? ?');
    expect([...encodeCp437('a\u030a')]).toEqual([0x61, 0x3f]); // the raw encoder does not normalise…
    const bytes = buildSie4(buildInput({ company: { name: 'Ma\u0308rsta Centrum', orgNumber: '8024001234' } }));
    expect(decodeCp437(bytes)).toContain('#FNAMN "Märsta Centrum"'); // …but text fields are NFC first
  });
});

describe('quoting', () => {
  const withTexts = (voucherText: string, lineText: string) =>
    buildSie4(buildInput({ vouchers: [redemptionVoucher('2025-03-03', [{ name: lineText, amountOre: 100 }], { text: voucherText })] }));

  it('quotes text with spaces and escapes quotes as \\"', () => {
    const text = decodeCp437(withTexts('Inlösen "vecka 10"', 'Café "Kaffe & Kaka" AB'));
    expect(text).toContain('#VER "P" 1 20250303 "Inlösen \\"vecka 10\\"" 20250402\r\n');
    expect(text).toContain('#TRANS 2440 {} -1.00 20250303 "Café \\"Kaffe & Kaka\\" AB"\r\n');
    const { vers } = parseSie(withTexts('Inlösen "vecka 10"', 'Café "Kaffe & Kaka" AB'));
    expect(vers[0]!.text).toBe('Inlösen "vecka 10"');
    expect(vers[0]!.trans[1]!.text).toBe('Café "Kaffe & Kaka" AB');
  });

  it('keeps a voucher on its lines whatever the text holds: newlines, tabs, braces, backslashes', () => {
    const bytes = withTexts('Rad 1\r\nRad 2\t{x}', 'Butik \\ "}" \\');
    const { vers, records } = parseSie(bytes);
    expect(vers).toHaveLength(1);
    expect(vers[0]!.text).toBe('Rad 1  Rad 2 (x)');
    expect(vers[0]!.trans[1]!.text).toBe('Butik / ")" /');
    expect(records.filter((r) => r[0] === '}')).toHaveLength(1);
  });

  it('straightens typographic quotes and dashes rather than losing them', () => {
    const { vers } = parseSie(withTexts('Vecka 10 – ”Vårrea”', 'Lisa’s'));
    expect(vers[0]!.text).toBe('Vecka 10 - "Vårrea"');
    expect(vers[0]!.trans[1]!.text).toBe("Lisa's");
  });

  it('quotes an empty text as ""', () => {
    expect(decodeCp437(withTexts('', 'x'))).toContain('#VER "P" 1 20250303 "" 20250402');
  });
});

describe('refusals', () => {
  it('refuses a voucher whose lines do not net to zero, naming it', () => {
    const unbalanced: SieVoucher = {
      date: '2025-03-10',
      text: 'Felaktig',
      lines: [
        { account: 'bank', amountOre: 10_000 },
        { account: 'unredeemedCards', amountOre: -9_999 },
      ],
    };
    expect(() => buildSie4(buildInput({ vouchers: [salesVoucher('2025-03-01', { grossOre: 100, clearing: 'bank' }), unbalanced] }))).toThrow(
      /voucher 2 \("Felaktig", 2025-03-10\) does not balance: its lines sum to 0\.01 kr/,
    );
  });

  it('refuses a voucher dated outside the fiscal year, and dates that are not dates', () => {
    expect(() => buildSie4(buildInput({ vouchers: [salesVoucher('2024-12-31', { grossOre: 100, clearing: 'bank' })] }))).toThrow(/outside the fiscal year 2025-01-01 – 2025-12-31/);
    expect(() => buildSie4(buildInput({ vouchers: [salesVoucher('2026-01-01', { grossOre: 100, clearing: 'bank' })] }))).toThrow(/outside the fiscal year/);
    expect(() => buildSie4(buildInput({ vouchers: [salesVoucher('2025-02-29', { grossOre: 100, clearing: 'bank' })] }))).toThrow(/not a date/);
    expect(() => buildSie4(buildInput({ fiscalYear: { start: '2025-12-31', end: '2025-01-01' } }))).toThrow(/starts .* after it ends/);
  });

  it('refuses fractions of an öre, unknown accounts and a malformed organisation number', () => {
    const half: SieVoucher = { date: '2025-03-01', text: 'x', lines: [{ account: 'bank', amountOre: 0.5 }, { account: 'unredeemedCards', amountOre: -0.5 }] };
    expect(() => buildSie4(buildInput({ vouchers: [half] }))).toThrow(/not whole öre/);
    const unknown: SieVoucher = { date: '2025-03-01', text: 'x', lines: [{ account: 6570, amountOre: 100 }, { account: 'bank', amountOre: -100 }] };
    expect(() => buildSie4(buildInput({ vouchers: [unknown] }))).toThrow(/account 6570, which has no name/);
    expect(decodeCp437(buildSie4(buildInput({ vouchers: [unknown], accountNames: { 6570: 'Bankkostnader' } })))).toContain('#KONTO 6570 "Bankkostnader"');
    expect(() => buildSie4(buildInput({ company: { name: 'X', orgNumber: '12345' } }))).toThrow(/ten digits/);
    expect(() => buildSie4(buildInput({ series: 'P 1' }))).toThrow(/series/);
  });
});

describe('vouchers and the account mapping', () => {
  it("books to a city's own accounts when it overrides the mapping", () => {
    const accounts = { ...defaultAccounts, feeRevenue: { number: 3041, name: 'Försäljning tjänst 25% sv' }, clientFunds: { number: 1931, name: 'Klientmedel presentkort' } };
    const text = decodeCp437(buildSie4(buildInput({ accounts })));
    expect(text).toContain('#KONTO 3041 "Försäljning tjänst 25% sv"');
    expect(text).toContain('#TRANS 3041 {} -34.39 20250331');
    expect(text).toContain('#TRANS 1931 {} 12500.00 20250301');
    expect(text).not.toContain('#KONTO 3001');
    expect(text).not.toContain('#KONTO 1940');
  });

  it('leaves out zero lines and skips a voucher with nothing to book, numbering on without gaps', () => {
    const vouchers = [
      feeVoucher('2025-03-02', { feeOre: 0, feeVatOre: 0 }), // a municipality-paid campaign: 0 % fee
      salesVoucher('2025-03-01', { grossOre: 100, clearing: 'bank' }),
      { date: '2025-03-03', text: 'Hand', lines: [{ account: 'bank' as const, amountOre: 0 }, { account: 'breakage' as const, amountOre: 0 }] },
      breakageVoucher('2025-03-04', 5),
    ];
    const { vers } = parseSie(buildSie4(buildInput({ vouchers })));
    expect(vers.map((v) => [v.number, v.date, v.text])).toEqual([
      [1, '20250301', 'Sålda presentkort'],
      [2, '20250304', 'Förfallna presentkort'],
    ]);
    expect(vers.flatMap((v) => v.trans).every((t) => t.amountOre !== 0n)).toBe(true);
  });
});

describe('property: every voucher the helpers build nets to zero, in the file too', () => {
  const date = fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10));
  const ore = fc.integer({ min: -10_000_000_000, max: 10_000_000_000 });
  const name = fc.string({ unit: fc.constantFrom(...'abcåäöÅÄÖé "\\{}\t€😀-'.split(''), 'Kafé', 'AB'), maxLength: 30 });
  const helperVoucher: fc.Arbitrary<SieVoucher> = fc.oneof(
    fc.tuple(date, ore, fc.constantFrom('bank' as const, 'clientFunds' as const)).map(([d, grossOre, clearing]) => salesVoucher(d, { grossOre, clearing })),
    fc.tuple(date, fc.array(fc.record({ name, amountOre: ore }), { maxLength: 8 })).map(([d, per]) => redemptionVoucher(d, per)),
    fc.tuple(date, ore, ore).map(([d, feeOre, feeVatOre]) => feeVoucher(d, { feeOre, feeVatOre })),
    fc.tuple(date, ore, fc.constantFrom('bank' as const, 'clientFunds' as const)).map(([d, total, from]) => payoutVoucher(d, total, { from })),
    fc.tuple(date, ore).map(([d, amount]) => breakageVoucher(d, amount)),
    fc.tuple(date, name, ore).map(([d, sponsor, amountOre]) => sponsorVoucher(d, { sponsor, amountOre })),
    fc.tuple(date, fc.array(fc.record({ name, amountOre: ore }), { maxLength: 4 })).map(([d, per]) => sponsorSharesVoucher(d, per)),
    fc.tuple(date, fc.array(fc.record({ name, amountOre: ore }), { maxLength: 4 }), fc.constantFrom('bank' as const, 'clientFunds' as const)).map(([d, per, to]) => sponsorPaymentVoucher(d, per, { to })),
    fc.tuple(date, fc.array(fc.record({ name, amountOre: ore }), { maxLength: 4 })).map(([d, per]) => sponsorReturnVoucher(d, per)),
  );

  it('holds for any month of events', () => {
    fc.assert(
      fc.property(fc.array(helperVoucher, { maxLength: 25 }), (vouchers) => {
        for (const v of vouchers) expect(sum(v.lines.map((l) => BigInt(l.amountOre)))).toBe(0n);
        const { vers, konto } = parseSie(buildSie4(buildInput({ vouchers })));
        expect(vers).toHaveLength(vouchers.filter((v) => v.lines.length > 0).length);
        vers.forEach((v, i) => {
          expect(v.number).toBe(i + 1);
          expect(v.trans.length).toBeGreaterThanOrEqual(2);
          expect(sum(v.trans.map((t) => t.amountOre))).toBe(0n);
          for (const t of v.trans) expect(konto.has(t.account)).toBe(true);
        });
        // Nothing lost between the helpers and the file: per account, the same öre.
        const perAccount = (pairs: Array<[number, bigint]>) => {
          const m = new Map<number, bigint>();
          for (const [a, x] of pairs) m.set(a, (m.get(a) ?? 0n) + x);
          return m;
        };
        const fromInput = perAccount(vouchers.flatMap((v) => v.lines.map((l) => [defaultAccounts[l.account as keyof typeof defaultAccounts].number, BigInt(l.amountOre)] as [number, bigint])));
        const fromFile = perAccount(vers.flatMap((v) => v.trans.map((t) => [t.account, t.amountOre] as [number, bigint])));
        expect(fromFile).toEqual(fromInput);
      }),
      { numRuns: 200 },
    );
  });
});

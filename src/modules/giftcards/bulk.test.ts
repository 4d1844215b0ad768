import { describe, expect, it } from 'vitest';
import { codesCsv, parseKronor, parseRecipientsCsv, readCsv } from './bulk.js';
import { generateCode, normalizeCode } from './codes.js';
import { defaultProducts, type Product } from './products.js';

const product = (slug: 'presentkort' | 'lunchkuponger'): Product => {
  const p = defaultProducts.find((d) => d.slug === slug)!;
  return { id: 'p', cityId: 'c', isActive: true, createdAt: new Date(), minAmountOre: null, maxAmountOre: null, couponCount: null, couponValueOre: null, priceOre: null, ...p, designs: [...p.designs], acceptedCategories: p.acceptedCategories ? [...p.acceptedCategories] : null, excludedCategories: [] };
};

describe('parseKronor', () => {
  it('reads kronor the way people type them', () => {
    expect(parseKronor('120')).toBe(12_000);
    expect(parseKronor('120,50')).toBe(12_050);
    expect(parseKronor('120.5')).toBe(12_050);
    expect(parseKronor(' 1 200 kr')).toBe(120_000);
    expect(parseKronor('1\u00a0200,05')).toBe(120_005);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', '-5', '12,345', 'tio', '1e3', '12,', ',50']) expect(parseKronor(bad)).toBeNull();
  });
});

describe('recipient lists', () => {
  it('reads semicolons or commas, a BOM, and reports every bad row by its line', () => {
    const csv = '\uFEFFNamn;E-post;Belopp\r\nAnna;Anna@Example.test;500\r\n\r\nBo;bo@;250\r\nCia;cia@example.test;50\r\nDan;dan@example.test;120,50\r\n';
    const { recipients, errors } = parseRecipientsCsv(csv, product('presentkort'));
    expect(recipients).toEqual([]);
    expect(errors).toEqual([
      { row: 4, column: 'e-post', message: expect.stringContaining('ingen giltig e-postadress') },
      { row: 5, column: 'belopp', message: expect.stringContaining('mellan 100 och 5000') },
      { row: 6, column: 'belopp', message: expect.stringContaining('hela kronor') },
    ]);
    const ok = parseRecipientsCsv('namn,e-post,belopp\nAnna,anna@example.test,500\n"Berg, Bo",bo@example.test,"1 000"\n', product('presentkort'));
    expect(ok.errors).toEqual([]);
    expect(ok.recipients).toEqual([
      { name: 'Anna', email: 'anna@example.test', amountOre: 50_000 },
      { name: 'Berg, Bo', email: 'bo@example.test', amountOre: 100_000 },
    ]);
  });

  it('needs the e-mail and amount columns, and lets booklets leave out the amount', () => {
    expect(parseRecipientsCsv('namn;adress\nAnna;x\n', product('presentkort')).errors[0]).toMatchObject({ row: 1, column: 'e-post' });
    const booklets = parseRecipientsCsv('namn;e-post\nAnna;anna@example.test\n', product('lunchkuponger'));
    expect(booklets).toEqual({ recipients: [{ name: 'Anna', email: 'anna@example.test', amountOre: 80_000 }], errors: [] });
    expect(parseRecipientsCsv('namn;e-post;belopp\nAnna;anna@example.test;500\n', product('lunchkuponger')).errors[0]!.message).toContain('fast värde');
  });

  it('counts lines inside quoted fields', () => {
    const { rows } = readCsv('kod;saldo\n"A\nB";1\nC;2\n', { code: ['kod'], balance: ['saldo'] }, ['code']);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });
});

it('writes a file of codes that Excel opens in Swedish', () => {
  const code = generateCode();
  const csv = codesCsv([{ code, faceValueOre: 50_000, expiresAt: new Date('2028-12-11T22:59:59Z') }], 'https://torget.example', 'demo');
  const [header, row] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(header).toBe('kod;belopp;giltig_till;lank');
  const [printed, amount, expires, link] = row!.split(';');
  expect(normalizeCode(printed!)).toBe(code);
  expect([amount, expires]).toEqual(['500', '2028-12-11']);
  expect(link).toBe(`https://torget.example/demo/saldo#${printed}`);
});

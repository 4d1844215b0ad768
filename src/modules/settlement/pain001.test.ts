import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../platform/identity/luhn.js';
import { buildPain001, formatOre, Pain001InputError, payoutCsv, type Pain001Input, type Pain001Payment, type Pain001Version } from './pain001.js';

// --- fixtures ----------------------------------------------------------------------

const VERSIONS: Pain001Version[] = ['001.001.03', '001.001.09'];

/** One payment per account kind, plus a name that needs escaping. Check digits are real. */
function buildInput(overrides: Partial<Pain001Input> = {}): Pain001Input {
  return {
    version: '001.001.03',
    messageId: 'TORGET-DEMO-2026-11',
    // 09:30 in Stockholm (CET, +01:00).
    createdAt: new Date('2026-12-01T08:30:05Z'),
    debtor: { name: 'Demoköpings Centrumförening', orgNumber: '802400-1235', bankgiro: '991-2346', bic: 'SWEDSESS' },
    executionDate: '2026-12-03',
    payments: [
      {
        endToEndId: 'stl-line-0001',
        amountOre: 123456,
        creditor: { name: 'Kaffebaren i Demoköping AB', account: { kind: 'bankgiro', number: '5050-1055' } },
        remittance: 'Avräkning presentkort 2026-11',
      },
      {
        endToEndId: 'stl-line-0002',
        amountOre: 99,
        creditor: { name: 'Åsa & Söner <AB>', account: { kind: 'plusgiro', number: '4 50 02-3' } },
        remittance: 'Avräkning presentkort 2026-11',
      },
      {
        endToEndId: 'stl-line-0003',
        amountOre: 5000000,
        creditor: { name: 'Bokhandeln "Pärmen" HB', account: { kind: 'bank', clearing: '8327-9', account: '123 456 789-0' } },
        remittance: "Avräkning presentkort 2026-11 'november'",
      },
      {
        endToEndId: 'stl-line-0004',
        amountOre: 1,
        creditor: { name: 'Blomsterhandeln Ros AB', account: { kind: 'iban', iban: 'SE45 5000 0000 0583 9825 7466', bic: 'ESSESESS' } },
        remittance: 'Avräkning presentkort 2026-11',
      },
    ],
    ...overrides,
  };
}

function withPayment(overrides: Partial<Pain001Payment>): Pain001Input {
  const input = buildInput();
  return { ...input, payments: [{ ...input.payments[0]!, ...overrides }] };
}

// --- a minimal reader for our own output (elements and text only) --------------------

type XmlNode = { tag: string; children: XmlNode[]; text: string };

function parseXml(xml: string): XmlNode {
  const root: XmlNode = { tag: '#root', children: [], text: '' };
  const stack = [root];
  for (const m of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z][\w.]*)[^>]*?(\/?)>|([^<]+)/g)) {
    const top = stack.at(-1)!;
    if (m[4] !== undefined) {
      top.text += m[4];
    } else if (m[1]) {
      expect(top.tag).toBe(m[2]);
      stack.pop();
    } else {
      const node: XmlNode = { tag: m[2]!, children: [], text: '' };
      top.children.push(node);
      if (!m[3]) stack.push(node);
    }
  }
  expect(stack).toHaveLength(1);
  return root.children[0]!;
}

function textsOf(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
}

/** "1234.56" → 123456n, by string; the test must not share the code under test's arithmetic. */
function decimalToOre(text: string): bigint {
  const m = /^(\d+)\.(\d{2})$/.exec(text);
  expect(m, `amount "${text}" has two decimals and a point`).not.toBeNull();
  return BigInt(m![1]!) * 100n + BigInt(m![2]!);
}

// --- golden files --------------------------------------------------------------------

describe('buildPain001 golden files', () => {
  for (const version of VERSIONS) {
    it(`matches testdata/pain001-${version}.xml byte for byte`, () => {
      const path = fileURLToPath(new URL(`./testdata/pain001-${version}.xml`, import.meta.url));
      const xml = buildPain001(buildInput({ version }));
      // Regenerate deliberately (UPDATE_GOLDEN=1), then read the diff against the spec before committing.
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, xml, 'utf8');
      expect(existsSync(path), `missing golden file ${path}: run once with UPDATE_GOLDEN=1 and review it`).toBe(true);
      const golden = readFileSync(path);
      expect(golden.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'no BOM').toBe(false);
      expect(Buffer.from(xml, 'utf8').equals(golden)).toBe(true);
      expect(xml).toBe(golden.toString('utf8'));
    });
  }

  it('is deterministic: same input, same bytes', () => {
    expect(buildPain001(buildInput())).toBe(buildPain001(buildInput()));
  });
});

// --- structure -------------------------------------------------------------------------

/**
 * The XSD sequences (pain.001.001.03 and .09, ISO 20022) of every element we emit that
 * has children, by element name. Our children must appear in this relative order; the
 * lists are the full sequences, so an element we do not know fails the test too.
 */
const SEQUENCES: Record<Pain001Version, Record<string, string[]>> = {
  '001.001.03': {
    Document: ['CstmrCdtTrfInitn'],
    CstmrCdtTrfInitn: ['GrpHdr', 'PmtInf'],
    GrpHdr: ['MsgId', 'CreDtTm', 'Authstn', 'NbOfTxs', 'CtrlSum', 'InitgPty', 'FwdgAgt'],
    // PartyIdentification32
    InitgPty: ['Nm', 'PstlAdr', 'Id', 'CtryOfRes', 'CtctDtls'],
    Dbtr: ['Nm', 'PstlAdr', 'Id', 'CtryOfRes', 'CtctDtls'],
    Cdtr: ['Nm', 'PstlAdr', 'Id', 'CtryOfRes', 'CtctDtls'],
    OrgId: ['BICOrBEI', 'Othr'],
    // PaymentInstructionInformation3
    PmtInf: [
      'PmtInfId', 'PmtMtd', 'BtchBookg', 'NbOfTxs', 'CtrlSum', 'PmtTpInf', 'ReqdExctnDt', 'PoolgAdjstmntDt', 'Dbtr', 'DbtrAcct',
      'DbtrAgt', 'DbtrAgtAcct', 'UltmtDbtr', 'ChrgBr', 'ChrgsAcct', 'ChrgsAcctAgt', 'CdtTrfTxInf',
    ],
    PmtTpInf: ['InstrPrty', 'SvcLvl', 'LclInstrm', 'CtgyPurp'],
    CtgyPurp: ['Cd', 'Prtry'],
    // CashAccount16
    DbtrAcct: ['Id', 'Tp', 'Ccy', 'Nm'],
    CdtrAcct: ['Id', 'Tp', 'Ccy', 'Nm'],
    // BranchAndFinancialInstitutionIdentification4 / FinancialInstitutionIdentification7
    DbtrAgt: ['FinInstnId', 'BrnchId'],
    CdtrAgt: ['FinInstnId', 'BrnchId'],
    FinInstnId: ['BIC', 'ClrSysMmbId', 'Nm', 'PstlAdr', 'Othr'],
    ClrSysMmbId: ['ClrSysId', 'MmbId'],
    ClrSysId: ['Cd', 'Prtry'],
    // GenericAccountIdentification1 / GenericOrganisationIdentification1
    Othr: ['Id', 'SchmeNm', 'Issr'],
    SchmeNm: ['Cd', 'Prtry'],
    // CreditTransferTransactionInformation10
    CdtTrfTxInf: [
      'PmtId', 'PmtTpInf', 'Amt', 'XchgRateInf', 'ChrgBr', 'ChqInstr', 'UltmtDbtr', 'IntrmyAgt1', 'IntrmyAgt1Acct', 'IntrmyAgt2',
      'IntrmyAgt2Acct', 'IntrmyAgt3', 'IntrmyAgt3Acct', 'CdtrAgt', 'CdtrAgtAcct', 'Cdtr', 'CdtrAcct', 'UltmtCdtr', 'InstrForCdtrAgt',
      'InstrForDbtrAgt', 'Purp', 'RgltryRptg', 'Tax', 'RltdRmtInf', 'RmtInf',
    ],
    PmtId: ['InstrId', 'EndToEndId'],
    Amt: ['InstdAmt', 'EqvtAmt'],
    RmtInf: ['Ustrd', 'Strd'],
  },
  '001.001.09': {
    Document: ['CstmrCdtTrfInitn'],
    CstmrCdtTrfInitn: ['GrpHdr', 'PmtInf', 'SplmtryData'],
    // GroupHeader85
    GrpHdr: ['MsgId', 'CreDtTm', 'Authstn', 'NbOfTxs', 'CtrlSum', 'InitgPty', 'FwdgAgt'],
    // PartyIdentification135
    InitgPty: ['Nm', 'PstlAdr', 'Id', 'CtryOfRes', 'CtctDtls'],
    Dbtr: ['Nm', 'PstlAdr', 'Id', 'CtryOfRes', 'CtctDtls'],
    Cdtr: ['Nm', 'PstlAdr', 'Id', 'CtryOfRes', 'CtctDtls'],
    // OrganisationIdentification29
    OrgId: ['AnyBIC', 'LEI', 'Othr'],
    // PaymentInstruction30
    PmtInf: [
      'PmtInfId', 'PmtMtd', 'BtchBookg', 'NbOfTxs', 'CtrlSum', 'PmtTpInf', 'ReqdExctnDt', 'PoolgAdjstmntDt', 'Dbtr', 'DbtrAcct',
      'DbtrAgt', 'DbtrAgtAcct', 'InstrForDbtrAgt', 'UltmtDbtr', 'ChrgBr', 'ChrgsAcct', 'ChrgsAcctAgt', 'CdtTrfTxInf',
    ],
    PmtTpInf: ['InstrPrty', 'SvcLvl', 'LclInstrm', 'CtgyPurp'],
    CtgyPurp: ['Cd', 'Prtry'],
    // DateAndDateTime2Choice
    ReqdExctnDt: ['Dt', 'DtTm'],
    // CashAccount38
    DbtrAcct: ['Id', 'Tp', 'Ccy', 'Nm', 'Prxy'],
    CdtrAcct: ['Id', 'Tp', 'Ccy', 'Nm', 'Prxy'],
    // BranchAndFinancialInstitutionIdentification6 / FinancialInstitutionIdentification18
    DbtrAgt: ['FinInstnId', 'BrnchId'],
    CdtrAgt: ['FinInstnId', 'BrnchId'],
    FinInstnId: ['BICFI', 'ClrSysMmbId', 'LEI', 'Nm', 'PstlAdr', 'Othr'],
    ClrSysMmbId: ['ClrSysId', 'MmbId'],
    ClrSysId: ['Cd', 'Prtry'],
    Othr: ['Id', 'SchmeNm', 'Issr'],
    SchmeNm: ['Cd', 'Prtry'],
    // CreditTransferTransaction34
    CdtTrfTxInf: [
      'PmtId', 'PmtTpInf', 'Amt', 'XchgRateInf', 'ChrgBr', 'ChqInstr', 'UltmtDbtr', 'IntrmyAgt1', 'IntrmyAgt1Acct', 'IntrmyAgt2',
      'IntrmyAgt2Acct', 'IntrmyAgt3', 'IntrmyAgt3Acct', 'CdtrAgt', 'CdtrAgtAcct', 'Cdtr', 'CdtrAcct', 'UltmtCdtr', 'InstrForCdtrAgt',
      'InstrForDbtrAgt', 'Purp', 'RgltryRptg', 'Tax', 'RltdRmtInf', 'RmtInf', 'SplmtryData',
    ],
    // PaymentIdentification6
    PmtId: ['InstrId', 'EndToEndId', 'UETR'],
    Amt: ['InstdAmt', 'EqvtAmt'],
    RmtInf: ['Ustrd', 'Strd'],
  },
};

/** Id is a choice wrapper in several types (Party, Account); its one child is checked against the parent. */
const ID_CHOICES: Record<string, string[]> = {
  InitgPty: ['OrgId', 'PrvtId'],
  Dbtr: ['OrgId', 'PrvtId'],
  Cdtr: ['OrgId', 'PrvtId'],
  DbtrAcct: ['IBAN', 'Othr'],
  CdtrAcct: ['IBAN', 'Othr'],
};

function assertXsdOrder(node: XmlNode, version: Pain001Version, parent: string | undefined, path: string): void {
  if (node.children.length === 0) return;
  let sequence = SEQUENCES[version][node.tag];
  if (node.tag === 'Id' && parent && ID_CHOICES[parent]) sequence = ID_CHOICES[parent];
  if (node.tag === 'Id' && parent === 'Othr') sequence = []; // Othr/Id is text
  expect(sequence, `${path}: an element with children we have no XSD sequence for`).toBeDefined();
  const positions = node.children.map((c) => sequence!.indexOf(c.tag));
  for (const [i, pos] of positions.entries()) {
    expect(pos, `${path}/${node.children[i]!.tag} is not in the XSD sequence of ${node.tag}`).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(pos, `${path}: ${node.children[i]!.tag} after ${node.children[i - 1]!.tag} breaks the XSD order`).toBeGreaterThanOrEqual(positions[i - 1]!);
  }
  if (sequence === ID_CHOICES[parent ?? '']) expect(node.children).toHaveLength(1);
  for (const child of node.children) assertXsdOrder(child, version, node.tag, `${path}/${child.tag}`);
}

describe('buildPain001 structure', () => {
  for (const version of VERSIONS) {
    it(`${version}: emits elements in XSD sequence order`, () => {
      // Both debtor forms, so both DbtrAcct/DbtrAgt shapes are covered.
      for (const debtor of [buildInput().debtor, { name: 'Förening', orgNumber: '802400-1235', iban: 'SE3550000000054910000003', bic: 'ESSESESS' }]) {
        const doc = parseXml(buildPain001(buildInput({ version, debtor })));
        expect(doc.tag).toBe('Document');
        assertXsdOrder(doc, version, undefined, 'Document');
      }
    });
  }

  it('the order check itself fails on a swapped pair', () => {
    const xml = buildPain001(buildInput()).replace(/<NbOfTxs>4<\/NbOfTxs>\n(\s*)<CtrlSum>([^<]*)<\/CtrlSum>/, '<CtrlSum>$2</CtrlSum>\n$1<NbOfTxs>4</NbOfTxs>');
    expect(() => assertXsdOrder(parseXml(xml), '001.001.03', undefined, 'Document')).toThrow(/breaks the XSD order/);
  });

  it('differs between versions only where the schemas differ', () => {
    const v03 = buildPain001(buildInput({ version: '001.001.03' }));
    const v09 = buildPain001(buildInput({ version: '001.001.09' }));
    expect(v03).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">');
    expect(v09).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">');
    expect(v03).toContain('<ReqdExctnDt>2026-12-03</ReqdExctnDt>');
    expect(v09).toMatch(/<ReqdExctnDt>\s*<Dt>2026-12-03<\/Dt>\s*<\/ReqdExctnDt>/);
    expect(v03).toContain('<BIC>SWEDSESS</BIC>');
    expect(v09).toContain('<BICFI>SWEDSESS</BICFI>');
    expect(v03).not.toContain('BICFI');
  });

  it('writes the group header: id, Stockholm time with offset, count, control sum, initiating party', () => {
    const xml = buildPain001(buildInput());
    expect(textsOf(xml, 'MsgId')).toEqual(['TORGET-DEMO-2026-11']);
    expect(textsOf(xml, 'CreDtTm')).toEqual(['2026-12-01T09:30:05+01:00']);
    expect(textsOf(xml, 'NbOfTxs')).toEqual(['4', '4']);
    expect(textsOf(xml, 'CtrlSum')).toEqual(['51235.56', '51235.56']);
    expect(xml).toMatch(/<InitgPty>\s*<Nm>Demoköpings Centrumförening<\/Nm>\s*<Id>\s*<OrgId>\s*<Othr>\s*<Id>8024001235<\/Id>/);
    // Summer time: +02:00.
    expect(textsOf(buildPain001(buildInput({ createdAt: new Date('2026-07-01T10:00:00Z') })), 'CreDtTm')).toEqual(['2026-07-01T12:00:00+02:00']);
  });

  it('expresses each Swedish account form as the Swedish guide does', () => {
    const xml = buildPain001(buildInput());
    const tx = xml.split('<CdtTrfTxInf>').slice(1);
    const squash = (s: string) => s.replace(/\s+/g, '');
    // Bankgiro: BGNR, Bankgirot's clearing 9900.
    expect(squash(tx[0]!)).toContain('<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>SESBA</Cd></ClrSysId><MmbId>9900</MmbId>');
    expect(squash(tx[0]!)).toContain('<CdtrAcct><Id><Othr><Id>50501055</Id><SchmeNm><Prtry>BGNR</Prtry></SchmeNm></Othr></Id></CdtrAcct>');
    // Plusgiro: BBAN, PlusGirot's clearing 9960.
    expect(squash(tx[1]!)).toContain('<MmbId>9960</MmbId>');
    expect(squash(tx[1]!)).toContain('<CdtrAcct><Id><Othr><Id>450023</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id></CdtrAcct>');
    // Bank account: clearing + account as BBAN; clearing member = 4-digit clearing number.
    expect(squash(tx[2]!)).toContain('<MmbId>8327</MmbId>');
    expect(squash(tx[2]!)).toContain('<Othr><Id>832791234567890</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr>');
    // IBAN (spaces removed) with the BIC as creditor agent.
    expect(squash(tx[3]!)).toContain('<CdtrAgt><FinInstnId><BIC>ESSESESS</BIC></FinInstnId></CdtrAgt>');
    expect(squash(tx[3]!)).toContain('<CdtrAcct><Id><IBAN>SE4550000000058398257466</IBAN></Id></CdtrAcct>');
    // Debtor: its bankgiro, SEK, category purpose SUPP, amounts in SEK.
    expect(squash(xml)).toContain('<DbtrAcct><Id><Othr><Id>9912346</Id><SchmeNm><Prtry>BGNR</Prtry></SchmeNm></Othr></Id><Ccy>SEK</Ccy></DbtrAcct>');
    expect(squash(xml)).toContain('<PmtTpInf><CtgyPurp><Cd>SUPP</Cd></CtgyPurp></PmtTpInf>');
    expect(textsOf(xml, 'InstdAmt')).toEqual(['1234.56', '0.99', '50000.00', '0.01']);
    expect(xml.match(/<InstdAmt Ccy="SEK">/g)).toHaveLength(4);
  });

  it('leaves out the creditor agent for an IBAN without BIC, and uses SESBA 9900 for a bankgiro debtor without BIC', () => {
    const xml = buildPain001({
      ...withPayment({ creditor: { name: 'X AB', account: { kind: 'iban', iban: 'SE4550000000058398257466' } } }),
      debtor: { name: 'Förening', orgNumber: '802400-1235', bankgiro: '9912346' },
    });
    expect(xml).not.toContain('<CdtrAgt>');
    expect(xml.replace(/\s+/g, '')).toContain('<DbtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>SESBA</Cd></ClrSysId><MmbId>9900</MmbId></ClrSysMmbId></FinInstnId></DbtrAgt>');
  });
});

// --- escaping and text ----------------------------------------------------------------

describe('buildPain001 text', () => {
  it('escapes & < > " \' in names and references', () => {
    const xml = buildPain001(buildInput());
    expect(xml).toContain('<Nm>Åsa &amp; Söner &lt;AB&gt;</Nm>');
    expect(xml).toContain('<Nm>Bokhandeln &quot;Pärmen&quot; HB</Nm>');
    expect(xml).toContain('<Ustrd>Avräkning presentkort 2026-11 &apos;november&apos;</Ustrd>');
    expect(xml).not.toContain('Åsa & Söner');
    // Round trip: the reader gets the original text back.
    const names = textsOf(xml, 'Nm').map((s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
    expect(names).toContain('Åsa & Söner <AB>');
  });

  it('escapes in identifiers too', () => {
    const xml = buildPain001(withPayment({ endToEndId: 'a&b<c>' }));
    expect(xml).toContain('<EndToEndId>a&amp;b&lt;c&gt;</EndToEndId>');
  });

  it('cuts names to 70 characters (counting å as one), and keeps ids and references whole', () => {
    const long = `Å${'x'.repeat(80)}`;
    const xml = buildPain001(withPayment({ creditor: { name: long, account: { kind: 'bankgiro', number: '5050-1055' } } }));
    const name = textsOf(xml, 'Nm')[2]!;
    expect(Array.from(name)).toHaveLength(70);
    expect(long.startsWith(name)).toBe(true);
    // Decomposed å (a + U+030A) counts as one after NFC.
    const decomposed = buildPain001(withPayment({ creditor: { name: 'a\u030Asa', account: { kind: 'bankgiro', number: '5050-1055' } } }));
    expect(decomposed).toContain('<Nm>åsa</Nm>');
  });

  it('replaces control characters (not allowed in XML 1.0) with spaces', () => {
    const xml = buildPain001(withPayment({ remittance: 'rad 1\nrad 2\u0007' }));
    expect(xml).toContain('<Ustrd>rad 1 rad 2</Ustrd>');
  });

  it('writes UTF-8 without a BOM, starting with the XML declaration', () => {
    const xml = buildPain001(buildInput());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Document')).toBe(true);
    expect(xml.charCodeAt(0)).not.toBe(0xfeff);
  });
});

// --- money ------------------------------------------------------------------------------

describe('money', () => {
  it('formats öre exactly', () => {
    expect(formatOre(123456)).toBe('1234.56');
    expect(formatOre(1)).toBe('0.01');
    expect(formatOre(100)).toBe('1.00');
    expect(formatOre(10n ** 12n)).toBe('10000000000.00');
    expect(formatOre(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it('control sums equal the sum of the amounts, to the öre, for random runs (amounts up to 10^12 öre)', () => {
    const accounts: Pain001Payment['creditor']['account'][] = [
      { kind: 'bankgiro', number: '5050-1055' },
      { kind: 'plusgiro', number: '450023' },
      { kind: 'bank', clearing: '6000', account: '123456789' },
      { kind: 'iban', iban: 'SE4550000000058398257466' },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...VERSIONS),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1e12 }), fc.nat({ max: 3 })), { minLength: 1, maxLength: 60 }),
        (version, lines) => {
          const payments = lines.map(([amountOre, k], i) => ({
            endToEndId: `line-${i}`,
            amountOre,
            creditor: { name: `Butik ${i}`, account: accounts[k]! },
            remittance: 'Avräkning',
          }));
          const xml = buildPain001(buildInput({ version, payments }));
          const expected = lines.reduce((sum, [amount]) => sum + BigInt(amount), 0n);
          const amounts = textsOf(xml, 'InstdAmt').map(decimalToOre);
          expect(amounts).toEqual(lines.map(([amount]) => BigInt(amount)));
          const sums = textsOf(xml, 'CtrlSum').map(decimalToOre);
          expect(sums).toEqual([expected, expected]);
          expect(amounts.reduce((a, b) => a + b, 0n)).toBe(expected);
          expect(textsOf(xml, 'NbOfTxs')).toEqual([String(lines.length), String(lines.length)]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adds where floats would drift (0.1 + 0.2 kr)', () => {
    const input = buildInput();
    const xml = buildPain001({ ...input, payments: [{ ...input.payments[0]!, amountOre: 10 }, { ...input.payments[1]!, amountOre: 20 }] });
    expect(textsOf(xml, 'CtrlSum')).toEqual(['0.30', '0.30']);
  });
});

// --- refusals -----------------------------------------------------------------------------

describe('buildPain001 refuses what it cannot carry', () => {
  const refuses = (input: Pain001Input, field: string | RegExp) => {
    let error: unknown;
    try {
      buildPain001(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Pain001InputError);
    expect((error as Pain001InputError).field).toMatch(field);
    return error as Pain001InputError;
  };

  it('an empty payment list', () => {
    refuses(buildInput({ payments: [] }), 'payments');
  });

  it('non-integer, zero, negative, unsafe and non-number amounts', () => {
    for (const amountOre of [12.5, 0, -100, Number.NaN, Infinity, 2 ** 53, '100' as unknown as number]) {
      refuses(withPayment({ amountOre }), 'payments[0].amountOre');
    }
  });

  it('bankgiro and plusgiro numbers with a wrong check digit', () => {
    const e = refuses(withPayment({ creditor: { name: 'X', account: { kind: 'bankgiro', number: '5050-1056' } } }), 'payments[0].creditor.account.number');
    expect(e.message).toMatch(/bankgiro/);
    refuses(withPayment({ creditor: { name: 'X', account: { kind: 'plusgiro', number: '4 50 02-4' } } }), 'payments[0].creditor.account.number');
    refuses(buildInput({ debtor: { ...buildInput().debtor, bankgiro: '991-2345' } }), 'debtor.bankgiro');
  });

  it('a bad IBAN, BIC, clearing number or organisation number', () => {
    refuses(withPayment({ creditor: { name: 'X', account: { kind: 'iban', iban: 'SE4650000000058398257466' } } }), /iban$/);
    refuses(withPayment({ creditor: { name: 'X', account: { kind: 'iban', iban: 'SE4550000000058398257466', bic: 'ESSE' } } }), /bic$/);
    refuses(withPayment({ creditor: { name: 'X', account: { kind: 'bank', clearing: '123', account: '1234567' } } }), /clearing$/);
    refuses(withPayment({ creditor: { name: 'X', account: { kind: 'bank', clearing: '6000', account: '12345678901' } } }), /account$/);
    refuses(buildInput({ debtor: { ...buildInput().debtor, orgNumber: '802400-1234' } }), 'debtor.orgNumber');
  });

  it('a debtor without an account, or with an IBAN but no BIC', () => {
    refuses(buildInput({ debtor: { name: 'F', orgNumber: '802400-1235' } }), 'debtor');
    refuses(buildInput({ debtor: { name: 'F', orgNumber: '802400-1235', iban: 'SE3550000000054910000003' } }), 'debtor.bic');
  });

  it('ids over 35 characters, empty ids and duplicate end-to-end ids', () => {
    refuses(buildInput({ messageId: 'M'.repeat(36) }), 'messageId');
    refuses(buildInput({ messageId: ' ' }), 'messageId');
    refuses(withPayment({ endToEndId: 'E'.repeat(36) }), 'payments[0].endToEndId');
    const input = buildInput();
    refuses({ ...input, payments: [input.payments[0]!, { ...input.payments[1]!, endToEndId: input.payments[0]!.endToEndId }] }, 'payments[1].endToEndId');
    expect(() => buildPain001(buildInput({ messageId: 'M'.repeat(35) }))).not.toThrow();
  });

  it('references over 140 characters, empty names, bad dates and versions', () => {
    refuses(withPayment({ remittance: 'r'.repeat(141) }), 'payments[0].remittance');
    refuses(withPayment({ creditor: { name: '  ', account: { kind: 'bankgiro', number: '5050-1055' } } }), 'payments[0].creditor.name');
    refuses(buildInput({ executionDate: '2026-02-30' }), 'executionDate');
    refuses(buildInput({ createdAt: new Date('nope') }), 'createdAt');
    refuses(buildInput({ version: '001.001.02' as Pain001Version }), 'version');
  });
});

// --- CSV -----------------------------------------------------------------------------------

describe('payoutCsv', () => {
  it('has a BOM, the header, one row per payment, amounts as 1234.56, CRLF', () => {
    const csv = payoutCsv(buildInput());
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'mottagare;konto;belopp;referens',
      'Kaffebaren i Demoköping AB;Bankgiro 5050-1055;1234.56;Avräkning presentkort 2026-11',
      'Åsa & Söner <AB>;Plusgiro 45002-3;0.99;Avräkning presentkort 2026-11',
      '"Bokhandeln ""Pärmen"" HB";Konto 8327-9 1234567890;50000.00;Avräkning presentkort 2026-11 \'november\'',
      'Blomsterhandeln Ros AB;IBAN SE45 5000 0000 0583 9825 7466;0.01;Avräkning presentkort 2026-11',
      '',
    ]);
  });

  it('quotes separators and defuses formulas', () => {
    const csv = payoutCsv(withPayment({ creditor: { name: '=HYPERLINK("x")', account: { kind: 'bankgiro', number: '5050-1055' } }, remittance: 'a;b' }));
    expect(csv).toContain(`"'=HYPERLINK(""x"")";Bankgiro 5050-1055;1234.56;"a;b"`);
  });

  it('totals the same as the pain.001 control sum', () => {
    const input = buildInput();
    const csvTotal = payoutCsv(input)
      .slice(1)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((row) => decimalToOre(row.match(/;(\d+\.\d{2});/)![1]!))
      .reduce((a, b) => a + b, 0n);
    expect(formatOre(csvTotal)).toBe(textsOf(buildPain001(input), 'CtrlSum')[0]);
  });

  it('refuses the same input buildPain001 refuses', () => {
    expect(() => payoutCsv(buildInput({ payments: [] }))).toThrow(Pain001InputError);
  });

  it('says, with the settlement lines given, how each amount came about tier by tier', () => {
    const input = buildInput({ payments: buildInput().payments.slice(0, 2) });
    const details = [
      // 1 234,56 paid = 1 300,00 − 40,00 + 0 − 20,35 fee − 5,09 VAT (a member and a 0 % campaign)
      { redeemedOre: 130_000, reversedOre: 4_000, carriedInOre: 0, feeOre: 2_035, feeVatOre: 509, fees: [
        { label: 'Medlem', feeBp: 250, baseOre: 81_400, feeOre: 2_035, feeVatOre: 509 },
        { label: 'Kampanj Lunch; kommunen', feeBp: 0, baseOre: 44_600, feeOre: 0, feeVatOre: 0 },
      ] },
      // 0,99 paid after a carried debt; a refunded fee is negative
      { redeemedOre: 1_000, reversedOre: 2_000, carriedInOre: -500, feeOre: -50, feeVatOre: -13, fees: [{ label: 'Ej medlem', feeBp: 500, baseOre: -1_000, feeOre: -50, feeVatOre: -13 }] },
    ];
    const rows = payoutCsv(input, details).slice(1).split('\r\n');
    expect(rows[0]).toBe('mottagare;konto;belopp;referens;inlöst;ångrat;från förra avräkningen;avgift;moms på avgiften;avgift per nivå');
    expect(rows[1]).toBe('Kaffebaren i Demoköping AB;Bankgiro 5050-1055;1234.56;Avräkning presentkort 2026-11;1300.00;40.00;0.00;20.35;5.09;"Medlem 2.5 %: underlag 814.00, avgift 20.35, moms 5.09 | Kampanj Lunch; kommunen 0 %: underlag 446.00, avgift 0.00, moms 0.00"');
    expect(rows[2]).toBe('Åsa & Söner <AB>;Plusgiro 45002-3;0.99;Avräkning presentkort 2026-11;10.00;20.00;-5.00;-0.50;-0.13;Ej medlem 5 %: underlag -10.00, avgift -0.50, moms -0.13');
    expect(() => payoutCsv(input, details.slice(0, 1))).toThrow(Pain001InputError);
  });
});

// --- well-formedness ------------------------------------------------------------------------

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint) console.warn('[pain001] xmllint not found (apt-get install libxml2-utils): well-formedness check skipped');

describe('well-formedness (xmllint)', () => {
  for (const version of VERSIONS) {
    it.skipIf(!hasXmllint)(`${version} output parses as XML`, () => {
      const payments = [...buildInput().payments, ...[0, 1].map((i) => ({ ...buildInput().payments[1]!, endToEndId: `x-${i}`, remittance: `<&>"' ${'ö'.repeat(100)}` }))];
      const result = spawnSync('xmllint', ['--noout', '-'], { input: buildPain001(buildInput({ version, payments })), encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    });
  }
});

// Keep the fixture honest: the check digits in it are real.
describe('fixture', () => {
  it('uses numbers whose check digits hold', () => {
    expect(luhnCheckDigit('802400123')).toBe(5);
    expect(luhnCheckDigit('991234')).toBe(6);
    expect(luhnCheckDigit('5050105')).toBe(5);
    expect(luhnCheckDigit('45002')).toBe(3);
  });
});

/**
 * Reading a SIE 4 file back, for tests: our own CP437 decoder (from the code page's
 * published table, independent of the encoder's), a tokenizer for SIE records and a
 * parser of #KONTO and #VER/#TRANS that checks the structure as it goes.
 */
import { expect } from 'vitest';

// --- A decoder of our own, from the code page's published table (Unicode's CP437.TXT,
// bytes 0x80–0xFF as code points), independent of the encoder's table. ---
export const CP437_HIGH_CODE_POINTS = (
  '00c7 00fc 00e9 00e2 00e4 00e0 00e5 00e7 00ea 00eb 00e8 00ef 00ee 00ec 00c4 00c5 ' +
  '00c9 00e6 00c6 00f4 00f6 00f2 00fb 00f9 00ff 00d6 00dc 00a2 00a3 00a5 20a7 0192 ' +
  '00e1 00ed 00f3 00fa 00f1 00d1 00aa 00ba 00bf 2310 00ac 00bd 00bc 00a1 00ab 00bb ' +
  '2591 2592 2593 2502 2524 2561 2562 2556 2555 2563 2551 2557 255d 255c 255b 2510 ' +
  '2514 2534 252c 251c 2500 253c 255e 255f 255a 2554 2569 2566 2560 2550 256c 2567 ' +
  '2568 2564 2565 2559 2558 2552 2553 256b 256a 2518 250c 2588 2584 258c 2590 2580 ' +
  '03b1 00df 0393 03c0 03a3 03c3 00b5 03c4 03a6 0398 03a9 03b4 221e 03c6 03b5 2229 ' +
  '2261 00b1 2265 2264 2320 2321 00f7 2248 00b0 2219 00b7 221a 207f 00b2 25a0 00a0'
)
  .split(' ')
  .map((hex) => String.fromCodePoint(parseInt(hex, 16)));

export function decodeCp437(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH_CODE_POINTS[b - 0x80];
  return text;
}

// --- A tiny SIE reader: one record a line, fields split on blanks, a quoted field
// runs to the next unescaped quote (\" inside), {…} is one field. ---
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && line[i + 1] === '"') i++;
        value += line[i];
        i++;
      }
      if (line[i] !== '"') throw new Error(`Unterminated string in: ${line}`);
      i++;
      tokens.push(value);
    } else if (c === '{') {
      // A voucher's opening brace stands alone on its line; an object list closes on it.
      const close = line.indexOf('}', i);
      const end = close < 0 ? i + 1 : close + 1;
      tokens.push(line.slice(i, end));
      i = end;
    } else {
      let j = i;
      while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export interface ParsedVer {
  series: string;
  number: number;
  date: string;
  text: string;
  regDate: string;
  trans: Array<{ account: number; amountOre: bigint; date: string; text: string | undefined }>;
}

export function parseSie(bytes: Uint8Array): { records: string[][]; vers: ParsedVer[]; konto: Map<number, string> } {
  const text = decodeCp437(bytes);
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.slice(0, -2).split('\r\n');
  for (const line of lines) expect(line).not.toMatch(/[\r\n]/); // CRLF only, no bare CR or LF
  const records: string[][] = [];
  const vers: ParsedVer[] = [];
  const konto = new Map<number, string>();
  let open: ParsedVer | null = null;
  let inBlock = false;
  for (const line of lines) {
    const t = tokenize(line);
    records.push(t);
    if (t[0] === '#KONTO') konto.set(Number(t[1]), t[2]!);
    else if (t[0] === '#VER') {
      open = { series: t[1]!, number: Number(t[2]), date: t[3]!, text: t[4]!, regDate: t[5]!, trans: [] };
      vers.push(open);
    } else if (t[0] === '{') {
      expect(open).not.toBeNull();
      inBlock = true;
    } else if (t[0] === '}') {
      inBlock = false;
      open = null;
    } else if (t[0] === '#TRANS') {
      expect(inBlock).toBe(true);
      expect(t[2]).toBe('{}');
      expect(t[3]).toMatch(/^-?\d+\.\d{2}$/);
      const [kr, ore] = t[3]!.replace('-', '').split('.') as [string, string];
      const magnitude = BigInt(kr) * 100n + BigInt(ore);
      open!.trans.push({ account: Number(t[1]), amountOre: t[3]!.startsWith('-') ? -magnitude : magnitude, date: t[4]!, text: t[5] });
    }
  }
  return { records, vers, konto };
}

/** Each account's balance over all vouchers of one or more files, öre (debit positive). */
export function accountBalances(...files: Array<{ vers: ParsedVer[] }>): Map<number, bigint> {
  const balances = new Map<number, bigint>();
  for (const file of files) for (const v of file.vers) for (const t of v.trans) balances.set(t.account, (balances.get(t.account) ?? 0n) + t.amountOre);
  return balances;
}

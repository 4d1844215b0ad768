/**
 * Gift card codes: 19 random symbols (95 bits from `crypto`) in Crockford's base-32
 * alphabet — no I, L, O or U, so nothing is misread aloud — plus a Luhn mod 32 check
 * symbol, shown in five groups of four: `K7QM-3XPA-9D2F-HW4T-B6NC`.
 *
 * The database never holds a usable code: it stores an HMAC for look-up and an
 * AES-256-GCM copy (for resending and exit exports), both under keys derived from a
 * master key kept outside the database. Stealing the database alone reveals nothing.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_SYMBOLS = 19;
export const CODE_LENGTH = RANDOM_SYMBOLS + 1;
/** log2(32) × 19: the entropy a guesser faces. */
export const CODE_ENTROPY_BITS = RANDOM_SYMBOLS * 5;

const valueOf = new Map([...CODE_ALPHABET].map((ch, i) => [ch, i]));

/** Luhn mod N over the alphabet: catches every single wrong symbol and most swaps. */
export function checkSymbol(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const value = valueOf.get(body[i]!);
    if (value === undefined) throw new Error(`not a code symbol: ${body[i]}`);
    const addend = factor * value;
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return CODE_ALPHABET[(32 - (sum % 32)) % 32]!;
}

export function generateCode(): string {
  let body = '';
  for (let i = 0; i < RANDOM_SYMBOLS; i++) body += CODE_ALPHABET[randomInt(32)];
  return body + checkSymbol(body);
}

/**
 * What people type or scan, made canonical: case, spaces and dashes do not matter;
 * O reads as 0 and I/L as 1 (Crockford). Null when it cannot be a code.
 */
export function normalizeCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_LENGTH || [...cleaned].some((ch) => !valueOf.has(ch))) return null;
  return checkSymbol(cleaned.slice(0, -1)) === cleaned.slice(-1) ? cleaned : null;
}

export const formatCode = (code: string): string => code.match(/.{1,4}/g)!.join('-');

/** What lists and receipts show: only the last group. */
export const maskCode = (code: string): string => `••••-••••-••••-••••-${code.slice(-4)}`;

export interface CodeKeys {
  hmacKey: Buffer;
  encryptionKey: Buffer;
}

/** Separate keys for look-up and encryption, derived from one master key. */
export function deriveCodeKeys(master: Buffer): CodeKeys {
  if (master.length !== 32) throw new Error('the code master key must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { hmacKey: derive('torget giftcard code lookup'), encryptionKey: derive('torget giftcard code encryption') };
}

export const lookupHash = (keys: CodeKeys, code: string): string => createHmac('sha256', keys.hmacKey).update(code).digest('hex');

export function encryptCode(keys: CodeKeys, code: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

export function decryptCode(keys: CodeKeys, stored: string): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

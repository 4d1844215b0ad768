/**
 * The exit plan: everything a receiving provider needs to keep an association's cards
 * working — every live card with its balance, validity and product, and its code
 * encrypted to the receiver's public key (RSA-OAEP wrapping a per-file AES-256-GCM key),
 * so the file is useless to anyone else who gets hold of it.
 */
import { constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import type { Ledger } from '../../platform/ledger/index.js';
import { decryptCode, formatCode, type CodeKeys } from './codes.js';
import { accounts } from './ports.js';
import { giftcardProducts, giftcards } from './schema.js';

export interface ExitCard {
  id: string;
  product: string;
  status: string;
  balanceOre: number;
  couponValueOre: number | null;
  expiresAt: string;
  /** base64 of iv (12) | tag (16) | ciphertext, under the file's data key. */
  encryptedCode: string;
  last4: string;
}

export interface ExitFile {
  format: 'torget-exit-1';
  cityId: string;
  generatedAt: string;
  /** The file's AES-256-GCM data key, RSA-OAEP (SHA-256) encrypted to the receiver. */
  wrappedKey: string;
  cards: ExitCard[];
  totals: { cards: number; balanceOre: number };
}

export async function buildExitExport(deps: { db: Db; ledger: Ledger; keys: CodeKeys }, cityId: string, receiverPublicKeyPem: string, now: Date): Promise<ExitFile> {
  const dataKey = randomBytes(32);
  const wrappedKey = publicEncrypt({ key: receiverPublicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, dataKey).toString('base64');
  const rows = await deps.db
    .select({ card: giftcards, product: giftcardProducts.slug })
    .from(giftcards)
    .innerJoin(giftcardProducts, eq(giftcardProducts.id, giftcards.productId))
    .where(and(eq(giftcards.cityId, cityId), inArray(giftcards.status, ['active', 'pending'])));
  const cards: ExitCard[] = [];
  for (const { card, product } of rows) {
    const balanceOre = await deps.ledger.balance(deps.db, cityId, accounts.card(card.id));
    const code = formatCode(decryptCode(deps.keys, card.codeEncrypted));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    const ciphertext = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    cards.push({
      id: card.id,
      product,
      status: card.status,
      balanceOre,
      couponValueOre: card.couponValueOre,
      expiresAt: card.expiresAt.toISOString(),
      encryptedCode: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64'),
      last4: card.codeLast4,
    });
  }
  return { format: 'torget-exit-1', cityId, generatedAt: now.toISOString(), wrappedKey, cards, totals: { cards: cards.length, balanceOre: cards.reduce((sum, c) => sum + c.balanceOre, 0) } };
}

/** What the receiver runs (and our tests): the codes back, with its private key. */
export function openExitExport(file: ExitFile, receiverPrivateKeyPem: string): Array<{ id: string; code: string; balanceOre: number }> {
  const dataKey = privateDecrypt({ key: receiverPrivateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(file.wrappedKey, 'base64'));
  return file.cards.map((c) => {
    const raw = Buffer.from(c.encryptedCode, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', dataKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return { id: c.id, code: Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'), balanceOre: c.balanceOre };
  });
}

/** The same cards as CSV (without codes) for a spreadsheet check of the totals. */
export function exitCsv(file: ExitFile): string {
  const lines = ['kort;produkt;status;saldo_ore;giltig_till;sista_fyra'];
  for (const c of file.cards) lines.push([c.id, c.product, c.status, c.balanceOre, c.expiresAt.slice(0, 10), c.last4].join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

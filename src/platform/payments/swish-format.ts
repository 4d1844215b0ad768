/**
 * Swish's field formats, as its Commerce API documents them:
 * - message: at most 50 characters of a-ö, A-Ö, 0-9 and :;.,?!()-" (and space);
 * - payeePaymentReference: 1–35 characters of a-z A-Z 0-9 and - _ . + * / ;
 * - payerAlias: the payer's number with country code and no leading zero, 8–15 digits.
 */
import { normalizeSwedishPhone } from '../identity/phone.js';

const messageAllowed = /[^a-zA-Z0-9åäöÅÄÖ:;.,?!()"\- ]/g;

/** Makes any text a valid Swish message: accents folded (é → e), other characters dropped, ≤ 50 characters. */
export function sanitizeSwishMessage(text: string): string {
  const folded = Array.from(text.normalize('NFC'), (c) => (/[åäöÅÄÖ]/.test(c) ? c : c.normalize('NFD').replace(/[\u0300-\u036f]/g, '')))
    .join('')
    .replace(/[–—]/g, '-')
    .replace(/[“”„]/g, '"')
    .replace(/\s+/g, ' ');
  return folded.replace(messageAllowed, '').replace(/ {2,}/g, ' ').trim().slice(0, 50).trim();
}

/** An order id as Swish's payeePaymentReference: allowed characters only (a UUID loses its hyphens), ≤ 35. */
export function swishPayeePaymentReference(orderId: string): string {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(orderId);
  const cleaned = uuid ? orderId.replace(/-/g, '') : orderId.replace(/[^a-zA-Z0-9\-_.+*/]/g, '');
  return cleaned.slice(0, 35);
}

/** "070-123 45 67" → "46701234567"; a foreign number keeps its digits (Swish decides: BE18). */
export function normalizeSwishPayerAlias(input: string): string {
  const swedish = normalizeSwedishPhone(input);
  if (swedish) return swedish.slice(1);
  return input.replace(/\D/g, '').replace(/^00/, '');
}

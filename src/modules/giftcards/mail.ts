/**
 * The e-mail that carries a card. It is rendered when the outbox sends it, from the
 * encrypted code, so no code ever rests in the outbox table or a log.
 */
import type { OutboxMessage } from '../../platform/messaging/outbox.js';
import { formatDateLong, formatOre } from '../../platform/i18n/format.js';
import { formatCode } from './codes.js';
import type { GiftcardService } from './service.js';
import { renderCardPdf } from './card-pdf.js';

export interface CityInfo {
  slug: string;
  name: string;
  associationName: string;
  primaryColor?: string;
}

/** The link on the card: the code travels in the fragment (#…), which browsers never send to a server. */
export const balanceLink = (publicUrl: string, citySlug: string, code: string) => `${publicUrl}/${citySlug}/saldo#${formatCode(code)}`;

export function createCardMailRenderer(deps: { giftcards: GiftcardService; cityOf: (cityId: string) => Promise<CityInfo | null>; publicUrl: string }) {
  return async (message: OutboxMessage) => {
    const cardId = message.meta.cardId;
    if (typeof cardId !== 'string') return null;
    const revealed = await deps.giftcards.revealCode(cardId);
    if (!revealed || !message.cityId) return null;
    const city = await deps.cityOf(message.cityId);
    if (!city) return null;
    const { card, code, view } = revealed;
    const value = view.couponsLeft !== null ? `${view.couponsLeft} kuponger à ${formatOre(view.couponValueOre!, 'sv')}` : formatOre(view.balanceOre, 'sv');
    const lines = [
      card.recipientName ? `Hej ${card.recipientName}!` : 'Hej!',
      '',
      `Här är ditt ${view.productName.toLowerCase()} från ${city.name}: ${value}.`,
      card.message ? `\nHälsning: ”${card.message}”\n` : '',
      `Kod: ${formatCode(code)}`,
      `Giltigt till och med ${formatDateLong(card.expiresAt, 'sv', { withYear: true, withWeekday: false })}.`,
      '',
      `Visa koden (eller QR-koden på det bifogade kortet) i kassan hos företagen som tar emot kortet. Saldo och kort: ${balanceLink(deps.publicUrl, city.slug, code)}`,
      '',
      'Presentkortet är en flerfunktionsvoucher: ingen moms vid köpet, företaget redovisar momsen när kortet används.',
      '',
      `Hälsningar, ${city.associationName}`,
    ];
    const pdf = await renderCardPdf({ card, code, view, city: { ...city, primaryColor: city.primaryColor ?? '#0b5d4b' }, publicUrl: deps.publicUrl, createdAt: card.createdAt });
    return {
      subject: `Ditt presentkort från ${city.name}`,
      text: lines.filter((l) => l !== '').join('\n').replace(/\n{3,}/g, '\n\n') + '\n\nKortet finns också som PDF att skriva ut (bifogad).',
      attachments: [{ filename: `presentkort-${city.slug}.pdf`, contentType: 'application/pdf', content: pdf }],
    };
  };
}

/**
 * The printable card: A6, in the city's colours, with the code in groups, a QR code
 * that opens the balance page (the code in the link's fragment, never sent to a
 * server), value, validity and the VAT note of a multi-purpose voucher.
 */
import { fonts, renderPdf } from '../../platform/pdf/index.js';
import { qrPngBuffer } from '../../platform/qr/index.js';
import { formatDateLong, formatOre } from '../../platform/i18n/format.js';
import { formatCode } from './codes.js';
import { balanceLink, type CityInfo } from './mail.js';
import type { Card, CardView } from './service.js';

export async function renderCardPdf(input: { card: Card; code: string; view: CardView; city: CityInfo & { primaryColor: string }; publicUrl: string; createdAt: Date }): Promise<Buffer> {
  const { card, code, view, city } = input;
  const link = balanceLink(input.publicUrl, city.slug, code);
  const qr = await qrPngBuffer(link, { size: 360, margin: 2 });
  const value = view.couponsLeft !== null ? `${view.couponsLeft} × ${formatOre(view.couponValueOre!, 'sv')}` : formatOre(card.faceValueOre, 'sv');
  return renderPdf(
    (doc) => {
      const width = doc.page.width;
      const margin = 24;
      doc.rect(0, 0, width, 92).fill(city.primaryColor);
      doc.fillColor('#ffffff').font(fonts.bold).fontSize(18).text(city.name, margin, 22, { width: width - 2 * margin });
      doc.font(fonts.regular).fontSize(10).text(view.productName, margin, 48, { width: width - 2 * margin });
      doc.fillColor(city.primaryColor).font(fonts.bold).fontSize(26).text(value, margin, 102, { width: width - 2 * margin });
      doc.fillColor('#1b1f23').font(fonts.regular).fontSize(9);
      if (card.recipientName) doc.text(`Till ${card.recipientName}`, margin, 140);
      if (card.message) doc.text(`”${card.message}”`, margin, 154, { width: width - 2 * margin - 110, height: 40, ellipsis: true });
      doc.image(qr, width - margin - 100, 136, { width: 100, height: 100 });
      doc.font(fonts.bold).fontSize(13).text(formatCode(code), margin, 250, { width: width - 2 * margin, characterSpacing: 1 });
      doc.font(fonts.regular).fontSize(8.5).fillColor('#4a545e');
      doc.text(`Giltigt till och med ${formatDateLong(card.expiresAt, 'sv', { withYear: true, withWeekday: false })}.`, margin, 274, { width: width - 2 * margin });
      doc.text(`Gäller hos företagen i ${city.name} som tar emot presentkortet. Saldo: skanna QR-koden.`, { width: width - 2 * margin });
      doc.text('Flerfunktionsvoucher: ingen moms vid köpet; företaget redovisar momsen när kortet används.', { width: width - 2 * margin });
      doc.text(city.associationName, { width: width - 2 * margin });
    },
    { size: 'A6', title: `Presentkort ${city.name}`, author: city.associationName, createdAt: input.createdAt },
  );
}

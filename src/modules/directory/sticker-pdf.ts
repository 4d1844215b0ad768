/**
 * A window sticker per business (A6): the city's name, the business, and a QR code to
 * its page, where residents see the hours, today's lunch and offers.
 */
import { fonts, renderPdf } from '../../platform/pdf/index.js';
import { qrPngBuffer } from '../../platform/qr/index.js';

export async function windowStickerPdf(input: { cityName: string; businessName: string; url: string; createdAt: Date }): Promise<Buffer> {
  const qr = await qrPngBuffer(input.url, { size: 500, margin: 2 });
  return renderPdf(
    (doc) => {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      doc.font(fonts.regular).fontSize(10).text(`Medlem i ${input.cityName}s stadskärna`, { width, align: 'center' });
      doc.moveDown(0.3).font(fonts.bold).fontSize(18).text(input.businessName, { width, align: 'center' });
      const size = Math.min(width, 200);
      doc.image(qr, left + (width - size) / 2, doc.y + 10, { width: size, height: size });
      doc.y += size + 20;
      doc.font(fonts.regular).fontSize(10).text('Öppettider, lunch och erbjudanden – skanna koden', { width, align: 'center' });
      doc.fontSize(8).text(input.url.replace(/^https?:\/\//, ''), { width, align: 'center' });
    },
    { size: 'A6', title: `${input.businessName} – skylt`, createdAt: input.createdAt },
  );
}

/**
 * The city's lunch flyer (A5, for counters and notice boards): every restaurant and café
 * with its street, and a QR code to today's lunch page.
 */
import { fonts, renderPdf } from '../../platform/pdf/index.js';
import { qrPngBuffer } from '../../platform/qr/index.js';

export interface FlyerPlace {
  name: string;
  street: string;
  kind: string;
}

export async function lunchFlyerPdf(input: { cityName: string; url: string; places: FlyerPlace[]; createdAt: Date }): Promise<Buffer> {
  const qr = await qrPngBuffer(input.url, { size: 400, margin: 2 });
  return renderPdf(
    (doc) => {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      doc.font(fonts.bold).fontSize(24).text(`Dagens lunch i ${input.cityName}`, { width });
      doc.moveDown(0.3).font(fonts.regular).fontSize(11).text('Alla luncher, vegetariskt och priser – uppdaterat varje dag. Skanna koden med mobilen:', { width: width - 130 });
      doc.image(qr, left + width - 120, doc.page.margins.top + 40, { width: 120, height: 120 });
      doc.fontSize(10).text(input.url.replace(/^https?:\/\//, ''), { width: width - 130 });
      doc.y = Math.max(doc.y, doc.page.margins.top + 175);
      doc.font(fonts.bold).fontSize(13).text('Här äter du lunch', { width });
      doc.moveDown(0.3);
      const columnWidth = (width - 16) / 2;
      const startY = doc.y;
      const perColumn = Math.ceil(input.places.length / 2);
      input.places.forEach((p, i) => {
        const x = i < perColumn ? left : left + columnWidth + 16;
        if (i === perColumn) doc.y = startY;
        doc.font(fonts.bold).fontSize(10).text(p.name, x, doc.y, { width: columnWidth });
        doc.font(fonts.regular).fontSize(9).text(`${p.kind}, ${p.street}`, x, doc.y, { width: columnWidth });
        doc.moveDown(0.35);
      });
    },
    { size: 'A5', title: `Dagens lunch i ${input.cityName}`, createdAt: input.createdAt },
  );
}

/**
 * The printable booklet ("Sommar på stan" or any title and dates), A5: a cover with a
 * QR code to the events page, the events day by day, then members' offers.
 */
import { fonts, renderPdf, type PdfDocument } from '../../platform/pdf/index.js';
import { qrPngBuffer } from '../../platform/qr/index.js';
import { formatDateLong } from '../../platform/i18n/format.js';

export interface BookletEntry {
  date: string;
  time: string;
  title: string;
  place: string;
  price: string;
  description: string;
}

export interface BookletOffer {
  business: string;
  title: string;
  validity: string;
}

export async function bookletPdf(input: { title: string; cityName: string; from: string; to: string; url: string; entries: BookletEntry[]; offers: BookletOffer[]; createdAt: Date }): Promise<Buffer> {
  const qr = await qrPngBuffer(input.url, { size: 500, margin: 2 });
  return renderPdf(
    (doc) => {
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      const heading = (text: string) => {
        if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
        doc.moveDown(0.6).font(fonts.bold).fontSize(13).text(text, left, doc.y, { width });
      };
      // Cover
      doc.font(fonts.bold).fontSize(30).text(input.title, left, doc.page.margins.top + 60, { width, align: 'center' });
      doc.moveDown(0.5).font(fonts.regular).fontSize(14).text(input.cityName, { width, align: 'center' });
      doc.moveDown(0.3).fontSize(11).text(`${formatDateLong(input.from, 'sv', { withWeekday: false })} – ${formatDateLong(input.to, 'sv', { withWeekday: false })}`, { width, align: 'center' });
      const size = 160;
      doc.image(qr, left + (width - size) / 2, doc.y + 40, { width: size, height: size });
      doc.y += 40 + size + 12;
      doc.fontSize(10).text('Allt som händer, alltid aktuellt:', { width, align: 'center' });
      doc.text(input.url.replace(/^https?:\/\//, ''), { width, align: 'center' });
      // Events by day
      doc.addPage();
      doc.font(fonts.bold).fontSize(18).text('Evenemang', left, doc.page.margins.top, { width });
      let day = '';
      for (const e of input.entries) {
        if (e.date !== day) {
          day = e.date;
          heading(formatDateLong(e.date, 'sv', { withYear: false }).replace(/^./, (c) => c.toUpperCase()));
        }
        entry(doc, left, width, `${e.time}  ${e.title}`, [e.place, e.price].filter(Boolean).join(' · '), e.description);
      }
      if (input.entries.length === 0) doc.font(fonts.regular).fontSize(10).text('Inga evenemang under perioden ännu.', { width });
      // Offers
      if (input.offers.length > 0) {
        doc.addPage();
        doc.font(fonts.bold).fontSize(18).text('Erbjudanden', left, doc.page.margins.top, { width });
        doc.moveDown(0.4);
        for (const o of input.offers) entry(doc, left, width, o.title, o.business, o.validity);
      }
    },
    { size: 'A5', title: `${input.title} – ${input.cityName}`, createdAt: input.createdAt },
  );
}

function entry(doc: PdfDocument, left: number, width: number, title: string, line: string, text: string): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 50) doc.addPage();
  doc.font(fonts.bold).fontSize(10).text(title, left, doc.y, { width });
  if (line) doc.font(fonts.regular).fontSize(9).text(line, { width });
  if (text) doc.font(fonts.regular).fontSize(8.5).fillColor('#444444').text(text.slice(0, 240), { width }).fillColor('black');
  doc.moveDown(0.4);
}

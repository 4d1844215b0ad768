/**
 * The invoice as an A4 PDF in Swedish: seller, buyer, numbers and dates, lines with
 * VAT, the VAT summary, why VAT-free lines are VAT-free, and the payment box (bankgiro,
 * OCR, amount, due date) that the buyer's bank app asks for.
 */
import { fonts, renderPdf, type PdfDocument } from '../../platform/pdf/index.js';
import { formatBankgiro } from '../../platform/identity/payment-references.js';
import type { Invoice, InvoiceSeller } from './service.js';
import { computeTotals, formatInvoiceAmount, formatVatRate } from './totals.js';

/** Printed when the invoice sells gift cards: why there is no VAT on them. */
export const GIFTCARD_VAT_TEXT = 'Presentkort är flerfunktionsvouchrar; moms redovisas när kortet används.';
export const MEMBERSHIP_FEE_VAT_TEXT = 'Medlemsavgiften är inte momspliktig.';

const LEFT = 50;
const RIGHT = 545; // A4 is 595 pt wide
const WIDTH = RIGHT - LEFT;
const GREY = '#555555';

function labelValue(doc: PdfDocument, x: number, y: number, label: string, value: string, width: number): number {
  doc.font(fonts.regular).fontSize(8).fillColor(GREY).text(label, x, y, { width });
  doc.font(fonts.bold).fontSize(10).fillColor('black').text(value, x, y + 10, { width });
  return y + 26;
}

export function renderInvoicePdf(invoice: Invoice, seller: InvoiceSeller, options: { createdAt?: Date } = {}): Promise<Buffer> {
  const totals = computeTotals(invoice.lines);
  const due = invoice.totalOre - invoice.paidOre;
  return renderPdf(
    (doc) => {
      // Footer first, while on page 1: the seller's legal details, inside the bottom
      // margin (lifted for the moment so pdfkit does not start a new page).
      const footer = [seller.name, ...seller.address, `Org.nr ${seller.orgNumber}`, ...(seller.vatNumber ? [`Momsreg.nr ${seller.vatNumber}`] : []), seller.email, ...(seller.phone ? [seller.phone] : [])].join(' · ');
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font(fonts.regular).fontSize(8).fillColor(GREY).text(footer, LEFT, 790, { width: WIDTH, align: 'center' });
      doc.page.margins.bottom = bottomMargin;
      doc.fillColor('black');

      // Header: seller left, "Faktura" right.
      doc.font(fonts.bold).fontSize(16).text(seller.name, LEFT, 50, { width: 300 });
      doc.font(fonts.regular).fontSize(9).fillColor(GREY).text(seller.address.join('\n'), LEFT, doc.y + 2, { width: 300 });
      doc.font(fonts.bold).fontSize(24).fillColor('black').text('Faktura', 345, 46, { width: 200, align: 'right' });
      if (invoice.status === 'void') doc.font(fonts.bold).fontSize(12).fillColor('#b00020').text('MAKULERAD', 345, 76, { width: 200, align: 'right' }).fillColor('black');

      // Invoice facts on the right, buyer on the left.
      const top = 130;
      let y = top;
      y = labelValue(doc, 345, y, 'Fakturanummer', String(invoice.number), 200);
      y = labelValue(doc, 345, y, 'Fakturadatum', invoice.issueDate, 200);
      y = labelValue(doc, 345, y, 'Förfallodatum', invoice.dueDate, 200);
      y = labelValue(doc, 345, y, 'OCR-nummer', invoice.ocr, 200);
      const factsBottom = y;

      doc.font(fonts.regular).fontSize(8).fillColor(GREY).text('Faktureras till', LEFT, top);
      doc.font(fonts.bold).fontSize(11).fillColor('black').text(invoice.customer.name, LEFT, top + 12, { width: 270 });
      doc.font(fonts.regular).fontSize(10);
      if (invoice.customer.addressLines.length > 0) doc.text(invoice.customer.addressLines.join('\n'), { width: 270 });
      if (invoice.customer.orgNumber) doc.text(`Org.nr ${invoice.customer.orgNumber}`, { width: 270 });
      if (invoice.customer.reference) doc.moveDown(0.5).text(`Er referens: ${invoice.customer.reference}`, { width: 270 });
      y = Math.max(factsBottom, doc.y) + 24;

      // Lines.
      const cols = { description: LEFT, quantity: 300, unit: 340, vat: 420, amount: 460 };
      const header = (at: number) => {
        doc.font(fonts.bold).fontSize(9).fillColor('black');
        doc.text('Beskrivning', cols.description, at, { width: 245 });
        doc.text('Antal', cols.quantity, at, { width: 35, align: 'right' });
        doc.text('À-pris', cols.unit, at, { width: 75, align: 'right' });
        doc.text('Moms', cols.vat, at, { width: 35, align: 'right' });
        doc.text('Belopp', cols.amount, at, { width: RIGHT - cols.amount, align: 'right' });
        doc.moveTo(LEFT, at + 14).lineTo(RIGHT, at + 14).lineWidth(0.5).stroke();
        return at + 20;
      };
      y = header(y);
      doc.font(fonts.regular).fontSize(9);
      for (const line of totals.lines) {
        const height = doc.heightOfString(line.description, { width: 245 });
        if (y + height > 700) {
          doc.addPage();
          y = header(50);
          doc.font(fonts.regular).fontSize(9);
        }
        doc.text(line.description, cols.description, y, { width: 245 });
        doc.text(String(line.quantity), cols.quantity, y, { width: 35, align: 'right' });
        doc.text(formatInvoiceAmount(line.unitPriceOre), cols.unit, y, { width: 75, align: 'right' });
        doc.text(formatVatRate(line.vatRate), cols.vat, y, { width: 35, align: 'right' });
        doc.text(formatInvoiceAmount(line.netOre), cols.amount, y, { width: RIGHT - cols.amount, align: 'right' });
        y += Math.max(height, 11) + 5;
      }
      doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.5).stroke();
      y += 8;

      // Summary, right-aligned.
      const sum = (label: string, value: string, bold = false) => {
        if (y > 720) {
          doc.addPage();
          y = 50;
        }
        doc.font(bold ? fonts.bold : fonts.regular).fontSize(bold ? 12 : 9);
        doc.text(label, 300, y, { width: 150, align: 'right' });
        doc.text(value, 455, y, { width: RIGHT - 455, align: 'right' });
        y += bold ? 18 : 13;
      };
      sum('Summa exkl. moms', formatInvoiceAmount(totals.netOre));
      for (const r of totals.byRate) {
        if (r.vatRate === 0) sum('Momsfritt belopp', formatInvoiceAmount(r.netOre));
        else sum(`Moms ${formatVatRate(r.vatRate)} på ${formatInvoiceAmount(r.netOre)}`, formatInvoiceAmount(r.vatOre));
      }
      sum('Summa moms', formatInvoiceAmount(totals.vatOre));
      if (invoice.paidOre > 0) {
        sum('Fakturabelopp', formatInvoiceAmount(invoice.totalOre));
        sum('Betalt', formatInvoiceAmount(-invoice.paidOre));
      }
      y += 4;
      sum('Att betala', formatInvoiceAmount(due), true);
      y += 10;

      // Why some lines carry no VAT, and the free-text note.
      const notes = [
        ...(invoice.lines.some((l) => l.kind === 'giftcard') ? [GIFTCARD_VAT_TEXT] : []),
        ...(invoice.lines.some((l) => l.kind === 'membership_fee') ? [MEMBERSHIP_FEE_VAT_TEXT] : []),
        ...(invoice.note ? [invoice.note] : []),
      ];
      if (notes.length > 0) {
        doc.font(fonts.regular).fontSize(9).fillColor('black').text(notes.join('\n'), LEFT, y, { width: WIDTH });
        y = doc.y + 14;
      }

      // Payment box.
      if (y > 690) {
        doc.addPage();
        y = 50;
      }
      doc.rect(LEFT, y, WIDTH, 48).lineWidth(1).stroke();
      const box = WIDTH / 4;
      labelValue(doc, LEFT + 8, y + 8, 'Bankgiro', formatBankgiro(seller.bankgiro), box - 12);
      labelValue(doc, LEFT + 8 + box, y + 8, 'OCR-nummer', invoice.ocr, box - 12);
      labelValue(doc, LEFT + 8 + 2 * box, y + 8, 'Att betala', formatInvoiceAmount(due), box - 12);
      labelValue(doc, LEFT + 8 + 3 * box, y + 8, 'Förfallodatum', invoice.dueDate, box - 12);
      doc.font(fonts.regular).fontSize(8).fillColor(GREY).text('Ange OCR-numret när du betalar.', LEFT, y + 54, { width: WIDTH });

    },
    { size: 'A4', title: `Faktura ${invoice.number} – ${seller.name}`, author: seller.name, margin: 50, ...(options.createdAt ? { createdAt: options.createdAt } : {}) },
  );
}

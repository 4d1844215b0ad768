import { describe, expect, it } from 'vitest';
import { fonts, hasUnicodeFont, renderPdf, toWinAnsi } from './render.js';
import { pdfToText } from './pdf-text.js';

const swedish = 'Ölstugan åäö ÅÄÖ – 1\u00a0250,00\u00a0kr, 5 €';

describe('renderPdf', () => {
  for (const mode of ['auto', 'builtin'] as const) {
    it(`prints Swedish text (${mode} fonts)`, async () => {
      const pdf = await renderPdf(
        (doc) => {
          doc.font(fonts.bold).fontSize(18).text('Ölstugan åäö');
          doc.font(fonts.regular).fontSize(10).text(swedish);
        },
        { size: 'A4', title: 'Test åäö', fonts: mode, createdAt: new Date('2026-12-11T10:00:00Z') },
      );
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = await pdfToText(pdf);
      if (text === null) return; // poppler-utils not installed: the byte check above still ran
      expect(text).toContain('Ölstugan åäö');
      expect(text).toContain('ÅÄÖ – 1');
      expect(text).toContain('250,00');
      expect(text).toContain('€');
    });
  }

  it('renders A5 and A6 pages of the right size', async () => {
    for (const [size, width] of [['A5', 419.53], ['A6', 297.64]] as const) {
      const pdf = await renderPdf((doc) => doc.text('x'), { size, title: size });
      expect(pdf.toString('latin1')).toMatch(new RegExp(`/MediaBox \\[0 0 ${Math.floor(width)}`));
    }
  });

  it('embeds the Unicode font when present, so non-Latin-1 names print', async () => {
    const pdf = await renderPdf((doc) => doc.text('Łódź Deli −5 kr'), { size: 'A6', title: 't' });
    const text = await pdfToText(pdf);
    if (text === null) return;
    expect(text).toContain(hasUnicodeFont() ? 'Łódź Deli −5 kr' : 'Lódz Deli -5 kr');
  });
});

describe('toWinAnsi', () => {
  it('keeps what Helvetica prints and degrades the rest', () => {
    expect(toWinAnsi('Ölstugan åäö – € 1\u00a0250 kr')).toBe('Ölstugan åäö – € 1\u00a0250 kr');
    expect(toWinAnsi('\u22125 kr, Łódź, 😀')).toBe('-5 kr, Lódz, ?');
  });
});

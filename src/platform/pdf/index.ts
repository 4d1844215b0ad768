export { renderPdf, fonts, toWinAnsi, hasUnicodeFont, type PdfDocument, type PdfOptions, type PdfPageSize } from './render.js';
export { pdfToText } from './pdf-text.js';

/**
 * QR codes for pages (inline SVG) and PDFs (PNG for `doc.image`), over the `qrcode`
 * package. Error correction M (15 %): survives a worn print without growing the code much.
 */
import QRCode from 'qrcode';

export interface QrOptions {
  /** Width and height in pixels (SVG: the rendered size; PNG: the image size). */
  size: number;
  /** Quiet zone in modules; the standard asks for 4, printed matter often gets by with 2. */
  margin?: number;
  errorCorrection?: 'L' | 'M' | 'Q' | 'H';
}

function check(text: string, options: QrOptions): void {
  if (text.length === 0) throw new RangeError('A QR code needs some text');
  if (!Number.isInteger(options.size) || options.size < 21 || options.size > 4096) throw new RangeError(`QR size must be 21–4096 px, got ${options.size}`);
}

/** An `<svg>` element (no XML declaration) that can be inlined in a page. */
export async function qrSvg(text: string, options: QrOptions): Promise<string> {
  check(text, options);
  return QRCode.toString(text, { type: 'svg', width: options.size, margin: options.margin ?? 4, errorCorrectionLevel: options.errorCorrection ?? 'M' });
}

/** A PNG image. */
export async function qrPngBuffer(text: string, options: QrOptions): Promise<Buffer> {
  check(text, options);
  return QRCode.toBuffer(text, { type: 'png', width: options.size, margin: options.margin ?? 4, errorCorrectionLevel: options.errorCorrection ?? 'M' });
}

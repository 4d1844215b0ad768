export { qrSvg, qrPngBuffer, type QrOptions } from './qr.js';

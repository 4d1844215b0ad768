/**
 * Turns an uploaded photo into the few WebP widths (and one JPEG) that pages serve.
 * Every upload is hostile until decoded: the format is read from its first bytes (never
 * from the file name or the Content-Type), only JPEG, PNG and WebP reach a decoder (no
 * SVG, GIF, TIFF, HEIF, PDF), the pixel count is checked from the header before any
 * pixel is decoded (a 20 000 × 20 000 PNG is a few kB that decodes to 1.6 GB), and a
 * truncated or corrupt file fails the decode instead of giving half a picture.
 *
 * The output is made from decoded pixels only, so nothing of the original file
 * survives: no EXIF (phones write the GPS position of the photo there), no XMP, no
 * comments, no embedded thumbnails, no ICC profile (colours are converted to sRGB).
 * EXIF orientation is applied first, so a portrait photo stays upright.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DomainError } from '../errors.js';

// Untrusted input: libvips must not keep decoded images of one request around for the next.
sharp.cache(false);

/** Bytes of one upload. A phone's 12–24 megapixel JPEG is 2–8 MB. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Pixels of one upload: a 48-megapixel phone photo passes, a decompression bomb does not. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Widths served as WebP (never wider than the photo itself, and at most the last one). */
export const IMAGE_WIDTHS = [320, 640, 960, 1600] as const;
/** One JPEG for link previews (Open Graph): some chat apps do not read WebP. */
export const PREVIEW_JPEG_WIDTH = 1200;
/** A pipeline slower than this gives up (a pathological file must not hold a core). */
const TIMEOUT_SECONDS = 20;

export type ImageFormat = 'jpeg' | 'png' | 'webp';

export interface ImageVariant {
  /** `640.webp`, `1200.jpg`: the end of the file name in its URL. */
  name: string;
  format: 'webp' | 'jpeg';
  contentType: 'image/webp' | 'image/jpeg';
  width: number;
  height: number;
  data: Buffer;
}

export interface PreparedImage {
  /** The first 128 bits of the upload's SHA-256, in hex: the same file gives the same key. */
  hash: string;
  /** The upright picture's size, after EXIF orientation and the largest width. */
  width: number;
  height: number;
  sourceFormat: ImageFormat;
  sourceBytes: number;
  variants: ImageVariant[];
}

/** The formats we decode, by their first bytes. Anything else is refused before a decoder sees it. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  return null;
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** What a refused file looked like, for a message people understand. */
function describeRefused(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('gif8')) return 'GIF-bilder tas inte emot (de kan vara animerade). Spara bilden som JPEG eller PNG och försök igen.';
  if (head.startsWith('<') && head.includes('<svg')) return 'SVG-bilder tas inte emot. Välj ett foto i JPEG, PNG eller WebP.';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') return 'HEIC-bilder tas inte emot. Välj bilden igen i kamerans ”Mest kompatibel” läge, eller spara den som JPEG.';
  return 'Filen är inte en bild vi kan ta emot. Välj ett foto i JPEG, PNG eller WebP.';
}

const megabytes = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Decodes, checks and re-encodes one upload. Throws DomainError `media.*` with a plain
 * Swedish message for anything refused; never returns half an image.
 */
export async function prepareImage(input: Uint8Array): Promise<PreparedImage> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length === 0) throw new DomainError('media.unreadable', 'Filen är tom. Välj bilden igen.');
  if (bytes.length > MAX_IMAGE_BYTES) throw new DomainError('media.too_large', `Bilden är för stor (${megabytes(bytes.length)}). Den får vara högst ${megabytes(MAX_IMAGE_BYTES)}.`, { maxBytes: MAX_IMAGE_BYTES });
  const format = sniffImageFormat(bytes);
  if (!format) throw new DomainError('media.unsupported_type', describeRefused(bytes));

  // `failOn: 'warning'`: a truncated JPEG or a PNG with a bad checksum is an error, not
  // a grey half-picture. `limitInputPixels` is the decoder's own stop; the header check
  // below refuses first, with a message.
  const options: sharp.SharpOptions = { failOn: 'warning', limitInputPixels: MAX_IMAGE_PIXELS, animated: false, sequentialRead: true };
  let meta: sharp.Metadata;
  try {
    // The header only: no pixel is decoded here, so the size can be checked with a message.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw new DomainError('media.unreadable', 'Bilden gick inte att läsa. Den kan vara skadad eller ofullständig; välj den igen.');
  }
  if (meta.format !== format) throw new DomainError('media.unsupported_type', describeRefused(bytes));
  if (!meta.width || !meta.height) throw new DomainError('media.unreadable', 'Bilden gick inte att läsa. Den kan vara skadad eller ofullständig; välj den igen.');
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw new DomainError('media.too_many_pixels', `Bilden har för många pixlar (${meta.width} × ${meta.height}). Den får ha högst ${MAX_IMAGE_PIXELS / 1_000_000} megapixel; förminska den och försök igen.`, { maxPixels: MAX_IMAGE_PIXELS });
  }
  if ((meta.pages ?? 1) > 1) throw new DomainError('media.animated', 'Animerade bilder tas inte emot. Välj en stillbild.');

  try {
    // Decode once, upright (EXIF orientation applied), in sRGB, at most the largest width
    // on its longer side; every variant is made from these pixels.
    const largest = IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1]!;
    const { data: pixels, info } = await sharp(bytes, options)
      .timeout({ seconds: TIMEOUT_SECONDS })
      .rotate()
      .resize({ width: largest, height: largest, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
    const widths = [...new Set([...IMAGE_WIDTHS.filter((w) => w < info.width), Math.min(info.width, largest)])].sort((a, b) => a - b);
    const variants: ImageVariant[] = [];
    for (const width of widths) {
      const out = await sharp(pixels, raw).timeout({ seconds: TIMEOUT_SECONDS }).resize({ width }).webp({ quality: 78, effort: 4 }).toBuffer({ resolveWithObject: true });
      variants.push({ name: `${out.info.width}.webp`, format: 'webp', contentType: 'image/webp', width: out.info.width, height: out.info.height, data: out.data });
    }
    const jpegWidth = Math.min(info.width, PREVIEW_JPEG_WIDTH);
    const jpeg = await sharp(pixels, raw).timeout({ seconds: TIMEOUT_SECONDS }).resize({ width: jpegWidth }).flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true }).toBuffer({ resolveWithObject: true });
    variants.push({ name: `${jpeg.info.width}.jpg`, format: 'jpeg', contentType: 'image/jpeg', width: jpeg.info.width, height: jpeg.info.height, data: jpeg.data });
    return { hash: createHash('sha256').update(bytes).digest('hex').slice(0, 32), width: info.width, height: info.height, sourceFormat: format, sourceBytes: bytes.length, variants };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('media.unreadable', 'Bilden gick inte att läsa. Den kan vara skadad eller ofullständig; välj den igen.');
  }
}

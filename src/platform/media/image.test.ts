import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { animatedGif, animatedWebp, phonePhoto, pngBomb, smallPng, svgWithScript, textAsJpeg, truncatedJpeg } from '../../../test/fixtures/images.js';
import { IMAGE_WIDTHS, MAX_IMAGE_BYTES, prepareImage, sniffImageFormat } from './image.js';
import { DomainError } from '../errors.js';

async function refusal(bytes: Uint8Array): Promise<DomainError> {
  const err = await prepareImage(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('prepareImage', () => {
  it('turns a phone photo upright, strips its EXIF (GPS, camera, comment) and stores WebP widths and one JPEG', async () => {
    const photo = await phonePhoto();
    const before = await sharp(photo).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif?.includes(Buffer.from([0x88, 0x25])) || before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD pointer tag
    expect(before.exif?.toString('latin1')).toContain('Testfon');

    const prepared = await prepareImage(photo);
    expect(prepared.hash).toMatch(/^[0-9a-f]{32}$/);
    expect([prepared.width, prepared.height]).toEqual([800, 1200]); // upright
    expect(prepared.variants.map((v) => v.name)).toEqual(['320.webp', '640.webp', '800.webp', '800.jpg']);
    for (const v of prepared.variants) {
      const meta = await sharp(v.data).metadata();
      expect(meta.format).toBe(v.format);
      expect([meta.width, meta.height]).toEqual([v.width, v.height]);
      expect(v.height).toBeGreaterThan(v.width); // portrait, as the photo was taken
      expect(meta.exif, v.name).toBeUndefined();
      expect(meta.xmp, v.name).toBeUndefined();
      expect(meta.icc, v.name).toBeUndefined();
      expect(meta.orientation, v.name).toBeUndefined();
      expect(v.data.toString('latin1')).not.toContain('Testfon');
      expect(v.data.toString('latin1')).not.toContain('Anna');
    }
    // The same file is the same key; another file another.
    expect((await prepareImage(photo)).hash).toBe(prepared.hash);
    expect((await prepareImage(await phonePhoto({ colour: '#2040c0' }))).hash).not.toBe(prepared.hash);
  });

  it('never enlarges a small picture and caps a large one at the largest width', async () => {
    const small = await prepareImage(await smallPng('#336699', 300));
    expect(small.variants.map((v) => v.name)).toEqual(['300.webp', '300.jpg']);
    const large = await prepareImage(await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#777' } }).jpeg().toBuffer());
    expect(large.variants.filter((v) => v.format === 'webp').map((v) => v.width)).toEqual([...IMAGE_WIDTHS]);
    expect([large.width, large.height]).toEqual([1600, 1200]);
    expect(large.variants.find((v) => v.format === 'jpeg')!.width).toBe(1200);
  });

  it('refuses hostile and unsupported files with a plain Swedish message', async () => {
    const cases: Array<[string, Uint8Array, string, RegExp]> = [
      ['a text file renamed .jpg', textAsJpeg, 'media.unsupported_type', /inte en bild/],
      ['an SVG with a script', svgWithScript, 'media.unsupported_type', /SVG-bilder tas inte emot/],
      ['a truncated JPEG', await truncatedJpeg(), 'media.unreadable', /skadad eller ofullständig/],
      ['a 20 000 × 20 000 PNG bomb', pngBomb(), 'media.too_many_pixels', /för många pixlar \(20000 × 20000\)/],
      ['an animated GIF', await animatedGif(), 'media.unsupported_type', /GIF-bilder tas inte emot/],
      ['an animated WebP', await animatedWebp(), 'media.animated', /Animerade bilder/],
      ['an empty file', new Uint8Array(0), 'media.unreadable', /tom/],
      ['too many bytes', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(MAX_IMAGE_BYTES)]), 'media.too_large', /högst 10 MB/],
    ];
    for (const [what, bytes, code, message] of cases) {
      const err = await refusal(bytes);
      expect(err.code, what).toBe(code);
      expect(err.message, what).toMatch(message);
    }
  });

  it('reads the format from the bytes, not the name', () => {
    expect(sniffImageFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'))).toBe('png');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImageFormat(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageFormat(svgWithScript)).toBeNull();
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { qrPngBuffer, qrSvg } from './qr.js';

describe('qr', () => {
  it('makes an inline SVG of the asked size', async () => {
    const svg = await qrSvg('https://torget.example/demo/presentkort', { size: 160 });
    expect(svg).toMatch(/^<svg[^>]*width="160"[^>]*height="160"/);
    expect(svg).toContain('<path');
  });

  it('makes a PNG of the asked size', async () => {
    const png = await qrPngBuffer('PK-7Q3M9D', { size: 200 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(200); // IHDR width
  });

  it('refuses empty text and silly sizes', async () => {
    await expect(qrSvg('', { size: 100 })).rejects.toThrow(RangeError);
    await expect(qrPngBuffer('x', { size: 5 })).rejects.toThrow(RangeError);
  });
});

import { and, count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { apiKeyFor, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import { animatedWebp, phonePhoto, pngBomb, smallPng, svgWithScript, textAsJpeg, truncatedJpeg } from '../../../test/fixtures/images.js';
import { auditLog } from '../audit/schema.js';
import { prepareImage } from './image.js';
import { MEDIA_BODY_LIMIT } from './http.js';
import { media, mediaVariants } from './schema.js';

describeEachDatabase('media store: uploads kept per city and served from our own host', (ctx) => {
  const post = (slug: string, headers: Record<string, string>, body: Uint8Array) => ctx().app.request(`/api/v1/cities/${slug}/media`, { method: 'POST', headers, body: new Uint8Array(body) });
  const storedIn = async (cityId: string) => {
    const { db } = ctx().services;
    const [m] = await db.select({ n: count() }).from(media).where(eq(media.cityId, cityId));
    const [v] = await db.select({ n: count() }).from(mediaVariants).where(eq(mediaVariants.cityId, cityId));
    return m!.n + v!.n;
  };

  it('stores an upload once and serves its files with immutable caching, the right type and nosniff', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const key = await apiKeyFor(services, city, 'association-admin');
    const photo = await phonePhoto();
    const res = await post(city.slug, { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' }, photo);
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as { hash: string; width: number; height: number; widths: number[]; url: string; srcset: string; jpeg: string };
    expect(body).toMatchObject({ width: 800, height: 1200, widths: [320, 640, 800] });
    expect(body.url).toBe(`/media/${city.id}/${body.hash}-640.webp`);
    expect(body.srcset).toBe([320, 640, 800].map((w) => `/media/${city.id}/${body.hash}-${w}.webp ${w}w`).join(', '));

    // What comes back is exactly what was prepared, byte for byte, through the database.
    const expected = await prepareImage(photo);
    for (const v of expected.variants) {
      const file = await ctx().app.request(`/media/${city.id}/${body.hash}-${v.name}`);
      expect(file.status, v.name).toBe(200);
      expect(file.headers.get('content-type')).toBe(v.contentType);
      expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('set-cookie')).toBeNull();
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.equals(v.data), v.name).toBe(true);
      expect((await sharp(bytes).metadata()).exif, v.name).toBeUndefined();
      const etag = file.headers.get('etag')!;
      const again = await ctx().app.request(`/media/${city.id}/${body.hash}-${v.name}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    // Still served when it leaves the process's memory (a second process has none).
    const cold = await ctx().app.request(body.jpeg);
    expect(cold.headers.get('content-type')).toBe('image/jpeg');

    // The same file again: the same picture, stored once; the upload is in the audit log.
    const twice = await post(city.slug, { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' }, photo);
    expect(((await twice.json()) as { hash: string }).hash).toBe(body.hash);
    expect(await storedIn(city.id)).toBe(1 + expected.variants.length);
    const audited = await services.db.select().from(auditLog).where(and(eq(auditLog.cityId, city.id), eq(auditLog.action, 'media.upload')));
    expect(audited.map((a) => a.entityId)).toEqual([body.hash, body.hash]);
  });

  it('decodes at most two uploads at a time per process, and every one finishes', async () => {
    const { services } = ctx();
    const files = await Promise.all(['#101010', '#202020', '#303030', '#404040', '#505050'].map((c) => smallPng(c, 600)));
    const pending = files.map((f) => services.media.prepare(f));
    expect(services.media.load()).toEqual({ decoding: 2, queued: 3 });
    const results = await Promise.all(pending);
    expect(services.media.load()).toEqual({ decoding: 0, queued: 0 });
    expect(results.map((r) => r.width)).toEqual([600, 600, 600, 600, 600]);
    expect(new Set(results.map((r) => r.hash)).size).toBe(5);
  });

  it("keeps a city's pictures to itself", async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const other = await insertCity(services);
    const stored = await services.media.save(services.db, city.id, await prepareImage(await smallPng('#118844')), 'test');
    expect((await ctx().app.request(`/media/${city.id}/${stored.hash}-400.webp`)).status).toBe(200);
    // The same hash under another city's id is nothing, and so is a made-up name.
    for (const path of [`/media/${other.id}/${stored.hash}-400.webp`, `/media/${city.id}/${stored.hash}-401.webp`, `/media/${city.id}/${stored.hash}-400.png`, `/media/${city.slug}/${stored.hash}-400.webp`, `/media/${city.id}/../../etc/passwd`]) {
      expect((await ctx().app.request(path)).status, path).toBe(404);
    }
    expect(await services.media.get(other.id, stored.hash)).toBeNull();
    expect(await services.media.get(city.id, stored.hash)).toMatchObject({ hash: stored.hash, width: 400, height: 400, widths: [320, 400] });

    // Only the city's own admins upload through the API.
    const png = await smallPng('#aa2266');
    const otherAdmin = await apiKeyFor(services, other, 'association-admin');
    const staff = await sessionHeaders(services, (await insertUser(services, 'association-staff', city)).userId);
    expect((await post(city.slug, { 'content-type': 'image/png' }, png)).status).toBe(401);
    expect((await post(city.slug, { authorization: `Bearer ${otherAdmin}`, 'content-type': 'image/png' }, png)).status).toBe(403);
    expect((await post(city.slug, { ...staff, 'content-type': 'image/png' }, png)).status).toBe(403);
    expect(await storedIn(city.id)).toBe(4); // the picture and its 320 and 400 px WebP and JPEG
    expect(await storedIn(other.id)).toBe(0);
  });

  it('refuses hostile uploads with problem+json and stores nothing', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const key = await apiKeyFor(services, city, 'association-admin');
    const cases: Array<[string, string, Uint8Array, number, string]> = [
      ['text renamed .jpg', 'image/jpeg', textAsJpeg, 415, 'media.unsupported_type'],
      ['SVG with a script', 'image/png', svgWithScript, 415, 'media.unsupported_type'],
      ['SVG declared as SVG', 'image/svg+xml', svgWithScript, 415, 'media.unsupported_type'],
      ['truncated JPEG', 'image/jpeg', await truncatedJpeg(), 422, 'media.unreadable'],
      ['20 000 × 20 000 PNG bomb', 'image/png', pngBomb(), 422, 'media.too_many_pixels'],
      ['animated WebP', 'image/webp', await animatedWebp(), 422, 'media.animated'],
      ['JSON', 'application/json', Buffer.from('{"hash":"x"}'), 415, 'media.unsupported_type'],
      ['empty', 'image/jpeg', new Uint8Array(0), 422, 'media.unreadable'],
    ];
    for (const [what, type, bytes, status, code] of cases) {
      const res = await post(city.slug, { authorization: `Bearer ${key}`, 'content-type': type }, bytes);
      expect(res.status, what).toBe(status);
      expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as { code: string; detail: string; type: string };
      expect(problem.code, what).toBe(code);
      expect(problem.type).toBe(`/problems/${code}`);
      expect(problem.detail.length, what).toBeGreaterThan(10);
    }
    expect(await storedIn(city.id)).toBe(0);
  });

  it('refuses a body over the limit early: by its declared length, or while it streams', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const key = await apiKeyFor(services, city, 'association-admin');
    const declared = await post(city.slug, { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg', 'content-length': String(50 * 1024 * 1024) }, Buffer.from([0xff, 0xd8, 0xff]));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { code: string }).code).toBe('payload_too_large');
    // No Content-Length (chunked): counted as it arrives, cut at the limit.
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(MEDIA_BODY_LIMIT)]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < huge.length; i += 1 << 20) controller.enqueue(huge.subarray(i, i + (1 << 20)));
        controller.close();
      },
    });
    const streamed = await ctx().app.request(`/api/v1/cities/${city.slug}/media`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await storedIn(city.id)).toBe(0);
  });
});

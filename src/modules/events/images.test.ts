import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import { phonePhoto, pngBomb, smallPng, svgWithScript, textAsJpeg, truncatedJpeg } from '../../../test/fixtures/images.js';
import { DomainError } from '../../platform/errors.js';
import { media } from '../../platform/media/schema.js';
import type { City } from '../cities/index.js';
import type { Business } from '../members/index.js';

// The harness clock: Friday 11 December 2026, 11:30 in Stockholm.
describeEachDatabase('events: pictures uploaded with the event form', (ctx) => {
  let city: City;
  let other: City;
  let bar: Business;
  let admin: Record<string, string>;
  let owner: Record<string, string>;

  const fields = { category: 'marknad', startDate: '2026-12-19', startTime: '10:00', endTime: '14:00', address: 'Stora torget', organiser: 'Föreningen' };
  const multipart = (headers: Record<string, string>, values: Record<string, string>, file?: { bytes: Uint8Array; name: string; type: string }) => {
    const form = new FormData();
    form.set('_csrf', headers['x-csrf-token']!);
    for (const [k, v] of Object.entries(values)) form.set(k, v);
    if (file) form.set('image', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    return { method: 'POST', headers: { cookie: headers.cookie! }, body: form };
  };
  const req = (path: string, init?: RequestInit) => ctx().app.request(path, init);
  const mediaRows = async (cityId: string) => (await ctx().services.db.select({ n: count() }).from(media).where(eq(media.cityId, cityId)))[0]!.n;
  const titled = async (title: string) => (await ctx().services.events.published(city.id)).find((e) => e.title === title) ?? null;

  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Bildköping' });
    other = await insertCity(s);
    bar = await insertBusiness(s, city, { name: 'Baren Bild', category: 'bar' });
    admin = await sessionHeaders(s, (await insertUser(s, 'association-admin', city)).userId);
    owner = await sessionHeaders(s, (await insertUser(s, 'merchant-owner', city, bar.id)).userId);
    await s.events.setTrusted((await insertUser(s, 'association-admin', city)).actor, city.id, bar.id, true);
  });

  it('stores the picture without its GPS position and shows it on the event page, in the list, the calendar, the API, schema.org and Open Graph', async () => {
    const alt = 'Marknadsstånd med äpplen på Stora torget';
    const sent = await req(`/${city.slug}/admin/evenemang`, multipart(admin, { ...fields, title: 'Julmarknad med bild', imageAlt: alt }, { bytes: await phonePhoto(), name: 'IMG_0042.JPG', type: 'image/jpeg' }));
    expect(sent.status, (await sent.clone().text()).slice(0, 500)).toBe(303);
    const event = (await titled('Julmarknad med bild'))!;
    expect(event.image).toMatchObject({ alt, width: 800, height: 1200, widths: [320, 640, 800], jpegWidth: 800 });
    const hash = event.image!.hash;
    const base = `/media/${city.id}/${hash}`;

    const page = await (await req(`/${city.slug}/evenemang/${event.id}`)).text();
    // `src` (for browsers without srcset) is the 960 px one, or the largest below it.
    expect(page).toContain(`<img src="${base}-800.webp" srcset="${base}-320.webp 320w, ${base}-640.webp 640w, ${base}-800.webp 800w" sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)" width="800" height="1200" alt="${alt}" loading="eager" decoding="async" fetchpriority="high"`);
    expect(page).toContain(`<meta property="og:image" content="http://localhost${base}-800.jpg"/>`);
    expect(page).toContain('<meta property="og:image:type" content="image/jpeg"/>');
    expect(page).toContain(`<meta property="og:image:alt" content="${alt}"/>`);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!) as { image: string[] };
    expect(ld.image).toEqual([`http://localhost${base}-800.jpg`, `http://localhost${base}-800.webp`]);

    const list = await (await req(`/${city.slug}/evenemang`)).text();
    expect(list).toMatch(new RegExp(`<img class="event-thumb" src="${base}-320.webp" srcset="[^"]+" sizes="5.5rem" width="320" height="480" alt="" loading="eager"`));
    const calendar = await (await req(`/${city.slug}/evenemang?vy=kalender`)).text();
    expect(calendar).toMatch(new RegExp(`<img class="calendar-thumb" src="${base}-320.webp"[^>]+alt="" loading="lazy"`));

    const api = (await (await req(`/api/v1/cities/${city.slug}/events?from=2026-12-19&to=2026-12-19`)).json()) as { items: Array<{ title: string; image: unknown }> };
    expect(api.items.find((i) => i.title === 'Julmarknad med bild')!.image).toEqual({ url: `${base}-640.webp`, srcset: `${base}-320.webp 320w, ${base}-640.webp 640w, ${base}-800.webp 800w`, width: 640, height: 960, alt, jpeg: `${base}-800.jpg` });

    // What the public gets has no EXIF left: no GPS position, no camera, no comment.
    for (const name of ['320.webp', '640.webp', '800.webp', '800.jpg']) {
      const res = await req(`${base}-${name}`);
      expect(res.status, name).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta.exif, name).toBeUndefined();
      expect(meta.xmp, name).toBeUndefined();
      expect(bytes.toString('latin1'), name).not.toMatch(/Testfon|Anna|GPS/);
    }
    // Another city sees nothing at that hash.
    expect((await req(`/media/${other.id}/${hash}-640.webp`)).status).toBe(404);
  });

  it("lets a member add a picture, and never another city's", async () => {
    const sent = await req(`/${city.slug}/butik/${bar.slug}/evenemang`, multipart(owner, { ...fields, title: 'Quiz med bild', place: bar.id, imageAlt: 'Baren full av folk' }, { bytes: await smallPng('#225588'), name: 'quiz.png', type: 'image/png' }));
    expect(sent.status).toBe(303);
    const quiz = (await titled('Quiz med bild'))!;
    expect(quiz.image?.alt).toBe('Baren full av folk');

    // The other city's admin names this city's picture: refused, it is not theirs.
    const otherAdmin = (await insertUser(ctx().services, 'association-admin', other)).actor;
    const attempt = await ctx()
      .services.events.create(otherAdmin, other.id, { title: 'Lånad bild', category: 'kultur', startDate: '2026-12-20', startTime: '12:00', address: 'Torget', organiser: 'De andra', image: { hash: quiz.image!.hash, alt: 'Lånad' } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(attempt).toBeInstanceOf(DomainError);
    expect((attempt as DomainError).code).toBe('validation');
    expect((attempt as DomainError).extra.errors).toEqual([{ path: '/image/hash', message: 'Bilden finns inte i den här staden.', code: 'invalid_value' }]);
    expect(await mediaRows(other.id)).toBe(0);
  });

  it('asks for alt text, and stores nothing until the whole form is right', async () => {
    const before = await mediaRows(city.id);
    const noAlt = await req(`/${city.slug}/admin/evenemang`, multipart(admin, { ...fields, title: 'Utan alt-text' }, { bytes: await smallPng('#aa3311'), name: 'a.png', type: 'image/png' }));
    expect(noAlt.status).toBe(400);
    const text = await noAlt.text();
    expect(text).toContain('Beskriv vad bilden visar, för den som inte ser den.');
    expect(text).toContain('Välj bilden igen: den sparas först när evenemanget sparas.');
    expect(text).toContain('aria-invalid="true" aria-describedby="imageAlt-fel imageAlt-tips"');
    expect(await titled('Utan alt-text')).toBeNull();
    expect(await mediaRows(city.id)).toBe(before);
  });

  it('refuses hostile files on the page with a plain Swedish message and keeps nothing', async () => {
    const before = await mediaRows(city.id);
    const hostile: Array<[string, Uint8Array, string, RegExp]> = [
      ['semester.jpg', textAsJpeg, 'image/jpeg', /Filen är inte en bild vi kan ta emot/],
      ['logo.svg', svgWithScript, 'image/svg+xml', /SVG-bilder tas inte emot/],
      ['halv.jpg', await truncatedJpeg(), 'image/jpeg', /Bilden gick inte att läsa/],
      ['bomb.png', pngBomb(), 'image/png', /Bilden har för många pixlar/],
    ];
    for (const [name, bytes, type, message] of hostile) {
      const res = await req(`/${city.slug}/butik/${bar.slug}/evenemang`, multipart(owner, { ...fields, title: `Fientlig ${name}`, place: bar.id, imageAlt: 'Något' }, { bytes, name, type }));
      expect(res.status, name).toBe(400);
      expect(res.headers.get('content-type'), name).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html, name).toMatch(message);
      expect(html).not.toContain('<script>alert');
      expect(await titled(`Fientlig ${name}`), name).toBeNull();
    }
    expect(await mediaRows(city.id)).toBe(before);

    // A body over the limit is refused from its length alone, with a page in Swedish.
    const huge = await req(`/${city.slug}/admin/evenemang`, { method: 'POST', headers: { cookie: admin.cookie!, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024) }, body: '--x--' });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await huge.text()).toContain('Det du skickade är större än formuläret tar emot (högst 10 MB).');
  });

  it('removes the picture with its last event', async () => {
    const s = ctx().services;
    const adminActor = (await insertUser(s, 'association-admin', city)).actor;
    const upload = await s.media.prepare(await smallPng('#99cc00'));
    const first = await s.events.create(adminActor, city.id, { title: 'Första', category: 'kultur', startDate: '2026-12-21', startTime: '12:00', address: 'Torget', organiser: 'F', image: { hash: upload.hash, alt: 'Grönt' } }, { upload });
    const second = await s.events.create(adminActor, city.id, { title: 'Andra', category: 'kultur', startDate: '2026-12-22', startTime: '12:00', address: 'Torget', organiser: 'F', image: { hash: upload.hash, alt: 'Grönt igen' } });
    expect(second.image?.hash).toBe(upload.hash);
    await s.events.remove(adminActor, city.id, first.id);
    expect(await s.media.get(city.id, upload.hash)).not.toBeNull();
    await s.events.remove(adminActor, city.id, second.id);
    expect(await s.media.get(city.id, upload.hash)).toBeNull();
    expect((await req(`/media/${city.id}/${upload.hash}-400.webp`)).status).toBe(404);
  });
});

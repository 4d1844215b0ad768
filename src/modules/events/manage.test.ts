import { randomBytes } from 'node:crypto';
import ICAL from 'ical.js';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import { smallPng } from '../../../test/fixtures/images.js';
import type { Actor } from '../../platform/auth/roles.js';
import type { City } from '../cities/index.js';
import type { Business } from '../members/index.js';
import type { Event } from './service.js';

// The harness clock: Friday 11 December 2026, 11:30 in Stockholm.
describeEachDatabase('events: the edit, cancel and delete pages', (ctx) => {
  let city: City;
  let other: City;
  let bar: Business;
  let shop: Business;
  let admin: Record<string, string>;
  let staff: Record<string, string>;
  let owner: Record<string, string>;
  let shopOwner: Record<string, string>;
  let adminActor: Actor;
  let quiz: Event;

  const req = (path: string, init?: RequestInit) => ctx().app.request(path, init);
  const get = (path: string, headers?: Record<string, string>) => req(path, headers ? { headers: { cookie: headers.cookie! } } : {});
  const html = async (path: string, headers?: Record<string, string>, status = 200) => {
    const res = await get(path, headers);
    const text = await res.text();
    expect(res.status, text.slice(0, 400)).toBe(status);
    return text;
  };
  const multipart = (headers: Record<string, string>, values: Record<string, string>, file?: { bytes: Uint8Array; name: string; type: string }, csrf = true) => {
    const form = new FormData();
    if (csrf) form.set('_csrf', headers['x-csrf-token']!);
    for (const [k, v] of Object.entries(values)) form.set(k, v);
    if (file) form.set('image', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    return { method: 'POST', headers: { cookie: headers.cookie! }, body: form };
  };
  const post = (headers: Record<string, string>, fields: Record<string, string> = {}) => {
    const body = new URLSearchParams(fields);
    body.set('_csrf', headers['x-csrf-token']!);
    return { method: 'POST', headers: { cookie: headers.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body };
  };
  let quizFields: Record<string, string>;
  const feed = async () => {
    const cal = new ICAL.Component(ICAL.parse(await (await req(`/${city.slug}/evenemang.ics`)).text()));
    ICAL.TimezoneService.register(new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone')!));
    return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  };
  const ld = (page: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!) as { eventStatus: string; name: string };

  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Redigeringsköping' });
    other = await insertCity(s);
    bar = await insertBusiness(s, city, { name: 'Baren Röd', lat: 57.78, lng: 14.16 });
    shop = await insertBusiness(s, city, { name: 'Boden Grön' });
    const adminUser = await insertUser(s, 'association-admin', city);
    adminActor = adminUser.actor;
    admin = await sessionHeaders(s, adminUser.userId);
    staff = await sessionHeaders(s, (await insertUser(s, 'association-staff', city)).userId);
    owner = await sessionHeaders(s, (await insertUser(s, 'merchant-owner', city, bar.id)).userId);
    shopOwner = await sessionHeaders(s, (await insertUser(s, 'merchant-owner', city, shop.id)).userId);
    // Published while the bar was trusted; it is not any more, so its edits are reviewed.
    await s.events.setTrusted(adminActor, city.id, bar.id, true);
    quiz = await s.events.create((await insertUser(s, 'merchant-owner', city, bar.id)).actor, city.id, { title: 'Pubquiz', category: 'kultur', startDate: '2026-12-16', startTime: '19:00', endTime: '21:00', rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=6', placeBusinessId: bar.id, organiserBusinessId: bar.id, organiser: 'Baren Röd' });
    await s.events.setTrusted(adminActor, city.id, bar.id, false);
    quizFields = { title: 'Pubquiz', category: 'kultur', startDate: '2026-12-16', startTime: '19:00', endTime: '21:00', repeat: 'keep', place: bar.id, address: '', price: '' };
  });

  it("prefills the member's edit form, and a mistake answers 400 in Swedish and changes nothing", async () => {
    const list = await html(`/${city.slug}/butik/${bar.slug}/evenemang`, owner);
    expect(list).toContain(`href="/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}" aria-label="Ändra Pubquiz"`);
    expect(list).toContain('Ställ in…');

    const page = await html(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, owner);
    expect(page).toContain('<h1>Ändra evenemang</h1>');
    expect(page).toMatch(/id="title" name="title" type="text" value="Pubquiz"/);
    expect(page).toMatch(/id="startDate" name="startDate" type="date" value="2026-12-16"/);
    expect(page).toContain('<option value="keep" selected="">Som nu: Varje onsdag</option>');
    expect(page).toContain('name="_csrf"');
    expect(page).toContain('Ändringar i ett publicerat evenemang granskas av föreningen');

    const bad = await req(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, multipart(owner, { ...quizFields, title: '', startTime: '7 på kvällen', link: 'www.baren.se' }));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Skriv en rubrik.');
    expect(text).toContain('Ange en tid som 19:00.');
    expect(text).toContain('Ange en webbadress som börjar med https://.');
    expect(text).toContain('aria-invalid="true" aria-describedby="startTime-fel startTime-tips"');
    const unchanged = await ctx().services.events.editable(adminActor, city.id, quiz.id);
    expect(unchanged).toMatchObject({ title: 'Pubquiz', startTime: '19:00', pendingChanges: null, sequence: 0 });
  });

  it("holds an untrusted member's edit for review; the public sees the old version until an admin approves it, then at once", async () => {
    // Warm the public caches first: they must forget the event when it changes.
    expect(await html(`/${city.slug}/evenemang`)).toContain('Pubquiz');
    expect(await html(`/${city.slug}/evenemang/${quiz.id}`)).toContain('<h1>Pubquiz</h1>');

    const sent = await req(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, multipart(owner, { ...quizFields, title: 'Pubquiz med julfinal', price: '50' }));
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/${city.slug}/butik/${bar.slug}/evenemang?klart=andring-granskas`);
    expect(await html(`/${city.slug}/evenemang/${quiz.id}`)).toContain('<h1>Pubquiz</h1>');
    expect(await html(`/${city.slug}/evenemang`)).not.toContain('Pubquiz med julfinal');
    // The member's form continues from its own proposal.
    expect(await html(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, owner)).toMatch(/name="title" type="text" value="Pubquiz med julfinal"/);

    const review = await html(`/${city.slug}/admin/evenemang`, admin);
    expect(review).toContain('Ändringar som väntar på granskning');
    expect(review).toMatch(/<th scope="row">Rubrik<\/th><td>Pubquiz<\/td><td>Pubquiz med julfinal<\/td>/);
    expect(review).toMatch(/<th scope="row">Pris<\/th><td>Fri entré<\/td><td>50\skr<\/td>/);
    // Only what changed is shown.
    expect([...review.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1])).toEqual(['Rubrik', 'Pris']);
    // Staff see the change but cannot decide it.
    expect(await html(`/${city.slug}/admin/evenemang`, staff)).not.toContain('Godkänn ändringen');
    expect((await req(`/${city.slug}/admin/evenemang/${quiz.id}/andring/godkann`, post(staff))).status).toBe(403);

    const approved = await req(`/${city.slug}/admin/evenemang/${quiz.id}/andring/godkann`, post(admin));
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`/${city.slug}/admin/evenemang?klart=andring-godkand`);
    expect(await html(`/${city.slug}/evenemang/${quiz.id}`)).toContain('<h1>Pubquiz med julfinal</h1>');
    expect(await html(`/${city.slug}/evenemang`)).toContain('Pubquiz med julfinal');
    const [vevent] = (await feed()).filter((v) => v.summary.includes('Pubquiz'));
    expect(vevent!.summary).toBe('Pubquiz med julfinal');
    expect(vevent!.sequence).toBe(1);
  });

  it("applies the association's edit at once: the picture kept with new alt text, replaced, removed, and a missing replacement refused", async () => {
    const s = ctx().services;
    const first = await s.media.prepare(await smallPng('#2255aa'));
    const market = await s.events.create(adminActor, city.id, { title: 'Julmarknad', category: 'marknad', startDate: '2026-12-19', startTime: '10:00', address: 'Stora torget', organiser: 'Föreningen', image: { hash: first.hash, alt: 'Stånd' } }, { upload: first });
    const path = `/${city.slug}/admin/evenemang/${market.id}`;
    const fields = { title: 'Julmarknad', category: 'marknad', startDate: '2026-12-19', startTime: '10:00', address: 'Stora torget', organiser: 'Föreningen' };

    const form = await html(path, staff);
    expect(form).toContain('<legend>Nuvarande bild</legend>');
    expect(form).toMatch(/name="imageAlt" type="text" value="Stånd"/);
    expect(form).not.toContain('Ta bort evenemanget…'); // staff do not delete

    const kept = await req(path, multipart(staff, { ...fields, imageAction: 'keep', imageAlt: 'Marknadsstånd med granris' }));
    expect(kept.status).toBe(303);
    expect(kept.headers.get('location')).toBe(`/${city.slug}/admin/evenemang?klart=andrat`);
    expect((await s.events.getPublished(city.id, market.id))!.image).toMatchObject({ hash: first.hash, alt: 'Marknadsstånd med granris' });
    expect(await html(`/${city.slug}/evenemang/${market.id}`)).toContain('alt="Marknadsstånd med granris"');

    const noFile = await req(path, multipart(staff, { ...fields, imageAction: 'replace', imageAlt: 'X' }));
    expect(noFile.status).toBe(400);
    expect(await noFile.text()).toContain('Välj den nya bilden, eller välj Behåll bilden.');

    const replaced = await req(path, multipart(staff, { ...fields, imageAction: 'keep', imageAlt: 'Rött tält' }, { bytes: await smallPng('#aa2222'), name: 'nytt.png', type: 'image/png' }));
    expect(replaced.status).toBe(303);
    const now = (await s.events.getPublished(city.id, market.id))!;
    expect(now.image?.hash).not.toBe(first.hash);
    expect(now.image?.alt).toBe('Rött tält');
    expect(await s.media.get(city.id, first.hash)).toBeNull();

    expect((await req(path, multipart(staff, { ...fields, imageAction: 'remove', imageAlt: 'Rött tält' }))).status).toBe(303);
    expect((await s.events.getPublished(city.id, market.id))!.image).toBeNull();
    expect(await s.media.get(city.id, now.image!.hash)).toBeNull();
  });

  it('calls an event off: listed as "Inställt", schema.org EventCancelled, status in the API, STATUS:CANCELLED with a higher SEQUENCE in the feed; and back', async () => {
    const before = (await feed()).find((v) => v.summary === 'Pubquiz med julfinal')!;
    const done = await req(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}/stall-in`, post(owner));
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/${city.slug}/butik/${bar.slug}/evenemang?klart=installt`);

    const list = await html(`/${city.slug}/evenemang`);
    const card = list.slice(list.indexOf('Pubquiz med julfinal') - 600, list.indexOf('Pubquiz med julfinal') + 400);
    expect(card).toContain('<strong class="tag tag-cancelled">Inställt</strong>');
    const page = await html(`/${city.slug}/evenemang/${quiz.id}`);
    expect(page).toContain('Evenemanget blir inte av.');
    expect(ld(page).eventStatus).toBe('https://schema.org/EventCancelled');
    const api = (await (await req(`/api/v1/cities/${city.slug}/events?from=2026-12-16&to=2026-12-23`)).json()) as { items: Array<{ id: string; status: string }> };
    expect(api.items.filter((i) => i.id === quiz.id).map((i) => i.status)).toEqual(['cancelled', 'cancelled']);

    const after = (await feed()).find((v) => v.uid === before.uid)!;
    expect(after.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(after.sequence).toBe(before.sequence + 1);
    const single = await (await req(`/${city.slug}/evenemang/${quiz.id}/kalender.ics`)).text();
    expect(single).toContain('STATUS:CANCELLED');

    expect((await req(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}/ateruppta`, post(owner))).status).toBe(303);
    expect(ld(await html(`/${city.slug}/evenemang/${quiz.id}`)).eventStatus).toBe('https://schema.org/EventScheduled');
    const reinstated = (await feed()).find((v) => v.uid === before.uid)!;
    expect(reinstated.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(reinstated.sequence).toBe(before.sequence + 2);
  });

  it('calls one date of a series off: that date marked, the others not, an EXDATE in the feed, gone from the map', async () => {
    const map = await html(`/${city.slug}/karta`);
    expect(map).toContain('Pubquiz med julfinal');
    const edit = await html(`/${city.slug}/admin/evenemang/${quiz.id}`, staff);
    expect(edit).toContain('Ställ in ett tillfälle');
    expect(edit).toContain('aria-label="Ställ in onsdag 16 december"');

    const res = await req(`/${city.slug}/admin/evenemang/${quiz.id}/stall-in`, post(staff, { datum: '2026-12-16' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/${city.slug}/admin/evenemang/${quiz.id}?klart=datum-installt`);
    expect(await html(`/${city.slug}/admin/evenemang/${quiz.id}?klart=datum-installt`, staff)).toContain('aria-label="Återuppta onsdag 16 december"');

    const api = (await (await req(`/api/v1/cities/${city.slug}/events?from=2026-12-16&to=2026-12-23`)).json()) as { items: Array<{ id: string; localDate: string; status: string }> };
    expect(api.items.filter((i) => i.id === quiz.id).map((i) => [i.localDate, i.status])).toEqual([
      ['2026-12-16', 'cancelled'],
      ['2026-12-23', 'scheduled'],
    ]);
    const page = await html(`/${city.slug}/evenemang/${quiz.id}`);
    expect(page).toContain('onsdag 16 december, kl. 19–21</time> – inställt');
    expect(ld(page).eventStatus).toBe('https://schema.org/EventCancelled'); // the date it leads with
    const vevent = (await feed()).find((v) => v.summary === 'Pubquiz med julfinal')!;
    expect(vevent.component.getFirstProperty('exdate')!.getFirstValue()!.toString()).toBe('2026-12-16T19:00:00');
    // The map page forgets its copy: it now shows the next date that takes place, the 23rd.
    const later = await html(`/${city.slug}/karta`);
    expect(later).toContain('Pubquiz med julfinal');
    expect(later).toContain('23 december');
    expect(later).not.toContain('16 december');
  });

  it("lists the association's upcoming published events with edit and cancel, and keeps members to their own events", async () => {
    const page = await html(`/${city.slug}/admin/evenemang`, staff);
    expect(page).toContain('<h2>Kommande evenemang</h2>');
    expect(page).toContain(`href="/${city.slug}/admin/evenemang/${quiz.id}" aria-label="Ändra Pubquiz med julfinal"`);
    expect(page).toContain('Ställ in…');
    expect(page).toContain('aria-label="Ställ in Julmarknad"');

    // Another business's owner: refused for the event under their own business's address, and the bar's pages are closed to them.
    expect((await get(`/${city.slug}/butik/${shop.slug}/evenemang/${quiz.id}`, shopOwner)).status).toBe(403);
    const posted = await req(`/${city.slug}/butik/${shop.slug}/evenemang/${quiz.id}`, multipart(shopOwner, { ...quizFields, title: 'Kapad' }));
    expect(posted.status).toBe(403);
    expect((await req(`/${city.slug}/butik/${shop.slug}/evenemang/${quiz.id}/stall-in`, post(shopOwner))).status).toBe(403);
    expect((await get(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, shopOwner)).status).toBe(403);
    expect((await req(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}/stall-in`, post(shopOwner))).status).toBe(403);
    // Members never reach the association's pages; another city's address does not know the event.
    expect((await get(`/${city.slug}/admin/evenemang/${quiz.id}`, owner)).status).toBe(403);
    expect((await get(`/${other.slug}/admin/evenemang/${quiz.id}`, admin)).status).toBe(403);
    const otherAdmin = await sessionHeaders(ctx().services, (await insertUser(ctx().services, 'association-admin', other)).userId);
    expect((await get(`/${other.slug}/admin/evenemang/${quiz.id}`, otherAdmin)).status).toBe(404);
    expect((await req(`/${other.slug}/admin/evenemang/${quiz.id}/stall-in`, post(otherAdmin))).status).toBe(404);
    // Someone with both businesses still edits an event only under the business that organises it.
    const both = await insertUser(ctx().services, 'merchant-owner', city, shop.id);
    await ctx().services.auth.grantRole(both.userId, { role: 'merchant-owner', cityId: city.id, businessId: bar.id });
    const bothHeaders = await sessionHeaders(ctx().services, both.userId);
    expect((await get(`/${city.slug}/butik/${shop.slug}/evenemang/${quiz.id}`, bothHeaders)).status).toBe(404);
    expect((await get(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, bothHeaders)).status).toBe(200);
    expect((await ctx().services.events.editable(adminActor, city.id, quiz.id)).title).toBe('Pubquiz med julfinal');

    // Every form needs its CSRF token.
    const noToken = await req(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, multipart(owner, { ...quizFields, title: 'Utan token' }, undefined, false));
    expect(noToken.status).toBe(403);
    expect((await ctx().services.events.editable(adminActor, city.id, quiz.id)).pendingChanges).toBeNull();
  });

  it("takes a phone's photo (larger than ordinary forms' 256 kB) on the edit form too", async () => {
    const noise = await sharp(randomBytes(900 * 700 * 3), { raw: { width: 900, height: 700, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    expect(noise.length).toBeGreaterThan(400 * 1024);
    const res = await req(`/${city.slug}/butik/${bar.slug}/evenemang/${quiz.id}`, multipart(owner, { ...quizFields, title: 'Pubquiz med julfinal', price: '50', imageAlt: 'Brus' }, { bytes: noise, name: 'IMG_1.JPG', type: 'image/jpeg' }));
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(303);
    expect((await ctx().services.events.editable(adminActor, city.id, quiz.id)).pendingChanges?.fields.image?.alt).toBe('Brus');
    expect((await req(`/${city.slug}/admin/evenemang/${quiz.id}/andring/avsla`, post(admin))).status).toBe(303);
  });

  it('deletes only after a confirmation page, and only for admins', async () => {
    const s = ctx().services;
    const upload = await s.media.prepare(await smallPng('#00aa55'));
    const e = await s.events.create(adminActor, city.id, { title: 'Felinlagt', category: 'ovrigt', startDate: '2026-12-20', startTime: '12:00', address: 'Torget', organiser: 'Föreningen', image: { hash: upload.hash, alt: 'Grönt' } }, { upload });
    const path = `/${city.slug}/admin/evenemang/${e.id}/ta-bort`;
    expect((await get(path, staff)).status).toBe(403);
    expect((await req(path, post(staff))).status).toBe(403);
    expect(await html(`/${city.slug}/admin/evenemang/${e.id}`, admin)).toContain(`href="${path}"`);
    const confirm = await html(path, admin);
    expect(confirm).toContain('<h1>Ta bort evenemanget?</h1>');
    expect(confirm).toContain('Det går inte att ångra.');
    expect(confirm).toContain('Ja, ta bort evenemanget');
    expect(await html(`/${city.slug}/evenemang/${e.id}`)).toContain('Felinlagt');

    const gone = await req(path, post(admin));
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe(`/${city.slug}/admin/evenemang?klart=borttaget`);
    await html(`/${city.slug}/evenemang/${e.id}`, undefined, 404);
    expect(await s.media.get(city.id, upload.hash)).toBeNull();
    expect((await req(`/media/${city.id}/${upload.hash}-320.webp`)).status).toBe(404);
  });
});

import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import { smallPng } from '../../../test/fixtures/images.js';
import { auditLog } from '../../platform/audit/schema.js';
import type { Actor } from '../../platform/auth/roles.js';
import { anonymousActor } from '../../platform/auth/roles.js';
import { DomainError } from '../../platform/errors.js';
import type { City } from '../cities/index.js';
import type { Business } from '../members/index.js';
import type { EventInput } from './service.js';

// The harness clock: Friday 11 December 2026, 11:30 in Stockholm.
describeEachDatabase('events: editing, moderation of edits, cancelling and deleting', (ctx) => {
  let city: City;
  let other: City;
  let bar: Business;
  let shop: Business;
  let trustedCafe: Business;
  let admin: Actor;
  let staff: Actor;
  let barOwner: Actor;
  let barStaff: Actor;
  let shopOwner: Actor;
  let cafeOwner: Actor;
  let otherAdmin: Actor;

  const s = () => ctx().services;
  const base = (overrides: Partial<EventInput> = {}): EventInput => ({ title: 'Pubquiz', category: 'kultur', startDate: '2026-12-16', startTime: '19:00', endTime: '21:00', address: 'Storgatan 1', organiser: 'Baren', ...overrides });
  const failure = async (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as DomainError,
    );
  const published = async (title: string) => (await s().events.published(city.id)).find((e) => e.title === title) ?? null;
  const audited = async (id: string) => (await s().db.select().from(auditLog).where(and(eq(auditLog.cityId, city.id), eq(auditLog.entityId, id)))).map((r) => r.action);

  beforeAll(async () => {
    city = await insertCity(s(), { name: 'Ändringsköping' });
    other = await insertCity(s());
    bar = await insertBusiness(s(), city, { name: 'Baren' });
    shop = await insertBusiness(s(), city, { name: 'Boden' });
    trustedCafe = await insertBusiness(s(), city, { name: 'Kaféet' });
    admin = (await insertUser(s(), 'association-admin', city)).actor;
    staff = (await insertUser(s(), 'association-staff', city)).actor;
    barOwner = (await insertUser(s(), 'merchant-owner', city, bar.id)).actor;
    barStaff = (await insertUser(s(), 'merchant-staff', city, bar.id)).actor;
    shopOwner = (await insertUser(s(), 'merchant-owner', city, shop.id)).actor;
    cafeOwner = (await insertUser(s(), 'merchant-owner', city, trustedCafe.id)).actor;
    otherAdmin = (await insertUser(s(), 'association-admin', other)).actor;
    await s().events.setTrusted(admin, city.id, trustedCafe.id, true);
  });

  describe('editing', () => {
    it("applies the association's edit at once, bumps SEQUENCE, keeps what was called off on dates that still occur, and audits which fields changed", async () => {
      const e = await s().events.create(staff, city.id, base({ title: 'Julmarknad', rrule: 'FREQ=WEEKLY;BYDAY=WE;COUNT=4', organiser: 'Föreningen' }));
      await s().events.cancel(staff, city.id, e.id, { date: '2026-12-23' });
      await s().events.cancel(staff, city.id, e.id, { date: '2026-12-30' });
      const before = (await published('Julmarknad'))!;
      expect(before.sequence).toBe(2);
      ctx().clock.set('2026-12-11T12:00:00Z');
      // Two weeks later: 23 December is no longer a date of the series, 30 December still is.
      const { event, outcome, changed } = await s().events.update(staff, city.id, e.id, base({ title: 'Julmarknad på torget', rrule: before.rrule, startDate: '2026-12-30', startTime: '10:00', organiser: 'Föreningen' }));
      expect(outcome).toBe('applied');
      expect(changed).toEqual(['title', 'startDate', 'startTime']);
      expect(event).toMatchObject({ title: 'Julmarknad på torget', startDate: '2026-12-30', startTime: '10:00', status: 'published', sequence: 3, cancelledDates: ['2026-12-30'] });
      expect(event.updatedAt.toISOString()).toBe('2026-12-11T12:00:00.000Z');
      expect(await audited(e.id)).toEqual(expect.arrayContaining(['event.create', 'event.cancel', 'event.update']));
      const [entry] = await s().db.select().from(auditLog).where(and(eq(auditLog.entityId, e.id), eq(auditLog.action, 'event.update')));
      expect(entry!.data).toMatchObject({ changed: ['title', 'startDate', 'startTime'] });
      ctx().clock.set('2026-12-11T10:30:00Z');
    });

    it("keeps an untrusted member's edit of a published event beside it until an admin approves it; the public sees the old version meanwhile", async () => {
      await s().events.setTrusted(admin, city.id, bar.id, true);
      const e = await s().events.create(barOwner, city.id, base({ organiserBusinessId: bar.id, title: 'Pubquiz' }));
      await s().events.setTrusted(admin, city.id, bar.id, false);
      expect(e.status).toBe('published');

      const { outcome, event } = await s().events.update(barStaff, city.id, e.id, base({ title: 'Pubquiz med julfinal', priceOre: 5000, organiserBusinessId: bar.id }));
      expect(outcome).toBe('proposed');
      expect(event.pendingChanges).toMatchObject({ fields: { title: 'Pubquiz med julfinal', priceOre: 5000 }, proposedBy: barStaff.label });
      // The published version is untouched: title, sequence, last change.
      const live = (await s().events.getPublished(city.id, e.id))!;
      expect(live).toMatchObject({ title: 'Pubquiz', priceOre: null, sequence: 0, status: 'published' });
      expect(live.updatedAt.toISOString()).toBe(e.updatedAt.toISOString());
      expect((await s().events.occurrences(city.id, '2026-12-16', '2026-12-16')).find((o) => o.event.id === e.id)!.event.title).toBe('Pubquiz');
      expect((await s().events.pendingChanges(admin, city.id)).map((x) => x.id)).toContain(e.id);

      // A newer proposal replaces the older one.
      await s().events.update(barOwner, city.id, e.id, base({ title: 'Pubquiz med stor julfinal', priceOre: 5000, organiserBusinessId: bar.id }));
      expect((await s().events.editable(barOwner, city.id, e.id)).pendingChanges!.fields.title).toBe('Pubquiz med stor julfinal');

      // Staff see it but do not decide; the member cannot approve its own change.
      expect((await failure(s().events.reviewChange(staff, city.id, e.id, 'approve')))?.code).toBe('forbidden');
      expect((await failure(s().events.reviewChange(barOwner, city.id, e.id, 'approve')))?.code).toBe('forbidden');

      const approved = await s().events.reviewChange(admin, city.id, e.id, 'approve');
      expect(approved).toMatchObject({ title: 'Pubquiz med stor julfinal', priceOre: 5000, pendingChanges: null, sequence: 1, status: 'published' });
      expect((await s().events.getPublished(city.id, e.id))!.title).toBe('Pubquiz med stor julfinal');
      expect((await failure(s().events.reviewChange(admin, city.id, e.id, 'approve')))?.code).toBe('events.no_pending_change');
      expect(await audited(e.id)).toEqual(expect.arrayContaining(['event.change.propose', 'event.change.approve']));
    });

    it("discards a rejected change, and a member's edit back to the published version withdraws its proposal", async () => {
      await s().events.setTrusted(admin, city.id, shop.id, true);
      const e = await s().events.create(shopOwner, city.id, base({ organiserBusinessId: shop.id, title: 'Skyltsöndag', organiser: 'Boden' }));
      await s().events.setTrusted(admin, city.id, shop.id, false);

      await s().events.update(shopOwner, city.id, e.id, base({ organiserBusinessId: shop.id, title: 'Skyltsöndag – GRATIS ALLT', organiser: 'Boden' }));
      const rejected = await s().events.reviewChange(admin, city.id, e.id, 'reject');
      expect(rejected).toMatchObject({ title: 'Skyltsöndag', pendingChanges: null, sequence: 0 });
      expect(await audited(e.id)).toContain('event.change.reject');

      await s().events.update(shopOwner, city.id, e.id, base({ organiserBusinessId: shop.id, title: 'Skyltsöndag i december', organiser: 'Boden' }));
      const back = await s().events.update(shopOwner, city.id, e.id, base({ organiserBusinessId: shop.id, title: 'Skyltsöndag', organiser: 'Boden' }));
      expect(back.outcome).toBe('unchanged');
      expect(back.event.pendingChanges).toBeNull();
      expect(await audited(e.id)).toContain('event.change.withdraw');
    });

    it("applies a trusted member's edit at once and publishes its rejected event; an untrusted member's edit of a rejected or waiting event goes back to review", async () => {
      const waiting = await s().events.create(barOwner, city.id, base({ organiserBusinessId: bar.id, title: 'Vinterquiz' }));
      expect(waiting.status).toBe('pending');
      await s().events.moderate(admin, city.id, waiting.id, 'rejected');
      const again = await s().events.update(barOwner, city.id, waiting.id, base({ organiserBusinessId: bar.id, title: 'Vinterquiz (ny tid)', startTime: '18:00' }));
      expect(again.outcome).toBe('pending');
      expect(again.event).toMatchObject({ status: 'pending', title: 'Vinterquiz (ny tid)', startTime: '18:00', pendingChanges: null });
      expect(await s().events.getPublished(city.id, waiting.id)).toBeNull();

      const cafeEvent = await s().events.create(cafeOwner, city.id, base({ organiserBusinessId: trustedCafe.id, title: 'Fika' }));
      expect(cafeEvent.status).toBe('published');
      const cafeEdit = await s().events.update(cafeOwner, city.id, cafeEvent.id, base({ organiserBusinessId: trustedCafe.id, title: 'Fika med lussebullar' }));
      expect(cafeEdit.outcome).toBe('applied');
      expect((await s().events.getPublished(city.id, cafeEvent.id))!.title).toBe('Fika med lussebullar');

      await s().events.setTrusted(admin, city.id, bar.id, true);
      const trusted = await s().events.update(barOwner, city.id, waiting.id, base({ organiserBusinessId: bar.id, title: 'Vinterquiz' }));
      expect(trusted.outcome).toBe('applied');
      expect(trusted.event.status).toBe('published');
      await s().events.setTrusted(admin, city.id, bar.id, false);
    });

    it('refuses bad input with Swedish messages and changes nothing', async () => {
      const e = await s().events.create(admin, city.id, base({ title: 'Luciatåg', organiser: 'Föreningen' }));
      const err = await failure(s().events.update(admin, city.id, e.id, base({ title: 'L', startTime: '25:00', link: 'ftp://x' })));
      expect(err?.code).toBe('validation');
      expect(err?.extra.errors?.map((x) => x.message)).toEqual(expect.arrayContaining(['Skriv en rubrik.', 'Ange en tid som 19:00.', 'Ange en webbadress som börjar med https://.']));
      expect(await s().events.getPublished(city.id, e.id)).toMatchObject({ title: 'Luciatåg', sequence: 0 });
    });

    it('never moves an event to another organiser, and keeps members to their own events, their own city and their role', async () => {
      const mine = await s().events.create(barOwner, city.id, base({ organiserBusinessId: bar.id, title: 'Barens egen' }));
      const association = await s().events.create(admin, city.id, base({ title: 'Föreningens egen', organiser: 'Föreningen' }));
      const elsewhere = await s().events.create(otherAdmin, other.id, base({ title: 'Annan stads', organiser: 'De andra' }));

      // Another business's people, or the organiser of another business's event: forbidden.
      for (const [actor, id] of [
        [shopOwner, mine.id],
        [barOwner, association.id],
        [cafeOwner, mine.id],
      ] as const) {
        expect((await failure(s().events.update(actor, city.id, id, base({ title: 'Kapad' }))))?.code).toBe('forbidden');
        expect((await failure(s().events.cancel(actor, city.id, id)))?.code).toBe('forbidden');
        expect((await failure(s().events.editable(actor, city.id, id)))?.code).toBe('forbidden');
      }
      // Another city's event is not found in this city, even for this city's admin; the other city's own admin is refused here.
      expect((await failure(s().events.update(admin, city.id, elsewhere.id, base())))?.code).toBe('events.not_found');
      expect((await failure(s().events.cancel(barOwner, city.id, elsewhere.id)))?.code).toBe('events.not_found');
      expect((await failure(s().events.update(otherAdmin, city.id, mine.id, base())))?.code).toBe('forbidden');
      expect((await failure(s().events.update(anonymousActor, city.id, mine.id, base())))?.code).toBe('unauthorized');

      // A member naming another organiser keeps its own: the organising business never changes.
      const { event } = await s().events.update(barOwner, city.id, mine.id, base({ title: 'Barens egen', organiserBusinessId: shop.id }));
      expect(event.organiserBusinessId).toBe(bar.id);
      expect((await s().events.editable(barOwner, city.id, mine.id)).title).toBe('Barens egen');
      expect((await s().events.editable(admin, city.id, elsewhere.id).catch((e: DomainError) => e.code))).toBe('events.not_found');
    });
  });

  describe('pictures on edit', () => {
    it("keeps, replaces and removes the picture; a proposal's new picture waits with it and goes when the proposal is rejected", async () => {
      const first = await s().media.prepare(await smallPng('#113355'));
      const e = await s().events.create(admin, city.id, base({ title: 'Bildbyte', organiser: 'Föreningen', image: { hash: first.hash, alt: 'Blått' } }), { upload: first });

      // Kept, with a new alt text.
      const kept = await s().events.update(admin, city.id, e.id, base({ title: 'Bildbyte', organiser: 'Föreningen', image: { hash: first.hash, alt: 'Mörkblå himmel' } }));
      expect(kept.changed).toEqual(['image']);
      expect(kept.event.image).toMatchObject({ hash: first.hash, alt: 'Mörkblå himmel' });

      // Replaced: the new one is stored with the edit, the old one goes (nothing else shows it).
      const second = await s().media.prepare(await smallPng('#335511'));
      const replaced = await s().events.update(admin, city.id, e.id, base({ title: 'Bildbyte', organiser: 'Föreningen', image: { hash: second.hash, alt: 'Grönt' } }), { upload: second });
      expect(replaced.event.image?.hash).toBe(second.hash);
      expect(await s().media.get(city.id, first.hash)).toBeNull();
      expect(await s().media.get(city.id, second.hash)).not.toBeNull();

      // Removed.
      const removed = await s().events.update(admin, city.id, e.id, base({ title: 'Bildbyte', organiser: 'Föreningen', image: null }));
      expect(removed.event.image).toBeNull();
      expect(await s().media.get(city.id, second.hash)).toBeNull();

      // A member's proposed picture is stored with the proposal and removed with its rejection.
      await s().events.setTrusted(admin, city.id, shop.id, true);
      const theirs = await s().events.create(shopOwner, city.id, base({ organiserBusinessId: shop.id, title: 'Bodens bild', organiser: 'Boden' }));
      await s().events.setTrusted(admin, city.id, shop.id, false);
      const proposed = await s().media.prepare(await smallPng('#aa00aa'));
      await s().events.update(shopOwner, city.id, theirs.id, base({ organiserBusinessId: shop.id, title: 'Bodens bild', organiser: 'Boden', image: { hash: proposed.hash, alt: 'Lila' } }), { upload: proposed });
      expect(await s().media.get(city.id, proposed.hash)).not.toBeNull();
      expect((await s().events.getPublished(city.id, theirs.id))!.image).toBeNull();
      await s().events.reviewChange(admin, city.id, theirs.id, 'reject');
      expect(await s().media.get(city.id, proposed.hash)).toBeNull();

      // Another city's picture is refused on edit as on create.
      const foreign = await s().media.prepare(await smallPng('#010203'));
      await s().events.create(otherAdmin, other.id, base({ title: 'Deras', organiser: 'De', image: { hash: foreign.hash, alt: 'Deras' } }), { upload: foreign });
      const err = await failure(s().events.update(admin, city.id, e.id, base({ title: 'Bildbyte', organiser: 'Föreningen', image: { hash: foreign.hash, alt: 'Lånad' } })));
      expect(err?.extra.errors).toEqual([{ path: '/image/hash', message: 'Bilden finns inte i den här staden.', code: 'invalid_value' }]);
    });
  });

  describe('cancelling', () => {
    it('marks the whole event or one date as called off, keeps it listed, bumps SEQUENCE once per real change, and takes it back', async () => {
      const e = await s().events.create(admin, city.id, base({ title: 'Söndagsloppis', rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=5', startDate: '2026-12-13', startTime: '10:00', organiser: 'Föreningen' }));
      const one = await s().events.cancel(staff, city.id, e.id, { date: '2026-12-20' });
      expect(one).toMatchObject({ cancelledDates: ['2026-12-20'], cancelledAt: null, sequence: 1 });
      // Asking again changes nothing.
      expect((await s().events.cancel(staff, city.id, e.id, { date: '2026-12-20' })).sequence).toBe(1);
      const dates = (await s().events.occurrences(city.id, '2026-12-13', '2026-12-27')).filter((o) => o.event.id === e.id);
      expect(dates.map((o) => [o.date, o.cancelled])).toEqual([
        ['2026-12-13', false],
        ['2026-12-20', true],
        ['2026-12-27', false],
      ]);
      expect((await failure(s().events.cancel(admin, city.id, e.id, { date: '2026-12-21' })))?.extra.errors?.[0]?.message).toBe('Evenemanget äger inte rum den dagen.');

      const all = await s().events.cancel(admin, city.id, e.id);
      expect(all.cancelledAt?.toISOString()).toBe('2026-12-11T10:30:00.000Z');
      expect(all.sequence).toBe(2);
      expect((await s().events.occurrences(city.id, '2026-12-13', '2026-12-27')).filter((o) => o.event.id === e.id).every((o) => o.cancelled)).toBe(true);
      expect(await published('Söndagsloppis')).not.toBeNull();

      const back = await s().events.reinstate(admin, city.id, e.id);
      expect(back).toMatchObject({ cancelledAt: null, cancelledDates: ['2026-12-20'], sequence: 3 });
      const date = await s().events.reinstate(admin, city.id, e.id, { date: '2026-12-20' });
      expect(date).toMatchObject({ cancelledDates: [], sequence: 4 });
      expect(await audited(e.id)).toEqual(expect.arrayContaining(['event.cancel', 'event.reinstate']));
    });

    it('keeps every date when two people call dates off at the same moment', async () => {
      const e = await s().events.create(admin, city.id, base({ title: 'Kvällsöppet', rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=6', startDate: '2026-12-17', organiser: 'Föreningen' }));
      await Promise.all(['2026-12-17', '2026-12-24', '2026-12-31', '2027-01-07'].map((date, i) => s().events.cancel(i % 2 ? staff : admin, city.id, e.id, { date })));
      const now = await s().events.editable(admin, city.id, e.id);
      expect(now.cancelledDates).toEqual(['2026-12-17', '2026-12-24', '2026-12-31', '2027-01-07']);
      expect(now.sequence).toBe(4);
    });

    it("lets a member call off its own event at once, even when it is not trusted, and refuses a date on a one-off event", async () => {
      await s().events.setTrusted(admin, city.id, bar.id, true);
      const e = await s().events.create(barOwner, city.id, base({ organiserBusinessId: bar.id, title: 'Glöggkväll' }));
      await s().events.setTrusted(admin, city.id, bar.id, false);
      const cancelled = await s().events.cancel(barStaff, city.id, e.id);
      expect(cancelled.cancelledAt).not.toBeNull();
      expect((await s().events.getPublished(city.id, e.id))!.cancelledAt).not.toBeNull();
      expect((await failure(s().events.cancel(barOwner, city.id, e.id, { date: '2026-12-16' })))?.extra.errors?.[0]?.message).toBe('Evenemanget upprepas inte: ställ in hela evenemanget i stället.');
    });
  });

  describe('deleting', () => {
    it('is for association admins only, and removes the picture with the event', async () => {
      const upload = await s().media.prepare(await smallPng('#ffaa00'));
      const e = await s().events.create(barOwner, city.id, base({ organiserBusinessId: bar.id, title: 'Borttagen', image: { hash: upload.hash, alt: 'Orange' } }), { upload });
      for (const actor of [barOwner, barStaff, staff, otherAdmin]) expect((await failure(s().events.remove(actor, city.id, e.id)))?.code).toBe('forbidden');
      expect((await failure(s().events.remove(admin, other.id, e.id)))?.code).toBe('forbidden');
      expect((await failure(s().events.remove(otherAdmin, other.id, e.id)))?.code).toBe('events.not_found');
      await s().events.remove(admin, city.id, e.id);
      expect((await failure(s().events.editable(admin, city.id, e.id)))?.code).toBe('events.not_found');
      expect(await s().media.get(city.id, upload.hash)).toBeNull();
      expect(await audited(e.id)).toContain('event.remove');
    });
  });

  describe('the association’s lists', () => {
    it('lists upcoming published events (called-off ones too) soonest first, and refuses members', async () => {
      const list = await s().events.upcoming(staff, city.id, '2026-12-11');
      expect(list.length).toBeGreaterThan(3);
      expect(list.every((x) => x.event.status === 'published')).toBe(true);
      const starts = list.map((x) => x.next.start.getTime());
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(list.some((x) => x.event.cancelledAt !== null)).toBe(true);
      expect((await failure(s().events.upcoming(barOwner, city.id, '2026-12-11')))?.code).toBe('forbidden');
      expect((await failure(s().events.pendingChanges(barOwner, city.id)))?.code).toBe('forbidden');
    });
  });
});

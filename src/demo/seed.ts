/**
 * The demo city Demoköping, seeded through the same services the app uses, so the
 * demo exercises real validation and auditing. Deterministic: the same data every
 * time. Later modules add their own demo data here, one step each.
 */
import { systemActor, type Actor } from '../platform/auth/roles.js';
import type { Services } from '../services.js';
import { demoBusinesses } from './demokoping/businesses.js';
import { demoCity, demoPeople } from './demokoping/city.js';
import { demoEvents, demoLunchWeek, demoOffers } from './demokoping/guide.js';
import { weekStartOf } from '../modules/menus/index.js';
import { addDays, isoWeekday, zonedParts } from '../platform/time/zoned.js';
import { seedLive } from './demokoping/live.js';
import { demoImage } from './demokoping/images.js';
import { seedHistory } from './demokoping/history.js';

export interface SeedOptions {
  progress?: (step: string) => void;
}

export async function seedDemo(services: Services, options: SeedOptions = {}): Promise<{ cityId: string }> {
  const progress = options.progress ?? (() => {});
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  const city = await services.cities.create(systemActor, {
    slug: demoCity.slug,
    name: demoCity.name,
    associationName: demoCity.associationName,
    orgNumber: demoCity.orgNumber,
    email: demoCity.email,
    phone: demoCity.phone,
    website: demoCity.website,
    description: demoCity.description,
    descriptionEn: demoCity.descriptionEn,
    primaryColor: demoCity.primaryColor,
    accentColor: demoCity.accentColor,
    centerLat: demoCity.center.lat,
    centerLng: demoCity.center.lng,
  });
  await services.cities.updateSettings(systemActor, city.id, { billing: { address: ['Stora torget 1', '532 30 Demoköping'], bankgiro: '5321-0506' }, settlement: { clientFunds: { bankgiro: '5050-1055' } } });
  progress(`Staden ${city.name} skapad (${elapsed()})`);

  const ids = await seedBusinesses(services, city.id, (done) => progress(`${done} av ${demoBusinesses.length} företag (${elapsed()})`));

  const admin = await services.auth.createUser({ email: demoPeople.admin.email, name: demoPeople.admin.name, password: demoPeople.admin.password });
  await services.auth.grantRole(admin.id, { role: 'association-admin', cityId: city.id, businessId: null });
  const staff = await services.auth.createUser({ email: demoPeople.staff.email, name: demoPeople.staff.name, password: demoPeople.staff.password });
  await services.auth.grantRole(staff.id, { role: 'association-staff', cityId: city.id, businessId: null });
  const merchant = await services.auth.createUser({ email: demoPeople.merchant.email, name: demoPeople.merchant.name, password: demoPeople.merchant.password });
  await services.auth.grantRole(merchant.id, { role: 'merchant-owner', cityId: city.id, businessId: ids.get(demoPeople.merchant.businessSlug)! });
  progress(`Demokonton skapade (${elapsed()})`);

  const adminActor: Actor = { kind: 'user', id: admin.id, label: `user:${admin.id}`, grants: [{ role: 'association-admin', cityId: city.id, businessId: null }], hasTwoFactor: true };
  const { runs } = await seedHistory(services, city.id, ids, adminActor);
  progress(`Tre månaders historik: försäljning, inlösen och ${runs} godkända avräkningar (${elapsed()})`);

  await seedGiftcards(services, city.id, ids);
  progress(`Presentkort sålda och använda (${elapsed()})`);

  await seedGuide(services, city.id, ids);
  progress(`Lunchmenyer, evenemang och erbjudanden (${elapsed()})`);
  await seedLive(services, city.id, ids);
  progress(`Besökarräkning och bokningsbara tider (${elapsed()})`);
  await seedCampaign(services, city.id, ids);
  progress(`En pågående kampanj (${elapsed()})`);
  return { cityId: city.id };
}

/** Demoköping's businesses, through the members service; slug → id. */
export async function seedBusinesses(services: Services, cityId: string, progress: (done: number) => void = () => {}): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [i, b] of demoBusinesses.entries()) {
    const created = await services.members.create(systemActor, cityId, {
      slug: b.slug,
      name: b.name,
      category: b.category,
      orgNumber: b.orgNumber,
      isMember: b.isMember,
      memberSince: b.memberSince ?? null,
      description: b.description,
      descriptionEn: b.descriptionEn,
      street: `${b.street} ${b.streetNumber}`,
      postalCode: b.postalCode,
      postalTown: b.postalTown,
      lat: b.lat,
      lng: b.lng,
      phone: b.phone,
      email: b.email,
      website: b.website ?? null,
      openingHours: b.openingHours,
      services: b.services,
      tags: b.tags,
    });
    ids.set(b.slug, created.id);
    if ((i + 1) % 10 === 0 || i + 1 === demoBusinesses.length) progress(i + 1);
  }
  return ids;
}

/**
 * A season of gift card trade: cards bought on the web and paid, a lunch booklet, a
 * municipality's invoiced order waiting for payment, and redemptions across town.
 * Deterministic amounts and places; codes are random by nature.
 */
async function seedGiftcards(services: Services, cityId: string, businessIds: Map<string, string>): Promise<void> {
  const { giftcards } = services;
  const amounts = [20_000, 50_000, 50_000, 100_000, 30_000, 50_000, 25_000, 100_000, 50_000, 40_000, 20_000, 75_000];
  const buyers = ['karin.nilsson', 'ahmed.hassan', 'lena.berg', 'jonas.ek', 'sofia.lind', 'mats.holm'];
  const redeemers = ['kaffebaren', 'sjobergs-skor', 'torgets-bokhandel', 'lindas-blommor', 'bistro-torget', 'kafe-linnea'];
  for (const [i, amountOre] of amounts.entries()) {
    const buyer = `${buyers[i % buyers.length]}@example.test`;
    const { order, cards } = await giftcards.placeOrder(null, cityId, {
      productSlug: 'presentkort',
      amountOre,
      recipients: [{ name: i % 2 ? 'Elsa' : '', email: i % 2 ? `mottagare${i}@example.test` : buyer, message: i % 2 ? 'Grattis på födelsedagen!' : '' }],
      buyer: { email: buyer },
      paymentMethod: 'simulator',
      channel: 'web',
    });
    await giftcards.setPaymentRef(cityId, order.id, `sim-${order.id}`);
    await giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
    // Most cards get used a little, some a lot, some not yet.
    if (i % 3 !== 2) {
      const businessId = businessIds.get(redeemers[i % redeemers.length]!)!;
      await giftcards.redeem(systemActor, cityId, { code: cards[0]!.code, businessId, amountOre: Math.min(amountOre, 12_000 + (i % 4) * 4_500) });
    }
  }
  const lunch = await giftcards.placeOrder(null, cityId, { productSlug: 'lunchkuponger', quantity: 1, buyer: { email: 'lunchgast@example.test' }, paymentMethod: 'simulator', channel: 'web' });
  await giftcards.setPaymentRef(cityId, lunch.order.id, `sim-${lunch.order.id}`);
  await giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${lunch.order.id}`, status: 'paid', amountOre: lunch.order.totalOre });
  await giftcards.redeem(systemActor, cityId, { code: lunch.cards[0]!.code, businessId: businessIds.get('restaurang-ankaret')!, coupons: 2 });
  // The municipality's Christmas gift to its staff, invoiced and not yet paid.
  const municipal = await giftcards.placeOrder(systemActor, cityId, {
    productSlug: 'presentkort',
    amountOre: 50_000,
    quantity: 25,
    buyer: { email: 'hr@demokoping-kommun.example', name: 'Demoköpings kommun' },
    company: { name: 'Demoköpings kommun', orgNumber: '212000-0001', reference: 'Julgåva 2026' },
    paymentMethod: 'invoice',
    channel: 'bulk',
  });
  await services.payments.start(municipal.order, { returnUrl: '/', callbackUrl: () => '' });
}

/**
 * The city guide: this week's and next week's lunch at every restaurant, café and bar,
 * events over the coming months (two members' events waiting for approval), and a
 * dozen members' offers and services. Dates count from the seed day.
 */
async function seedGuide(services: Services, cityId: string, businessIds: Map<string, string>): Promise<void> {
  const today = zonedParts(services.clock.now()).date;
  const food = demoBusinesses.filter((b) => b.category === 'restaurang' || b.category === 'kafe' || b.category === 'bar');
  for (const [index, b] of food.entries()) {
    const businessId = businessIds.get(b.slug)!;
    const week = demoLunchWeek(index);
    for (const weekStart of [weekStartOf(today), addDays(weekStartOf(today), 7)]) {
      for (const day of week.days) await services.menus.saveDay(systemActor, cityId, businessId, weekStart, day.day, day.dishes);
      await services.menus.saveDay(systemActor, cityId, businessId, weekStart, 'weekly', week.weekly);
      await services.menus.saveHours(systemActor, cityId, businessId, weekStart, { opens: week.opens, closes: week.closes });
    }
  }
  const nameOf = new Map(demoBusinesses.map((b) => [b.slug, b.name]));
  const memberActor = (businessId: string): Actor => ({ kind: 'system', id: null, label: 'system:demo', grants: [{ role: 'merchant-owner', cityId, businessId }], hasTwoFactor: false });
  for (const e of demoEvents) {
    let startDate = addDays(today, e.inDays);
    if (e.weekday) startDate = addDays(startDate, (e.weekday - isoWeekday(startDate) + 7) % 7);
    const byDay = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][isoWeekday(startDate) - 1];
    const rrule = e.repeat === 'monthly' ? `FREQ=MONTHLY;COUNT=${e.count ?? 6}` : e.repeat ? `FREQ=WEEKLY;INTERVAL=${e.repeat === 'biweekly' ? 2 : 1};BYDAY=${byDay};COUNT=${e.count ?? 10}` : null;
    const placeId = e.place ? businessIds.get(e.place)! : null;
    const input = {
      title: e.title,
      description: e.description,
      category: e.category,
      startDate,
      startTime: e.startTime,
      endTime: e.endTime ?? null,
      rrule,
      placeBusinessId: placeId,
      address: e.address ?? '',
      priceOre: e.priceKr ? e.priceKr * 100 : null,
      organiserBusinessId: e.byMember ? placeId : null,
      organiser: e.byMember && e.place ? nameOf.get(e.place)! : demoCity.associationName,
    };
    // A picture goes through the same upload path as a phone's photo: decoded, stripped, resized.
    const upload = e.image ? await services.media.prepare(await demoImage(e.image.name)) : null;
    const withImage = { ...input, image: upload && e.image ? { hash: upload.hash, alt: e.image.alt } : null };
    const options = upload ? { upload } : {};
    if (e.byMember && placeId) {
      if (!e.pending) await services.events.setTrusted(systemActor, cityId, placeId, true);
      await services.events.create(memberActor(placeId), cityId, withImage, options);
    } else await services.events.create(systemActor, cityId, withImage, options);
  }
  for (const o of demoOffers) {
    await services.offers.create(systemActor, cityId, businessIds.get(o.slug)!, { kind: o.kind, service: o.service ?? null, title: o.title, description: o.description, validFrom: today, validTo: o.days ? addDays(today, o.days) : null, link: null });
  }
}

/**
 * A co-funded campaign running now (the property owners pay half of a 500 kr card),
 * with a couple of cards sold and one redeemed since: part of the current month, which
 * the next settlement run takes.
 */
async function seedCampaign(services: Services, cityId: string, businessIds: Map<string, string>): Promise<void> {
  const today = zonedParts(services.clock.now()).date;
  const campaign = await services.campaigns.create(systemActor, cityId, {
    slug: 'dubbla-vardet',
    name: 'Dubbla värdet i december',
    description: 'Betala 250 kr och få ett presentkort på 500 kr. Fastighetsägarna i centrum betalar andra halvan.',
    faceValueOre: 50_000,
    priceOre: 25_000,
    sponsor: { name: 'Fastighetsägarna Demoköping', email: 'faktura@fastighetsagarna-demo.example', orgNumber: '802400-1235' },
    capCards: 250,
    perBuyerCap: 2,
    startsOn: addDays(today, -7),
    endsOn: addDays(today, 30),
    returnOnExpiry: true,
  });
  for (const buyer of ['eva.strand', 'per.olsson']) {
    const { order } = await services.campaigns.buy(cityId, campaign.slug, { buyer: { email: `${buyer}@example.test` }, quantity: 1, paymentMethod: 'simulator' });
    await services.giftcards.setPaymentRef(cityId, order.id, `sim-${order.id}`);
    await services.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
    const card = (await services.giftcards.getOrder(cityId, order.id))!.cards[0]!;
    const revealed = await services.giftcards.revealCode(card.id);
    if (buyer === 'eva.strand' && revealed) await services.giftcards.redeem(systemActor, cityId, { code: revealed.code, businessId: businessIds.get('kaffebaren')!, amountOre: 18_500 });
  }
  await services.campaigns.syncReservations({ cityId });
}

/** What the console prints after start: where to go and how to log in. */
export function demoLoginHelp(url: string, devMailbox: boolean): string {
  return [
    '',
    `  Demoköping:        ${url}/demo`,
    `  Logga in:          ${url}/logga-in`,
    `    Föreningen:      ${demoPeople.admin.email} / ${demoPeople.admin.password}`,
    `    Handlare:        ${demoPeople.merchant.email} / ${demoPeople.merchant.password} (${demoPeople.merchant.businessSlug})`,
    devMailbox ? `  E-post (dev):      ${url}/dev/mailbox  (inloggningslänkar hamnar här)` : '',
    `  API:               ${url}/api/docs`,
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

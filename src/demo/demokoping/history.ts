/**
 * Demoköping's past: about three months of gift card trade before the seed day, made
 * through the same services as everything else, on a clock set back and moved forward
 * event by event, so every row and every ledger transfer carries the moment it
 * "happened" and `torget ledger verify` checks it like any other.
 *
 * From the first day of the month three months back until yesterday: cards sold on the
 * web, a co-funded campaign (the property owners pay 200 kr of a 500 kr card) for five
 * weeks, the municipality's lunch coupons (it pays half, and the association charges no
 * fee on them), redemptions at most of the town's businesses, a few same-day reversals;
 * on the first of each month the past month's settlement run, approved by the admin,
 * each business's statement e-mailed, and each sponsor invoiced for its share; on the
 * 20th the sponsors pay last month's invoice. The current month is left open for the
 * next run. Amounts, places and days are fixed: the same history on every seed, counted
 * back from the seed day (codes are random by nature).
 */
import type { Actor } from '../../platform/auth/roles.js';
import { systemActor } from '../../platform/auth/roles.js';
import { fixedClock } from '../../platform/clock.js';
import { DomainError } from '../../platform/errors.js';
import { addDays, isoWeekday, zonedDateTimeToInstant, zonedParts } from '../../platform/time/zoned.js';
import { createServices, type Services } from '../../services.js';
import { demoBusinesses } from './businesses.js';

/** How many whole months before the current one the history starts. */
export const HISTORY_MONTHS = 3;

/** The first day of the month `months` before the month of `date`. */
export function monthStartBefore(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

const lastDayOfMonth = (first: string) => addDays(monthStartBefore(first, -1), -1);

// Card sales: one every fourth day, amounts and buyers in turn.
const saleAmounts = [50_000, 30_000, 100_000, 50_000, 20_000, 75_000, 50_000, 40_000, 25_000, 100_000, 50_000, 30_000];
const buyers = ['karin.nilsson', 'ahmed.hassan', 'lena.berg', 'jonas.ek', 'sofia.lind', 'mats.holm', 'fatima.ali', 'olof.sund', 'maria.kask', 'nils.wik', 'ida.strom', 'ali.demir', 'eva.gran', 'johan.falk'];
// What a card pays at a till, in turn (capped by what is left on it).
const redeemAmounts = [18_500, 42_000, 9_900, 25_000, 64_900, 12_000, 31_500, 7_450, 54_000, 22_900, 15_000, 38_000, 8_500, 27_500];
// Redemptions per weekday, Monday first: Saturdays are the busy days.
const redemptionsPerWeekday = [1, 1, 2, 1, 2, 3, 1];

/** Businesses that take the gift card at a till: everyone who sells to people in town, in the data's order. */
const tills = demoBusinesses.filter((b) => !['fastighetsagare', 'tjanster'].includes(b.category)).map((b) => b.slug);
/** Where lunch coupons are taken (the product accepts restaurants and cafés). */
const lunchPlaces = demoBusinesses.filter((b) => b.category === 'restaurang' || b.category === 'kafe').map((b) => b.slug);

interface HeldCard {
  code: string;
  leftOre: number;
  couponOre: number | null;
}

export async function seedHistory(services: Services, cityId: string, businessIds: Map<string, string>, admin: Actor): Promise<{ runs: number }> {
  const today = zonedParts(services.clock.now()).date;
  const first = monthStartBefore(today, HISTORY_MONTHS);
  const clock = fixedClock(zonedDateTimeToInstant(first, '08:00'));
  // The same database and configuration, another clock: the services as they ran then.
  const past = await createServices(services.config, services.database, { clock, log: services.log });
  const at = (date: string, time: string) => {
    // Never later than the seed itself (a run "on the 1st at 07:30" seeded at 06:00 that day).
    const wanted = zonedDateTimeToInstant(date, time);
    clock.set(wanted.getTime() < services.clock.now().getTime() ? wanted : new Date(services.clock.now().getTime() - 60_000));
  };
  const business = (slug: string) => {
    const id = businessIds.get(slug);
    if (!id) throw new Error(`Demoköping's history: no business ${slug}`);
    return id;
  };
  try {
    // Every business's payout account, entered by the system and confirmed by the admin,
    // on the first day (valid numbers: bankgiro Luhn, SEB type 1 modulus 11).
    at(first, '08:00');
    const bankgiros = ['5050-1055', '991-2346', '5321-0506'];
    for (const [i, businessId] of [...businessIds.values()].entries()) {
      const input = i % 4 === 3 ? { kind: 'bank' as const, clearing: '5000', number: '1234560' } : { kind: 'bankgiro' as const, number: bankgiros[i % bankgiros.length]! };
      const pending = await past.settlement.payoutAccounts.propose(systemActor, cityId, businessId, input);
      await past.settlement.payoutAccounts.confirm(admin, cityId, pending.id);
    }

    const local = await past.campaigns.create(admin, cityId, {
      slug: 'handla-lokalt',
      name: 'Handla lokalt: 500 kr för 300 kr',
      description: 'Betala 300 kr och få ett presentkort på 500 kr. Fastighetsägarna i centrum betalar resten.',
      faceValueOre: 50_000,
      priceOre: 30_000,
      sponsor: { name: 'Fastighetsägarna Demoköping', email: 'faktura@fastighetsagarna-demo.example', orgNumber: '802400-1235' },
      capCards: 100,
      perBuyerCap: 2,
      startsOn: addDays(first, 6),
      endsOn: addDays(first, 40),
      returnOnExpiry: true,
    });
    const lunch = await past.campaigns.create(admin, cityId, {
      slug: 'lunch-fran-kommunen',
      name: 'Lunchkuponger från kommunen',
      description: 'Tio lunchkuponger à 80 kr för 400 kr: Demoköpings kommun betalar andra halvan och avgifterna.',
      productSlug: 'lunchkuponger',
      priceOre: 40_000,
      sponsor: { name: 'Demoköpings kommun', email: 'ekonomi@demokoping-kommun.example', orgNumber: '212000-0001' },
      capCards: 300,
      perBuyerCap: 1,
      startsOn: addDays(first, 12),
      endsOn: lastDayOfMonth(monthStartBefore(today, 0)),
      feeBp: 0,
    });
    const campaigns = [local, lunch];

    const pay = async (order: { id: string; totalOre: number }) => {
      await past.giftcards.setPaymentRef(cityId, order.id, `sim-${order.id}`);
      await past.giftcards.handlePayment({ method: 'simulator', providerRef: `sim-${order.id}`, status: 'paid', amountOre: order.totalOre });
    };
    const cards: HeldCard[] = [];
    const lunchCards: HeldCard[] = [];
    const invoices: Array<{ id: string; payOn: string; totalOre: number }> = [];
    let sales = 0;
    let campaignSales = 0;
    let redemptions = 0;
    let runs = 0;

    // Up to and including the seed day, for its morning's run when it is the first of a
    // month; trade stops at yesterday.
    for (let day = first, i = 0; day <= today; day = addDays(day, 1), i++) {
      // The first of a month: last month's run, approved; its sponsors invoiced.
      if (day.endsWith('-01') && day !== first) {
        const from = monthStartBefore(day, 1);
        at(day, '07:30');
        const run = await past.settlement.createRun(admin, cityId, { from, until: addDays(day, -1) });
        await past.settlement.approve(admin, cityId, run.id, { method: 'web-2fa' });
        runs++;
        at(day, '08:15');
        for (const c of campaigns) {
          try {
            const invoice = await past.campaigns.invoiceSponsor(admin, cityId, c.id, { from, until: addDays(day, -1) });
            invoices.push({ id: invoice.invoiceId, payOn: addDays(day, 19), totalOre: invoice.totalOre });
          } catch (err) {
            if (!(err instanceof DomainError && err.code === 'validation')) throw err; // nothing to bill that month
          }
        }
      }
      // Sponsors pay on the 20th.
      for (const invoice of invoices.filter((v) => v.payOn === day)) {
        at(day, '09:10');
        await past.billing.registerPayment(admin, cityId, invoice.id, { amountOre: invoice.totalOre, paidOn: day, method: 'bankgiro' });
      }
      if (day === today) break;

      if (i % 4 === 0) {
        at(day, '10:05');
        const amountOre = saleAmounts[sales % saleAmounts.length]!;
        const buyer = `${buyers[sales % buyers.length]}@example.test`;
        const { order, cards: bought } = await past.giftcards.placeOrder(null, cityId, { productSlug: 'presentkort', amountOre, quantity: 1, buyer: { email: buyer }, paymentMethod: 'simulator', channel: 'web' });
        await pay(order);
        cards.push({ code: bought[0]!.code, leftOre: amountOre, couponOre: null });
        sales++;
      }
      for (const [c, every, list] of [
        [local, 5, cards],
        [lunch, 8, lunchCards],
      ] as const) {
        if (day < addDays(first, c === local ? 6 : 12) || day > (c === local ? addDays(first, 40) : today) || i % every !== 1) continue;
        at(day, '10:40');
        // Each buyer once per campaign (the lunch coupons are one a person).
        const buyer = `${buyers[campaignSales % buyers.length]}+${campaignSales}@example.test`;
        const { order } = await past.campaigns.buy(cityId, c.slug, { buyer: { email: buyer }, quantity: 1, paymentMethod: 'simulator' });
        await pay(order);
        const card = (await past.giftcards.getOrder(cityId, order.id))!.cards[0]!;
        list.push({ code: (await past.giftcards.revealCode(card.id))!.code, leftOre: card.faceValueOre, couponOre: card.couponValueOre });
        campaignSales++;
      }

      // Redemptions, round the town: gift cards anywhere, lunch coupons at lunch on weekdays.
      const weekday = isoWeekday(day);
      for (let k = 0; k < redemptionsPerWeekday[weekday - 1]!; k++) {
        const card = cards.find((c, j) => j >= (redemptions * 7) % Math.max(cards.length, 1) && c.leftOre >= 5_000) ?? cards.find((c) => c.leftOre >= 5_000);
        if (!card) break;
        at(day, `${String(11 + k * 2).padStart(2, '0')}:${String((i * 13 + k * 17) % 60).padStart(2, '0')}`);
        const amountOre = Math.min(card.leftOre, redeemAmounts[redemptions % redeemAmounts.length]!);
        const businessId = business(tills[(redemptions * 11 + i) % tills.length]!);
        const r = await past.giftcards.redeem(systemActor, cityId, { code: card.code, businessId, amountOre });
        card.leftOre -= amountOre;
        redemptions++;
        // Now and then a sale is undone at the till, a few minutes later the same day.
        if (redemptions % 13 === 0) {
          clock.advance(4 * 60_000);
          await past.giftcards.reverse(systemActor, cityId, r.id, businessId);
          card.leftOre += amountOre;
        }
      }
      // The demo merchant, Kaffebaren, takes a card and a lunch coupon on the 10th, so its
      // statement for every month shows both fee tiers.
      if (day.endsWith('-10')) {
        const card = cards.find((c) => c.leftOre >= 12_000);
        const booklet = lunchCards.find((c) => c.leftOre >= (c.couponOre ?? Infinity));
        at(day, '15:20');
        if (card) {
          await past.giftcards.redeem(systemActor, cityId, { code: card.code, businessId: business('kaffebaren'), amountOre: 12_000 });
          card.leftOre -= 12_000;
          redemptions++;
        }
        if (booklet) {
          await past.giftcards.redeem(systemActor, cityId, { code: booklet.code, businessId: business('kaffebaren'), coupons: 1 });
          booklet.leftOre -= booklet.couponOre!;
          redemptions++;
        }
      }
      if (weekday <= 5) {
        const booklet = lunchCards.find((c) => c.leftOre >= (c.couponOre ?? Infinity) * 2);
        if (booklet && i % 2 === 0) {
          at(day, '12:05');
          await past.giftcards.redeem(systemActor, cityId, { code: booklet.code, businessId: business(lunchPlaces[(i * 3) % lunchPlaces.length]!), coupons: 2 });
          booklet.leftOre -= 2 * booklet.couponOre!;
          redemptions++;
        }
      }
    }
    // Campaign reservations follow their orders (the job does this every minute).
    await past.campaigns.syncReservations({ cityId });
    return { runs };
  } finally {
    await past.close();
  }
}

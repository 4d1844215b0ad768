/**
 * Wiring: config → database → platform machinery → module services. Plain functions,
 * no container: each service names exactly what it uses. The server, the CLI, the
 * demo seed and the tests all build their services here.
 */
import './platform/validation-locale.js';
import type { Config } from './platform/config.js';
import { createAuditLog } from './platform/audit/audit.js';
import { createAuthService, authProblems, type AuthService } from './platform/auth/service.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Database } from './platform/db/database.js';
import { ProblemRegistry } from './platform/errors.js';
import { createJobRunner } from './platform/jobs/runner.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createOutbox, devTransport, smtpTransport, type MailTransport, type Outbox } from './platform/messaging/outbox.js';
import { memoryPubSub, redisPubSub, type PubSub } from './platform/pubsub/pubsub.js';
import { createRateLimiter, databaseRateLimitStore, pruneRateLimitCounters, redisClientOptions, redisRateLimitStore } from './platform/ratelimit/limiter.js';
import { Redis } from 'ioredis';
import { createCityService, cityProblems } from './modules/cities/index.js';
import { createMembersService, memberProblems } from './modules/members/index.js';
import { createPrivacyService } from './privacy.js';
import { createLedger, ledgerProblems, type Ledger } from './platform/ledger/index.js';
import { createIdempotencyStore, idempotencyProblems } from './platform/idempotency/index.js';
import { loadOrCreateKey } from './platform/secrets.js';
import { createGiftcardService, createCardMailRenderer, createPaymentGateway, giftcardProblems } from './modules/giftcards/index.js';
import { billingProblems, createBillingService, sellerFromCity } from './modules/billing/index.js';
import { systemActor } from './platform/auth/roles.js';
import { createPaymentProviders, paymentProblems } from './platform/payments/index.js';
import { approversOf, createSettlementService, settlementProblems } from './modules/settlement/index.js';
import { campaignProblems, createCampaignService } from './modules/campaigns/index.js';
import { createRoutingService, routingProblems } from './modules/routing/index.js';
import { createMenusService, menuProblems } from './modules/menus/index.js';
import { createEventsService, eventProblems } from './modules/events/index.js';
import { createOffersService, offerProblems } from './modules/offers/index.js';
import { createLiveHub, createOccupancyService, createOpenState, createQueueService, occupancyProblems } from './modules/occupancy/index.js';
import { createPushSender } from './platform/push/web-push.js';
import { bookingProblems, createBookingService } from './modules/bookings/index.js';
import { hkdfSync } from 'node:crypto';
import { createMediaStore, mediaProblems } from './platform/media/index.js';

/** The nightly ledger check: on drift, an error in the log and a mail to each affected city's admins. */
export async function verifyLedgerAndAlert(deps: { ledger: Ledger; auth: AuthService; outbox: Outbox; log: Logger }): Promise<{ ok: boolean; cities: string[] }> {
  const report = await deps.ledger.verify();
  if (report.ok) return { ok: true, cities: [] };
  const cities = [...new Set([...report.drift, ...report.negative].map((d) => d.cityId))];
  deps.log.error({ drift: report.drift.length, unbalanced: report.unbalanced.length, negative: report.negative.length, cities }, 'ledger verification found drift');
  for (const cityId of cities) {
    const admins = (await deps.auth.listCityUsers(cityId)).filter((u) => u.grants.some((g) => g.role === 'association-admin'));
    for (const admin of admins) {
      await deps.outbox.enqueueEmail({
        cityId,
        to: admin.email,
        template: 'ledger.drift',
        subject: 'Larm: presentkortens huvudbok stämmer inte',
        text: 'Nattens kontroll av presentkortens huvudbok hittade avvikelser mellan sparade saldon och transaktionerna. Inga pengar har rörts av kontrollen. Kontakta den som driftar Torget; kommandot `torget ledger verify` visar detaljerna.',
      });
    }
  }
  return { ok: false, cities };
}

export interface ServiceOptions {
  clock?: Clock;
  log?: Logger;
  transport?: MailTransport;
}

export type Services = Awaited<ReturnType<typeof createServices>>;

export async function createServices(config: Config, database: Database, options: ServiceOptions = {}) {
  const { db } = database;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const redis = config.redisUrl ? new Redis(config.redisUrl, redisClientOptions) : null;

  const problems = new ProblemRegistry();
  for (const catalogue of [authProblems, cityProblems, memberProblems, ledgerProblems, idempotencyProblems, giftcardProblems, billingProblems, paymentProblems, settlementProblems, campaignProblems, routingProblems, menuProblems, eventProblems, offerProblems, occupancyProblems, bookingProblems, mediaProblems]) problems.register(catalogue);

  const audit = createAuditLog(db);
  const auth = createAuthService({ db, clock });
  const transport = options.transport ?? (config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl) : devTransport);
  const outbox = createOutbox({ db, clock, log, transport, from: config.mail.from });
  const jobs = createJobRunner({ db, clock, log });
  const rateLimiter = createRateLimiter(redis ? redisRateLimitStore(redis) : databaseRateLimitStore(db), () => clock.now());
  const pubsub: PubSub = config.redisUrl ? redisPubSub(config.redisUrl) : memoryPubSub();

  const cities = createCityService({ db, audit, clock });
  const members = createMembersService({ db, audit, clock, auth, outbox, publicUrl: config.publicUrl });
  const privacy = createPrivacyService({ db, auth, outbox, audit, clock });
  // Verifying reads every entry: it may run as long as long work may (the nightly job, the CLI).
  const ledger = createLedger({ db, clock, longStatementMs: database.longStatementMs });
  const idempotency = createIdempotencyStore({ db, clock });
  const codeKey = config.codeKey ?? loadOrCreateKey(config.secretsDir, 'giftcard-codes');
  const giftcards = createGiftcardService({ db, clock, audit, outbox, ledger, businesses: members, codeKey, publicUrl: config.publicUrl });
  const billing = createBillingService({ db, clock, audit, outbox });
  const routing = createRoutingService({ osrmUrl: config.routing.osrmUrl });
  const menus = createMenusService({ db, audit, clock });
  const media = createMediaStore({ db, audit });
  const events = createEventsService({ db, audit, clock, media });
  const offers = createOffersService({ db, audit, clock });
  // Crowd levels: one pub/sub subscription per city in this process, fanned out to its streams.
  const occupancy = createOccupancyService({ db, clock, pubsub, businesses: members });
  // Live events say whether a business is open; its hours are kept per process, so the event is encoded once for every stream.
  const liveOpenState = createOpenState({ businesses: members, clock });
  const liveHub = createLiveHub(pubsub, { openOf: liveOpenState.openOf });
  const push = createPushSender({ privateKey: config.vapid.privateKey ?? loadOrCreateKey(config.secretsDir, 'vapid'), subject: config.vapid.subject });
  const occupancyQueue = createQueueService({ db, clock, log, occupancy, push });
  // Booking cancel links are signed with a key derived from the code key (outside the database).
  const bookingLinkKey = Buffer.from(hkdfSync('sha256', codeKey, Buffer.alloc(0), 'torget booking links', 32));
  const bookings = createBookingService({ db, clock, audit, outbox, businesses: members, citySlug: async (id) => (await cities.getById(id))?.slug ?? null, publicUrl: config.publicUrl, linkKey: bookingLinkKey });
  // A settlement run reads a period's redemptions in one transaction: it may use the long limit.
  const settlement = createSettlementService({ db, longStatementMs: database.longStatementMs, clock, audit, outbox, ledger, businesses: members, config: { memberBp: 250, nonMemberBp: 500 }, campaigns: { feeTiers: (cityId) => campaigns.feeTiers(cityId) }, approversFor: async (id) => { const city = await cities.getById(id); return city ? approversOf(city) : 1; }, cityUrl: async (id) => `${config.publicUrl}/${(await cities.getById(id))?.slug ?? ''}` });
  const campaigns = createCampaignService({ db, clock, audit, giftcards, billing, ledger });
  // Swish and card payments when configured; the simulator lives in the gateway (stateless, any process).
  const { swish, card } = createPaymentProviders(config.payments, { publicUrl: config.publicUrl, clock });
  const paymentProviders = { ...(swish ? { swish } : {}), ...(card ? { card } : {}) };
  // A paid invoice for a gift card order activates its cards, in the same transaction.
  billing.onPaid(async (invoice, tx) => {
    if (invoice.sourceType === 'giftcard_order' && invoice.sourceId) await giftcards.activateOrderIn(tx, invoice.cityId, invoice.sourceId, `invoice:${invoice.number}`);
  });
  // A sponsor's payment against its invoice settles its receivable, in the same transaction.
  billing.onPayment((invoice, payment, tx) => campaigns.sponsorPaymentReceived(invoice, payment, tx));
  const payments = createPaymentGateway({
    giftcards,
    methods: config.payments.methods,
    providers: paymentProviders,
    invoicer: async (order) => {
      const found = await giftcards.getOrder(order.cityId, order.id);
      const count = found?.cards.length ?? 1;
      const company = order.company ?? {};
      const invoice = await billing.createInvoice(systemActor, order.cityId, {
        customer: { name: company.name || order.buyerName || order.buyerEmail, ...(company.orgNumber ? { orgNumber: company.orgNumber } : {}), email: order.buyerEmail, addressLines: company.address ? company.address.split('\n') : [], ...(company.reference ? { reference: company.reference } : {}) },
        lines: [{ description: `Presentkort, beställning ${order.reference}`, quantity: count, unitPriceOre: Math.round(order.totalOre / count), vatRate: 0, kind: 'giftcard' }],
        source: { type: 'giftcard_order', id: order.id },
      });
      await giftcards.setInvoice(order.cityId, order.id, invoice.id);
      const city = await cities.getById(order.cityId);
      const seller = city ? sellerFromCity(city) : null;
      if (seller) await billing.emailInvoice(systemActor, order.cityId, invoice.id, seller);
    },
  });
  outbox.registerRenderer('giftcards.card', createCardMailRenderer({ giftcards, cityOf: (id) => cities.getById(id), publicUrl: config.publicUrl }));

  // Scheduled work: deliver mail, and enforce retention periods.
  jobs.schedule({ kind: 'outbox.deliver', everySeconds: 5 }, async () => {
    await outbox.deliverPending();
  });
  jobs.schedule({ kind: 'retention.sweep', everySeconds: 3600 }, async () => {
    await privacy.sweep();
    await pruneRateLimitCounters(db, clock.now());
    await jobs.prune();
    await idempotency.prune();
    await occupancy.prune();
    await occupancyQueue.prune();
  });
  // Campaign reservations follow their orders: paid, or given back when the payment failed.
  jobs.schedule({ kind: 'campaigns.sync', everySeconds: 60 }, async () => {
    await campaigns.syncReservations();
  });
  // Web orders never paid expire (their campaign cards go back on sale with the next sync).
  jobs.schedule({ kind: 'giftcards.expire_orders', everySeconds: 3600 }, async () => {
    while ((await giftcards.expireUnpaidOrders()) > 0) {
      /* next batch */
    }
  });
  // Payments that arrived after their order was cancelled or expired go back to the payer;
  // what the provider refused or did not confirm is tried again.
  jobs.schedule({ kind: 'giftcards.refunds', everySeconds: 600 }, async () => {
    await payments.retryLateRefunds();
  });
  jobs.schedule({ kind: 'giftcards.expire', everySeconds: 3600 }, async () => {
    while ((await giftcards.expireDue()) > 0) {
      /* next batch */
    }
  });
  // Reminders the day before a booked visit, each once.
  jobs.schedule({ kind: 'bookings.remind', everySeconds: 900 }, async () => {
    await bookings.sendReminders();
  });
  // Every night the ledger is recomputed from its transfers; any drift alerts the
  // operators (log) and each affected association's admins (e-mail).
  jobs.schedule({ kind: 'ledger.verify', everySeconds: 24 * 3600 }, async () => {
    await verifyLedgerAndAlert({ ledger, auth, outbox, log });
  });

  return {
    config,
    database,
    db,
    clock,
    log,
    problems,
    audit,
    auth,
    outbox,
    jobs,
    rateLimiter,
    pubsub,
    cities,
    members,
    privacy,
    ledger,
    idempotency,
    giftcards,
    payments,
    billing,
    settlement,
    routing,
    media,
    menus,
    events,
    offers,
    occupancy,
    occupancyQueue,
    liveHub,
    liveOpenState,
    bookings,
    campaigns,
    async close() {
      await jobs.stop();
      liveHub.close();
      await pubsub.close();
      redis?.disconnect();
    },
  };
}

/**
 * Co-funded campaigns: a sponsor (the municipality, a property owner, the association)
 * pays part of the value of each card sold in a campaign.
 *
 * - `buy` reserves the cards first — a guarded counter, `reserved_cards + n <= cap_cards`
 *   in one UPDATE, and the buyer's own limit under a per-buyer lock — and only then
 *   places the order (pending until paid). The 251st card of a 250-card campaign is
 *   refused with `campaigns.sold_out` before any payment starts, however many buy at
 *   once. A reservation is held while its payment is in progress and given back when
 *   the payment fails or the order is cancelled, expired or refunded (`syncReservations`, a job),
 *   so a paid card always had its place: no race is lost after payment.
 * - The gift card module activates a campaign order's cards with two legs each: the
 *   buyer's price from the payment method's clearing account, the sponsor's share from
 *   `sponsor:<campaignId>` (a receivable: it goes negative by what the sponsor owes).
 *   Each card records `paidOre` and `sponsorOre`, so redemptions, expiry and reports
 *   know whose money it was; on expiry the sponsor's unredeemed share goes back to its
 *   account when the campaign says so.
 * - `sponsorStatement` and `invoiceSponsor`: what the sponsor funded in a period, less
 *   what came back on expiry, invoiced through billing (VAT-free: it pays for vouchers).
 *   Each payment registered against that invoice (billing's onPayment) moves the money
 *   received onto the sponsor's account (`campaigns.sponsor_payment`), so the account
 *   always shows what the sponsor still owes — and the bookkeeping export the receivable.
 * - `issuePromo`: a promotion batch, one card per member business, paid wholly by the
 *   sponsor (the association), activated at once.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor, type Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, validationError } from '../../platform/errors.js';
import { isValidOrgNumber } from '../../platform/identity/org-number.js';
import { addDays, isValidDate, zonedDateTimeToInstant } from '../../platform/time/zoned.js';
import type { Executor } from '../../platform/db/database.js';
import type { Invoice, InvoiceInput, InvoicePayment } from '../billing/index.js';
import type { GiftcardService, Order } from '../giftcards/index.js';
import { campaignReservations, campaigns } from './schema.js';

export type Campaign = typeof campaigns.$inferSelect;

/** What campaigns need of the gift card module (its service fits). */
export type CampaignGiftcardPort = Pick<GiftcardService, 'placeOrder' | 'activateByAdmin' | 'getOrder' | 'products'>;
/** What campaigns need of billing. */
export interface CampaignBillingPort {
  createInvoice(actor: Actor, cityId: string, input: InvoiceInput): Promise<{ id: string; number: number; totalOre: number }>;
}
/** What campaigns need of the ledger (the platform ledger fits). */
export interface CampaignLedgerPort {
  movements(cityId: string, from: Date, until: Date): Promise<Array<{ kind: string; createdAt: Date; code: string; amountOre: number }>>;
  balance(ex: Executor, cityId: string, code: string): Promise<number>;
  transfer(tx: Executor, input: { cityId: string; kind: string; reference: string; actor: string; memo?: Record<string, unknown>; legs: Array<{ from: string; to: string; amountOre: number }> }): Promise<{ id: string }>;
}

const ADMIN: readonly Role[] = ['association-admin'];
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const notFound = () => new DomainError('campaigns.not_found', 'Kampanjen finns inte.');
export const sponsorAccount = (campaignId: string) => `sponsor:${campaignId}`;
/** Billing's source type of a sponsor's invoice; its source id is `<campaignId>:<from>:<until>`. */
export const SPONSOR_INVOICE_SOURCE = 'campaign';
/** Where money paid against invoices is received in the ledger (a value source). */
const INVOICE_CLEARING = 'clearing:invoice';
/** The ledger transfer kind of a sponsor's payment. */
export const SPONSOR_PAYMENT = 'campaigns.sponsor_payment';

const date = z.string().refine(isValidDate, 'Ett datum som 2026-12-01.');
export const CampaignInput = z
  .strictObject({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,58}$/, 'Små bokstäver a–z, siffror och bindestreck.'),
    name: z.string().trim().min(2).max(120),
    description: z.string().trim().max(1000).default(''),
    kind: z.enum(['sale', 'promo']).default('sale'),
    productSlug: z.string().min(1).max(60).default('presentkort'),
    /** Gift cards: the card's face value; omitted for booklets (fixed value). */
    faceValueOre: z.number().int().min(100).max(10_000_000).optional(),
    priceOre: z.number().int().min(0).max(10_000_000),
    sponsor: z.strictObject({
      name: z.string().trim().min(2).max(200),
      orgNumber: z.string().refine(isValidOrgNumber, 'Organisationsnumret är inte giltigt.').optional(),
      email: z.email().max(200),
    }),
    capCards: z.number().int().min(1).max(1_000_000),
    perBuyerCap: z.number().int().min(1).max(1000).optional(),
    /** Inclusive Stockholm dates. */
    startsOn: date,
    endsOn: date,
    returnOnExpiry: z.boolean().default(false),
    feeBp: z.number().int().min(0).max(10_000).optional(),
  })
  .refine((c) => c.startsOn <= c.endsOn, { message: 'Kampanjen kan inte sluta innan den börjar.', path: ['endsOn'] })
  .refine((c) => c.faceValueOre === undefined || c.priceOre <= c.faceValueOre, { message: 'Priset kan inte vara högre än kortets värde.', path: ['priceOre'] });
export type CampaignInput = z.input<typeof CampaignInput>;

export interface CampaignView extends Campaign {
  /** The value of one card (a booklet's coupons together). */
  cardValueOre: number;
  sponsorShareOre: number;
  soldCards: number;
  leftCards: number;
  active: boolean;
}

export type CampaignService = ReturnType<typeof createCampaignService>;

export function createCampaignService(deps: { db: Db; clock: Clock; audit: AuditLog; giftcards: CampaignGiftcardPort; billing: CampaignBillingPort; ledger: CampaignLedgerPort }) {
  const { db, clock, audit, giftcards } = deps;

  async function cardValue(c: Campaign): Promise<number> {
    if (c.faceValueOre !== null) return c.faceValueOre;
    const p = await giftcards.products.getBySlug(c.cityId, c.productSlug);
    return (p.couponCount ?? 0) * (p.couponValueOre ?? 0);
  }

  async function view(c: Campaign): Promise<CampaignView> {
    const value = await cardValue(c);
    const [sold] = await db
      .select({ n: sql<number>`coalesce(sum(${campaignReservations.quantity}), 0)::int` })
      .from(campaignReservations)
      .where(and(eq(campaignReservations.campaignId, c.id), eq(campaignReservations.status, 'paid')));
    const now = clock.now().getTime();
    return { ...c, cardValueOre: value, sponsorShareOre: value - c.priceOre, soldCards: sold?.n ?? 0, leftCards: c.capCards - c.reservedCards, active: c.startsAt.getTime() <= now && now < c.endsAt.getTime() };
  }

  async function find(cityId: string, slugOrId: string): Promise<Campaign> {
    const [row] = await db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.cityId, cityId), isUuid(slugOrId) ? eq(campaigns.id, slugOrId) : eq(campaigns.slug, slugOrId)));
    if (!row) throw notFound();
    return row;
  }

  /**
   * Holds `quantity` cards for a buyer: the per-buyer limit under a lock on (campaign,
   * buyer), then the guarded counter. Throws `campaigns.sold_out` / `campaigns.buyer_limit`.
   */
  async function reserve(c: Campaign, buyerEmail: string, quantity: number): Promise<string> {
    return db.transaction(async (tx) => {
      if (c.perBuyerCap !== null) {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`campaign:${c.id}:${buyerEmail}`}))`);
        const [held] = await tx
          .select({ n: sql<number>`coalesce(sum(${campaignReservations.quantity}), 0)::int` })
          .from(campaignReservations)
          .where(and(eq(campaignReservations.campaignId, c.id), eq(campaignReservations.buyerEmail, buyerEmail), sql`${campaignReservations.status} <> 'released'`));
        if ((held?.n ?? 0) + quantity > c.perBuyerCap) {
          throw new DomainError('campaigns.buyer_limit', `Kampanjen säljer högst ${c.perBuyerCap} kort per köpare${held?.n ? `, och du har redan ${held.n}` : ''}.`);
        }
      }
      const [taken] = await tx
        .update(campaigns)
        .set({ reservedCards: sql`${campaigns.reservedCards} + ${quantity}` })
        .where(and(eq(campaigns.id, c.id), sql`${campaigns.reservedCards} + ${quantity} <= ${campaigns.capCards}`))
        .returning({ id: campaigns.id });
      if (!taken) throw new DomainError('campaigns.sold_out', 'Slutsålt: alla kort i kampanjen är sålda.');
      const [r] = await tx.insert(campaignReservations).values({ cityId: c.cityId, campaignId: c.id, buyerEmail, quantity, status: 'reserved', createdAt: clock.now() }).returning({ id: campaignReservations.id });
      return r!.id;
    });
  }

  /** Gives a reservation's cards back (once). */
  async function release(reservationId: string): Promise<void> {
    await db.transaction(async (tx) => {
      const [r] = await tx.update(campaignReservations).set({ status: 'released' }).where(and(eq(campaignReservations.id, reservationId), eq(campaignReservations.status, 'reserved'))).returning();
      if (r) await tx.update(campaigns).set({ reservedCards: sql`${campaigns.reservedCards} - ${r.quantity}` }).where(eq(campaigns.id, r.campaignId));
    });
  }

  function orderInput(c: Campaign, quantity: number, buyer: { email: string; name?: string }, paymentMethod: 'simulator' | 'swish' | 'card' | 'invoice' | 'none', channel: 'web' | 'admin' | 'cli') {
    return {
      productSlug: c.productSlug,
      ...(c.faceValueOre !== null ? { amountOre: c.faceValueOre } : {}),
      quantity,
      buyer,
      paymentMethod,
      channel,
      sponsor: { campaignId: c.id, account: sponsorAccount(c.id), priceOre: c.priceOre, returnOnExpiry: c.returnOnExpiry },
    };
  }

  return {
    sponsorAccount,

    async create(actor: Actor, cityId: string, input: CampaignInput): Promise<CampaignView> {
      authorize(actor, { cityId, roles: ADMIN });
      const parsed = CampaignInput.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ path: '/' + i.path.map(String).join('/'), message: i.message, code: i.code })));
      const v = parsed.data;
      const product = await giftcards.products.getBySlug(cityId, v.productSlug);
      if (product.kind === 'giftcard' && v.faceValueOre === undefined) throw validationError([{ path: '/faceValueOre', message: 'Ange kortets värde.', code: 'invalid_type' }]);
      const value = product.kind === 'booklet' ? (product.couponCount ?? 0) * (product.couponValueOre ?? 0) : v.faceValueOre!;
      if (v.priceOre > value) throw validationError([{ path: '/priceOre', message: 'Priset kan inte vara högre än kortets värde.', code: 'too_big' }]);
      return db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: campaigns.id }).from(campaigns).where(and(eq(campaigns.cityId, cityId), eq(campaigns.slug, v.slug)));
        if (existing) throw new DomainError('campaigns.slug_taken', 'Det finns redan en kampanj med det namnet i adressen.');
        const [row] = await tx
          .insert(campaigns)
          .values({
            cityId,
            slug: v.slug,
            name: v.name,
            description: v.description,
            kind: v.kind,
            productSlug: product.slug,
            faceValueOre: product.kind === 'booklet' ? null : v.faceValueOre!,
            priceOre: v.priceOre,
            sponsorName: v.sponsor.name,
            sponsorOrgNumber: v.sponsor.orgNumber ?? null,
            sponsorEmail: v.sponsor.email,
            capCards: v.capCards,
            perBuyerCap: v.perBuyerCap ?? null,
            startsAt: zonedDateTimeToInstant(v.startsOn, '00:00'),
            endsAt: zonedDateTimeToInstant(addDays(v.endsOn, 1), '00:00'),
            returnOnExpiry: v.returnOnExpiry,
            feeBp: v.feeBp ?? null,
            createdAt: clock.now(),
            createdBy: actor.label,
          })
          .returning();
        await audit.record({ cityId, actor, action: 'campaigns.create', entityType: 'campaign', entityId: row!.id, data: { slug: v.slug, capCards: v.capCards, priceOre: v.priceOre, sponsor: v.sponsor.name } }, tx);
        return { ...row!, cardValueOre: value, sponsorShareOre: value - v.priceOre, soldCards: 0, leftCards: v.capCards, active: false };
      }).then((c) => view(c));
    },

    async list(actor: Actor, cityId: string): Promise<CampaignView[]> {
      authorize(actor, { cityId, roles: ADMIN });
      const rows = await db.select().from(campaigns).where(eq(campaigns.cityId, cityId)).orderBy(asc(campaigns.startsAt));
      return Promise.all(rows.map(view));
    },

    async get(actor: Actor, cityId: string, slugOrId: string): Promise<CampaignView> {
      authorize(actor, { cityId, roles: ADMIN });
      return view(await find(cityId, slugOrId));
    },

    /**
     * The city's campaigns with the redemption fee each sets for its cards (null: the
     * business's usual tier). Settlement reads this to charge a campaign's cards at its
     * own rate, e.g. 0 % where the municipality pays the fees.
     */
    async feeTiers(cityId: string): Promise<Array<{ id: string; name: string; feeBp: number | null }>> {
      return db.select({ id: campaigns.id, name: campaigns.name, feeBp: campaigns.feeBp }).from(campaigns).where(eq(campaigns.cityId, cityId)).orderBy(asc(campaigns.name));
    },

    /** Sale campaigns running now, for the public buy page. */
    async activeOffers(cityId: string): Promise<CampaignView[]> {
      const now = clock.now();
      const rows = await db
        .select()
        .from(campaigns)
        .where(and(eq(campaigns.cityId, cityId), eq(campaigns.kind, 'sale'), sql`${campaigns.startsAt} <= ${now}`, sql`${campaigns.endsAt} > ${now}`))
        .orderBy(asc(campaigns.endsAt));
      return Promise.all(rows.map(view));
    },

    /** One running sale campaign by slug, for its public page; campaigns.not_found otherwise. */
    async offer(cityId: string, slug: string): Promise<CampaignView> {
      const c = await view(await find(cityId, slug));
      if (c.kind !== 'sale') throw notFound();
      return c;
    },

    /**
     * A resident buys campaign cards: the cards are reserved first (or the purchase is
     * refused as sold out / over the buyer's limit, before any payment), then the order
     * is placed, pending until paid. Start the payment with the gateway as usual.
     */
    async buy(cityId: string, slug: string, input: { buyer: { email: string; name?: string }; quantity: number; paymentMethod: 'simulator' | 'swish' | 'card' | 'invoice' }): Promise<{ order: Order; reservationId: string }> {
      const c = await find(cityId, slug);
      const now = clock.now().getTime();
      if (c.kind !== 'sale' || now < c.startsAt.getTime() || now >= c.endsAt.getTime()) throw new DomainError('campaigns.not_active', 'Kampanjen pågår inte just nu.');
      if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > Math.min(c.perBuyerCap ?? 100, 100)) {
        throw validationError([{ path: '/quantity', message: `Välj 1–${Math.min(c.perBuyerCap ?? 100, 100)} kort.`, code: 'too_big' }]);
      }
      const email = input.buyer.email.trim().toLowerCase();
      if (!z.email().safeParse(email).success) throw validationError([{ path: '/buyer/email', message: 'Ange en giltig e-postadress.', code: 'invalid_format' }]);
      const reservationId = await reserve(c, email, input.quantity);
      try {
        const { order } = await giftcards.placeOrder(null, cityId, orderInput(c, input.quantity, { ...input.buyer, email }, input.paymentMethod, 'web'));
        await db.update(campaignReservations).set({ orderId: order.id }).where(eq(campaignReservations.id, reservationId));
        return { order, reservationId };
      } catch (err) {
        await release(reservationId);
        throw err;
      }
    },

    /**
     * Settles reservations with their orders: paid → 'paid'; cancelled, expired,
     * refunded or paid too late (`refund_due`: no card was issued) → released (the cards
     * go back on sale); an order that never came to be → released.
     * Scheduled every minute for every city (one city's with `scope.cityId`); safe to repeat.
     */
    async syncReservations(scope: { cityId?: string } = {}): Promise<{ paid: number; released: number }> {
      const open = await db
        .select()
        .from(campaignReservations)
        .where(and(eq(campaignReservations.status, 'reserved'), scope.cityId ? eq(campaignReservations.cityId, scope.cityId) : undefined))
        .limit(1000);
      let paid = 0;
      let released = 0;
      for (const r of open) {
        const found = r.orderId ? await giftcards.getOrder(r.cityId, r.orderId) : null;
        const status = found?.order.status;
        if (status === 'paid') {
          await db.update(campaignReservations).set({ status: 'paid' }).where(and(eq(campaignReservations.id, r.id), eq(campaignReservations.status, 'reserved')));
          paid++;
        } else if (status === 'cancelled' || status === 'expired' || status === 'refund_due' || status === 'refunded' || (!found && clock.now().getTime() - r.createdAt.getTime() > 10 * 60_000)) {
          await release(r.id);
          released++;
        }
      }
      return { paid, released };
    },

    /**
     * A promotion batch: one card for each business given (e.g. every member, to raffle),
     * paid wholly by the campaign's sponsor and active at once. Counts against the cap.
     * Returns the codes (shown once).
     */
    async issuePromo(actor: Actor, cityId: string, slugOrId: string, recipients: Array<{ businessId: string; name: string; email: string }>): Promise<Array<{ businessId: string; code: string; cardId: string }>> {
      authorize(actor, { cityId, roles: ADMIN });
      const c = await find(cityId, slugOrId);
      if (c.kind !== 'promo') throw new DomainError('validation', 'Bara en kampanj av slaget "promo" delar ut kort till företagen.');
      if (recipients.length === 0) return [];
      const reservationId = await reserve({ ...c, perBuyerCap: null }, `promo:${actor.label}`, recipients.length);
      try {
        const { order, cards } = await giftcards.placeOrder(actor, cityId, {
          ...orderInput(c, recipients.length, { email: c.sponsorEmail, name: c.sponsorName }, 'none', actor.kind === 'cli' ? 'cli' : 'admin'),
          recipients: recipients.map((r) => ({ name: r.name, email: r.email, message: c.description })),
        });
        await giftcards.activateByAdmin(actor, cityId, order.id);
        await db.update(campaignReservations).set({ orderId: order.id, status: 'paid' }).where(eq(campaignReservations.id, reservationId));
        await audit.record({ cityId, actor, action: 'campaigns.issue_promo', entityType: 'campaign', entityId: c.id, data: { cards: cards.length, orderId: order.id } });
        return cards.map((card, i) => ({ businessId: recipients[i]!.businessId, code: card.code, cardId: card.id }));
      } catch (err) {
        await release(reservationId);
        throw err;
      }
    },

    /**
     * What the sponsor funded in `from`–`until` (inclusive Stockholm dates): its share of
     * each card activated, less what came back to it on expiry. From the ledger.
     */
    async sponsorStatement(
      actor: Actor,
      cityId: string,
      slugOrId: string,
      period: { from: string; until: string },
    ): Promise<{ campaign: CampaignView; from: string; until: string; cards: number; fundedOre: number; returnedOre: number; dueOre: number; paidOre: number; owedOre: number }> {
      authorize(actor, { cityId, roles: ADMIN });
      if (!isValidDate(period.from) || !isValidDate(period.until) || period.from > period.until) throw new DomainError('validation', 'Ange perioden som två datum, till exempel 2026-11-01 och 2026-11-30.');
      const c = await view(await find(cityId, slugOrId));
      const account = sponsorAccount(c.id);
      const rows = (await deps.ledger.movements(cityId, zonedDateTimeToInstant(period.from, '00:00'), zonedDateTimeToInstant(addDays(period.until, 1), '00:00'))).filter((r) => r.code === account);
      let fundedOre = 0;
      let returnedOre = 0;
      let paidOre = 0;
      let cards = 0;
      for (const r of rows) {
        // Activation funds the cards; expiry and refunds give the unused share back;
        // payments against the sponsor's invoices settle what it owes.
        if (r.kind === 'giftcard.issue') {
          fundedOre -= r.amountOre;
          if (r.amountOre < 0) cards++;
        } else if (r.kind === SPONSOR_PAYMENT) paidOre += r.amountOre;
        else returnedOre += r.amountOre;
      }
      // What the sponsor owes now, whatever the period: the account is negative by it.
      const owedOre = 0 - (await deps.ledger.balance(db, cityId, account));
      return { campaign: c, from: period.from, until: period.until, cards, fundedOre, returnedOre, dueOre: fundedOre - returnedOre, paidOre, owedOre };
    },

    /** The sponsor's invoice for a period (once per campaign and period). */
    async invoiceSponsor(actor: Actor, cityId: string, slugOrId: string, period: { from: string; until: string }): Promise<{ invoiceId: string; number: number; totalOre: number }> {
      const s = await this.sponsorStatement(actor, cityId, slugOrId, period);
      if (s.dueOre <= 0) throw new DomainError('validation', 'Sponsorn har inget att betala för perioden.');
      const c = s.campaign;
      const invoice = await deps.billing.createInvoice(actor, cityId, {
        customer: { name: c.sponsorName, email: c.sponsorEmail, ...(c.sponsorOrgNumber ? { orgNumber: c.sponsorOrgNumber } : {}) },
        lines: [
          { description: `${c.name}: sponsorns andel av ${s.cards} kort, ${s.from}–${s.until}`, quantity: 1, unitPriceOre: s.fundedOre, vatRate: 0, kind: 'giftcard' },
          ...(s.returnedOre > 0 ? [{ description: 'Tillbaka till sponsorn: oanvänt värde på förfallna kort', quantity: 1, unitPriceOre: -s.returnedOre, vatRate: 0 as const }] : []),
        ],
        source: { type: SPONSOR_INVOICE_SOURCE, id: `${c.id}:${s.from}:${s.until}` },
      });
      return { invoiceId: invoice.id, number: invoice.number, totalOre: invoice.totalOre };
    },

    /**
     * Billing's onPayment hook: a payment against a sponsor's invoice is money received
     * (`clearing:invoice`) that reduces what the sponsor owes (`sponsor:<campaign>`), in
     * the transaction that registers it. Other invoices are not the campaigns' business.
     */
    async sponsorPaymentReceived(invoice: Invoice, payment: InvoicePayment, tx: Executor): Promise<void> {
      if (invoice.sourceType !== SPONSOR_INVOICE_SOURCE || !invoice.sourceId) return;
      const campaignId = invoice.sourceId.split(':')[0]!;
      if (!isUuid(campaignId)) return;
      const [c] = await tx.select({ id: campaigns.id }).from(campaigns).where(and(eq(campaigns.cityId, invoice.cityId), eq(campaigns.id, campaignId)));
      if (!c) return;
      await deps.ledger.transfer(tx, {
        cityId: invoice.cityId,
        kind: SPONSOR_PAYMENT,
        reference: payment.id,
        actor: payment.registeredBy,
        memo: { invoice: invoice.number, paidOn: payment.paidOn, method: payment.method },
        legs: [{ from: INVOICE_CLEARING, to: sponsorAccount(c.id), amountOre: payment.amountOre }],
      });
    },
  };
}

/**
 * The gift card's JSON API: the POS API for cash registers (look up, redeem, reverse,
 * today's redemptions), the public balance look-up, and the payment providers'
 * callbacks. Handlers are thin: they find the business the caller acts for, guard
 * code look-ups against guessing, and call one service method.
 *
 * The business: an API key of a merchant carries its business; a browser session
 * (which may hold roles at several businesses) names it with `businessSlug`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { merchantBusinessIds, type Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError, forbidden, unauthorized, validationError } from '../../platform/errors.js';
import type { TorgetApp } from '../../platform/http/app.js';
import { errorResponses, ProblemSchema } from '../../platform/http/openapi.js';
import type { AppEnv } from '../../platform/http/types.js';
import { idempotent, IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from '../../platform/idempotency/index.js';
import type { RateLimiter, RateLimitRule } from '../../platform/ratelimit/limiter.js';
import type { City } from '../cities/index.js';
import type { GiftcardHttpDeps } from './deps.js';
import type { CardView } from './service.js';

type ApiEnv = { Variables: AppEnv['Variables'] & { city: City } };
type ApiContext = Context<ApiEnv>;

/** Failed look-ups (unknown or malformed codes) allowed per minute, per caller and per address. */
export const lookupRules = {
  perKey: { name: 'giftcard-lookup:key', limit: 10, windowSeconds: 60 },
  perIp: { name: 'giftcard-lookup:ip', limit: 10, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

// ---------------------------------------------------------------------------------
// Guessing guard
// ---------------------------------------------------------------------------------

export interface LookupSubject {
  rule: RateLimitRule;
  subject: string;
}

export interface LookupGuard {
  /** Runs a code look-up unless a subject is blocked; a `giftcard.not_found` counts as a failure. */
  run<T>(subjects: LookupSubject[], lookup: () => Promise<T>): Promise<T>;
}

/** Money-moving routes need an `Idempotency-Key` (1–255 visible ASCII characters). */
const requireIdempotencyKey: MiddlewareHandler = async (c, next) => {
  const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
  if (!key || !/^[\x21-\x7e]{1,255}$/.test(key)) throw new DomainError('idempotency.key_required', 'Skicka en Idempotency-Key (1–255 synliga ASCII-tecken) med varje inlösen.');
  await next();
};

/**
 * Guards code look-ups against guessing. The counters live in the shared limiter
 * (database or Redis), so every process sees every failure. Only failures count, so a
 * busy till never trips it. A subject at its limit is refused *before* any look-up,
 * so a guesser cannot probe while blocked.
 */
export function lookupGuardFor(rateLimiter: RateLimiter, _clock?: Clock): LookupGuard {
  const refuse = (seconds: number) => new DomainError('rate_limited', `För många misslyckade försök. Vänta ${seconds} sekunder och försök igen.`, { retryAfterSeconds: seconds });
  return {
    async run(subjects, lookup) {
      const state = await rateLimiter.peekAll(subjects);
      if (!state.allowed) throw refuse(state.retryAfterSeconds);
      try {
        return await lookup();
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'giftcard.not_found') throw err;
        for (const s of subjects) await rateLimiter.hit(s.rule, s.subject);
        throw err;
      }
    },
  };
}

// ---------------------------------------------------------------------------------
// Formats and schemas
// ---------------------------------------------------------------------------------

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** ISO 8601 in Swedish local time with its offset: `2028-12-11T23:59:59+01:00`. */
export function isoStockholm(instant: Date): string {
  const p: Record<string, string> = {};
  for (const part of offsetFormat.formatToParts(instant)) p[part.type] = part.value;
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

const cityParam = z.string().openapi({ param: { name: 'city', in: 'path' }, example: 'demo' });
const Code = z.string().max(100).openapi({ description: 'The code as printed or scanned; case, spaces and dashes do not matter.', example: 'K7QM-3XPA-9D2F-HW4T-B6NC' });
const BusinessSlug = z
  .string()
  .max(100)
  .optional()
  .openapi({ description: 'The business you act for. Required with a browser session; a merchant API key carries its business (if sent, it must name that business).', example: 'kaffebaren' });
const Status = z.enum(['pending', 'active', 'used', 'expired', 'blocked']).openapi({ description: '`pending`: not yet paid or activated.' });
const ExpiresAt = z.string().openapi({ description: 'The last moment the card is valid, ISO 8601 with the Stockholm offset.', example: '2028-12-11T23:59:59+01:00' });

export const LookupRequest = z.strictObject({ code: Code, businessSlug: BusinessSlug }).openapi('GiftcardLookupRequest');
export const LookupResponse = z
  .object({
    balanceOre: z.number().int().openapi({ description: 'What is left, in öre.', example: 38_000 }),
    status: Status,
    expiresAt: ExpiresAt,
    acceptedHere: z.boolean().openapi({ description: 'Whether the card’s product may be used at your business.' }),
    couponsLeft: z.number().int().optional().openapi({ description: 'Booklets only: whole coupons left.' }),
    productName: z.string().openapi({ example: 'Presentkort' }),
  })
  .openapi('GiftcardLookup');

export const RedeemRequest = z
  .strictObject({
    code: Code,
    amountOre: z.number().int().positive().optional().openapi({ description: 'Gift cards: the amount to take, in öre.', example: 12_000 }),
    coupons: z.number().int().positive().optional().openapi({ description: 'Booklets: the number of whole coupons to take.', example: 1 }),
    businessSlug: BusinessSlug,
  })
  .refine((b) => (b.amountOre === undefined) !== (b.coupons === undefined), { message: 'Skicka antingen amountOre eller coupons.', path: ['amountOre'] })
  .openapi('RedemptionRequest');
export const RedemptionResult = z
  .object({
    id: z.string().uuid(),
    amountOre: z.number().int(),
    balanceOre: z.number().int().openapi({ description: 'What is left on the card afterwards.' }),
    couponsLeft: z.number().int().optional(),
    receiptNumber: z.string().openapi({ example: 'K-7QM3XPA9' }),
  })
  .openapi('Redemption');

export const ReversalRequest = z.strictObject({ businessSlug: BusinessSlug }).openapi('ReversalRequest');
export const ReversalResult = z.object({ id: z.string().uuid(), balanceOre: z.number().int() }).openapi('Reversal');

export const RedemptionListItem = z
  .object({
    id: z.string().uuid(),
    amountOre: z.number().int(),
    coupons: z.number().int().nullable(),
    receiptNumber: z.string(),
    createdAt: z.string().openapi({ example: '2026-12-11T11:30:00+01:00' }),
    reversedAt: z.string().nullable(),
  })
  .openapi('RedemptionListItem');
export const RedemptionList = z.object({ items: z.array(RedemptionListItem) }).openapi('RedemptionList');

export const BalanceRequest = z.strictObject({ code: Code }).openapi('GiftcardBalanceRequest');
export const BalanceResponse = z
  .object({
    balanceOre: z.number().int(),
    status: Status,
    expiresAt: ExpiresAt,
    couponsLeft: z.number().int().nullable(),
    productName: z.string(),
  })
  .openapi('GiftcardBalance');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const idempotencyHeader = z.object({
  [IDEMPOTENCY_KEY_HEADER.toLowerCase()]: z.string().optional().openapi({ description: 'Required: 1–255 visible ASCII characters, new for each operation (a UUID). Send the same key when retrying.', example: '3f0c1a9e-6c1b-4f7e-9a57-2b1f0d7e8c11' }),
});

/** What a holder or a merchant sees of a card, from the service's view. */
export function toBalance(v: CardView): z.infer<typeof BalanceResponse> {
  return { balanceOre: v.balanceOre, status: v.status, expiresAt: isoStockholm(v.expiresAt), couponsLeft: v.couponsLeft, productName: v.productName };
}

// ---------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------

export function mountGiftcardApi(app: TorgetApp, deps: GiftcardHttpDeps): void {
  const api = app as unknown as import('@hono/zod-openapi').OpenAPIHono<ApiEnv>;
  const guard = lookupGuardFor(deps.rateLimiter, deps.clock);

  /** The business a merchant acts for: the API key's, or the session's named one. */
  async function businessOf(c: ApiContext, businessSlug: string | undefined): Promise<string> {
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') throw unauthorized();
    const cityId = c.get('city').id;
    const mine = merchantBusinessIds(actor, cityId);
    if (!businessSlug) {
      if (actor.kind === 'apikey' && mine.length === 1) return mine[0]!;
      if (mine.length === 0) throw forbidden('Bara ett medlemsföretags API-nyckel eller personal kan ta emot presentkort.');
      throw validationError([{ path: '/businessSlug', message: 'Ange vilket företag du tar betalt för.', code: 'required' }]);
    }
    const found = /^[a-z0-9-]{1,60}$/.test(businessSlug) ? await deps.members.lookup(cityId, businessSlug) : null;
    const id = found && 'business' in found ? found.business.id : null;
    // One answer for "no such business" and "not yours": outsiders learn nothing.
    if (!id || !mine.includes(id)) throw forbidden('Du kan inte ta betalt för det företaget.');
    return id;
  }

  const subjectsOf = (c: ApiContext, actor: Actor | null): LookupSubject[] => [
    ...(actor && actor.kind !== 'anonymous' ? [{ rule: lookupRules.perKey, subject: actor.label }] : []),
    { rule: lookupRules.perIp, subject: c.get('clientIp') },
  ];

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cities/{city}/giftcards/lookup',
      tags: ['Gift cards'],
      summary: 'Look up a card at the till',
      description:
        'Merchants (API key or session). Balance, status and validity; an expired or blocked card still answers 200 with its `status`. An unknown or malformed code is 404 `giftcard.not_found`; after 10 failed look-ups a minute per key or address every look-up is refused with 429 `rate_limited` until the minute ends.',
      security: [{ apiKey: [] }],
      request: { params: z.object({ city: cityParam }), body: { required: true, content: { 'application/json': { schema: LookupRequest } } } },
      responses: { 200: json(LookupResponse, 'The card'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const businessId = await businessOf(c, body.businessSlug);
      const card = await guard.run(subjectsOf(c, c.get('actor')), () => deps.giftcards.lookup(c.get('city').id, body.code, businessId));
      return c.json(
        {
          balanceOre: card.balanceOre,
          status: card.status,
          expiresAt: isoStockholm(card.expiresAt),
          acceptedHere: card.acceptedHere === true,
          ...(card.couponsLeft !== null ? { couponsLeft: card.couponsLeft } : {}),
          productName: card.productName,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cities/{city}/redemptions',
      tags: ['Gift cards'],
      summary: 'Redeem a card',
      description:
        'Merchants. Takes `amountOre` from a gift card or whole `coupons` from a booklet. `Idempotency-Key` is required: a retry with the same key and body returns the first answer (`Idempotency-Replayed: true`) and moves nothing; the same key with another body is 422 `idempotency.key_reused`. Unknown codes count as failed look-ups (see look-up).',
      security: [{ apiKey: [] }],
      // The redemption row keeps its key (unique per business), so replays, key reuse and
      // races are answered by the service in the money transaction itself: the key-store
      // middleware would only add two commits to the busiest request in Torget.
      middleware: [requireIdempotencyKey] as const,
      request: { params: z.object({ city: cityParam }), headers: idempotencyHeader, body: { required: true, content: { 'application/json': { schema: RedeemRequest } } } },
      responses: {
        201: json(RedemptionResult, 'Redeemed'),
        ...errorResponses,
        409: problem('`giftcard.insufficient_balance` (with `balanceOre`), `giftcard.not_active`, `idempotency.in_progress`'),
        410: problem('`giftcard.expired` or `giftcard.blocked`'),
        422: problem('`giftcard.not_accepted_here` or `idempotency.key_reused`'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const actor = c.get('actor');
      const businessId = await businessOf(c, body.businessSlug);
      const result = await guard.run(subjectsOf(c, actor), () =>
        deps.giftcards.redeem(actor, c.get('city').id, {
          code: body.code,
          businessId,
          ...(body.amountOre !== undefined ? { amountOre: body.amountOre } : {}),
          ...(body.coupons !== undefined ? { coupons: body.coupons } : {}),
          idempotencyKey: c.req.header(IDEMPOTENCY_KEY_HEADER) ?? null,
        }),
      );
      if (result.replayed) c.header(REPLAYED_HEADER, 'true');
      return c.json(
        { id: result.id, amountOre: result.amountOre, balanceOre: result.balanceOre, ...(result.couponsLeft !== null ? { couponsLeft: result.couponsLeft } : {}), receiptNumber: result.receiptNumber },
        201,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cities/{city}/redemptions/{id}/reversal',
      tags: ['Gift cards'],
      summary: 'Undo a redemption',
      description: 'Merchants, by the business that redeemed, the same day (Swedish time). `Idempotency-Key` is required. Send no body (or `{}`), or `{ "businessSlug" }` with a session.',
      security: [{ apiKey: [] }],
      middleware: [idempotent(deps.idempotency, { name: 'giftcards.reverse', problems: deps.problems })] as const,
      request: {
        params: z.object({ city: cityParam, id: z.string().max(100).openapi({ param: { name: 'id', in: 'path' } }) }),
        headers: idempotencyHeader,
        body: { required: false, content: { 'application/json': { schema: ReversalRequest } } },
      },
      responses: { 200: json(ReversalResult, 'Reversed; the amount is back on the card'), ...errorResponses, 409: problem('`giftcard.reversal_window_closed` or `giftcard.already_reversed`') },
    }),
    async (c) => {
      const { businessSlug } = c.req.valid('json') as { businessSlug?: string };
      const businessId = await businessOf(c, businessSlug);
      const result = await deps.giftcards.reverse(c.get('actor'), c.get('city').id, c.req.param('id') ?? '', businessId);
      return c.json(result, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cities/{city}/redemptions',
      tags: ['Gift cards'],
      summary: 'Today’s redemptions at your business',
      description: 'Merchants. Newest first; the day is the Swedish calendar day. With a session, name the business with `businessSlug`.',
      security: [{ apiKey: [] }],
      request: { params: z.object({ city: cityParam }), query: z.object({ date: z.enum(['today']).optional().openapi({ description: 'Only `today` for now.' }), businessSlug: BusinessSlug }) },
      responses: { 200: json(RedemptionList, 'Redemptions'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const businessId = await businessOf(c, query.businessSlug);
      const rows = await deps.giftcards.todaysRedemptions(c.get('actor'), c.get('city').id, businessId);
      return c.json(
        { items: rows.map((r) => ({ id: r.id, amountOre: r.amountOre, coupons: r.coupons, receiptNumber: r.receiptNumber, createdAt: isoStockholm(r.createdAt), reversedAt: r.reversedAt ? isoStockholm(r.reversedAt) : null })) },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cities/{city}/giftcards/balance',
      tags: ['Gift cards'],
      summary: 'A card holder checks the balance',
      description: 'Public (no API key). Rate-limited per address like the look-up: 10 failed look-ups a minute. The code travels in the body, never in a URL.',
      request: { params: z.object({ city: cityParam }), body: { required: true, content: { 'application/json': { schema: BalanceRequest } } } },
      responses: { 200: json(BalanceResponse, 'The card'), 400: errorResponses[400], 404: errorResponses[404], 429: errorResponses[429] },
    }),
    async (c) => {
      const { code } = c.req.valid('json');
      const card = await guard.run(subjectsOf(c, null), () => deps.giftcards.lookup(c.get('city').id, code));
      c.header('Cache-Control', 'no-store');
      return c.json(toBalance(card), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/payments/{method}/callback',
      tags: ['Payments'],
      summary: 'Payment provider callback',
      description: 'Called by Swish or the card provider. The raw body and headers go to the provider for signature checks. Repeated, late or unknown callbacks change nothing twice. A method without a configured provider answers 404.',
      request: { params: z.object({ method: z.enum(['swish', 'card']).openapi({ param: { name: 'method', in: 'path' } }) }) },
      responses: { 200: json(z.object({ received: z.literal(true) }), 'Received'), 400: errorResponses[400], 404: errorResponses[404], 409: problem('`giftcard.payment_mismatch`') },
    }),
    async (c) => {
      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((value, name) => {
        headers[name] = value;
      });
      await deps.payments.callback(c.req.valid('param').method, { headers, rawBody: await c.req.text() });
      return c.json({ received: true as const }, 200);
    },
  );
}


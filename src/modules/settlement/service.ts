/**
 * Settlement runs: per city and period, what each business is paid for the gift card
 * value its customers redeemed, less the association's fee and the fee's VAT.
 *
 * - `createRun` computes a DRAFT (replacing the city's previous draft, if any) from
 *   every redemption created up to `until` (and from `from`, if given) that no approved
 *   run has taken, and every reversal in the same range not yet taken; the previous
 *   approved run's negative lines come in as carries. The arithmetic is calculate.ts.
 * - `approve` makes the run immutable and moves its money in the ledger, in one
 *   transaction: `merchant:<b>` → `payout:<b>` (payout), → `fees` (fee), → `fee-vat`
 *   (fee VAT); a negative fee (refund) moves the other way. The merchant account is
 *   reduced by exactly payout + fee + fee VAT per line; a carried debt simply stays
 *   on it (see "Ledger" below).
 * - Which redemptions a run took is recorded in `settlement_run_items`, unique on
 *   (redemption, kind): nothing is settled twice, by construction.
 *
 * Ledger: the merchant account holds, at any moment, the unsettled net (redeemed −
 * reversed not yet in an approved run) plus the last run's carried-out debt (≤ 0).
 * All of these are value holders; none needs `allowNegative`.
 *
 * Payout accounts live in payout-accounts.ts (`service.payoutAccounts`): a change takes
 * two admins, and `exportPain001` uses the confirmed account of each business.
 *
 * Two approvers: where the city asks for them (`approversFor(cityId)` = 2), the first
 * admin's approval is recorded on the draft and the second, by another admin, moves
 * the money.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, can, type Actor, type Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { allowLongStatements, type Db, type Executor } from '../../platform/db/database.js';
import { DomainError, forbidden } from '../../platform/errors.js';
import { isValidDate, STOCKHOLM, zonedParts } from '../../platform/time/zoned.js';
import { chooseRate, periodInstants, settleRun, type FeeConfig, type SettleLineInput, type TierAmounts } from './calculate.js';
import { buildPain001, payoutCsv, type CreditorAccount, type Pain001Input, type Pain001Version, type PayoutCsvDetail } from './pain001.js';
import { createPayoutAccountService, creditorOf } from './payout-accounts.js';
import { cardCampaignSource, redemptionSource } from '../giftcards/index.js';
import { statementItems, statementMail, tierLabel, type Statement } from './statements.js';
import { settlementLines, settlementRuns, type SettlementFeePart, type SettlementRunTotals } from './schema.js';
import type { Outbox } from '../../platform/messaging/outbox.js';

export type RunStatus = 'draft' | 'approved';
export type ApprovalMethod = 'web-2fa' | 'cli';

/** What settlement needs of the members module (its service fits). */
export interface SettlementBusinessPort {
  getById(cityId: string, id: string): Promise<{ id: string; slug: string; name: string; isMember: boolean; email: string | null } | null>;
  getMany(cityId: string, ids: readonly string[]): Promise<Array<{ id: string; slug: string; name: string; isMember: boolean; email: string | null }>>;
}

/**
 * What settlement needs of the campaigns module: the city's campaigns, each with its
 * own fee in basis points, or null where the usual (membership) tiers apply.
 */
export interface SettlementCampaignPort {
  feeTiers(cityId: string): Promise<Array<{ id: string; name: string; feeBp: number | null }>>;
}

/** What settlement needs of the ledger (the platform ledger fits). */
export interface SettlementLedgerPort {
  transfer(tx: Executor, input: { cityId: string; kind: string; reference: string; actor: string; memo?: Record<string, unknown>; legs: Array<{ from: string; to: string; amountOre: number }> }): Promise<{ id: string }>;
}

/** Ledger account codes settlement moves money between. */
export const settlementAccounts = {
  merchant: (businessId: string) => `merchant:${businessId}`,
  /** Approved, awaiting the bank transfer of the payout file (a value holder). */
  payout: (businessId: string) => `payout:${businessId}`,
  /** The association's fee income (a value holder). */
  fees: 'fees',
  /** VAT on the fee, owed to Skatteverket (a value holder). */
  feeVat: 'fee-vat',
} as const;

export interface RunLine {
  id: string;
  businessId: string;
  /** The business's slug; its id when the business no longer exists. */
  business: string;
  businessName: string;
  /** The business's own (membership) tier and rate. */
  tier: string;
  rateBp: number;
  /** The fee per tier; feeOre and feeVatOre are their sums. */
  fees: SettlementFeePart[];
  redeemedOre: number;
  reversedOre: number;
  carriedInOre: number;
  feeOre: number;
  feeVatOre: number;
  payoutOre: number;
  carriedOutOre: number;
}

export interface Run {
  id: string;
  cityId: string;
  number: number;
  /** Null: everything not yet taken, from the beginning. */
  from: string | null;
  until: string;
  status: RunStatus;
  totals: SettlementRunTotals;
  createdAt: Date;
  createdBy: string;
  approvedAt: Date | null;
  approvedBy: string | null;
  approvalMethod: ApprovalMethod | null;
  secondApprovedBy: string | null;
  /** Two-approver cities: the first approval of a draft that awaits the second. */
  firstApprovedBy: string | null;
  firstApprovedAt: Date | null;
}

export type RunWithLines = Run & { lines: RunLine[] };

export interface SettlementConfig extends FeeConfig {
  memberBp: number;
  nonMemberBp: number;
}

export interface Pain001Options {
  debtor: Pain001Input['debtor'];
  /** businessId → account; by default each business's confirmed payout account. */
  payoutAccounts?: ReadonlyMap<string, CreditorAccount> | Readonly<Record<string, CreditorAccount>>;
  version?: Pain001Version;
  /** YYYY-MM-DD; default today in Stockholm. */
  executionDate?: string;
}

const ADMIN: readonly Role[] = ['association-admin'];
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const runNotFound = () => new DomainError('settlement.run_not_found', 'Avräkningen finns inte.');
const runApproved = (number: number) => new DomainError('settlement.run_approved', `Avräkning ${number} är godkänd och kan inte ändras.`);

// Both drivers answer `execute` with `{ rows }`; bigint and numeric come back as strings.
async function rowsOf<T>(ex: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await ex.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Thrown inside the run's transaction when a business appeared that was not read beforehand. */
class UnknownBusinesses extends Error {
  constructor(readonly ids: string[]) {
    super('settlement: businesses not prefetched');
  }
}

/** Thrown inside the run's transaction when a card of a campaign not read beforehand was redeemed. */
class UnknownCampaigns extends Error {
  constructor() {
    super('settlement: campaigns not prefetched');
  }
}

/**
 * A line's fee parts as stored; a line computed before parts were stored is read as one
 * part at its rate (its fee was one rounding on the whole net).
 */
export function feePartsOf(row: { fees: SettlementFeePart[] | null; tier: string; rateBp: number; redeemedOre: number; reversedOre: number; feeOre: number; feeVatOre: number }): SettlementFeePart[] {
  if (row.fees && row.fees.length > 0) return row.fees;
  if (row.redeemedOre === 0 && row.reversedOre === 0 && row.feeOre === 0) return [];
  return [{ tier: row.tier, feeBp: row.rateBp, baseOre: row.redeemedOre - row.reversedOre, feeOre: row.feeOre, feeVatOre: row.feeVatOre }];
}

function toRun(row: typeof settlementRuns.$inferSelect): Run {
  return {
    id: row.id,
    cityId: row.cityId,
    number: row.number,
    from: row.periodFrom,
    until: row.periodUntil,
    status: row.status as RunStatus,
    totals: row.totals,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    approvedAt: row.approvedAt,
    approvedBy: row.approvedBy,
    approvalMethod: row.approvalMethod as ApprovalMethod | null,
    secondApprovedBy: row.secondApprovedBy,
    firstApprovedBy: row.firstApprovedBy,
    firstApprovedAt: row.firstApprovedAt,
  };
}

export type SettlementService = ReturnType<typeof createSettlementService>;

export function createSettlementService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  outbox: Outbox;
  ledger: SettlementLedgerPort;
  businesses: SettlementBusinessPort;
  config: SettlementConfig;
  /** The city's campaigns and their own fees; without it every card pays the membership tier. */
  campaigns?: SettlementCampaignPort;
  /** How many admins must approve a run in this city (1 unless the city asks for 2). */
  approversFor?: (cityId: string) => Promise<number>;
  /**
   * The statement limit a run's computation and its approval may use (they read or move
   * a whole period's redemptions in one transaction); 0 or unset: the ordinary limit.
   */
  longStatementMs?: number;
  /** The city's public address, e.g. `https://torget.example/demo`, for links in statement e-mails. */
  cityUrl?: (cityId: string) => Promise<string>;
}) {
  const { db, clock, audit, ledger, businesses, config } = deps;
  const payoutAccounts = createPayoutAccountService(deps);

  /** One run at a time per city: createRun and approve serialise on this lock. */
  async function lockCity(tx: Executor, cityId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'settlement:' + cityId}))`);
  }

  function instants(from: string | undefined, until: string): { start: Date | null; end: Date } {
    const errors = [];
    if (from !== undefined && !isValidDate(from)) errors.push({ path: '/from', message: 'Ett datum som 2026-11-30.', code: 'invalid_format' });
    if (!isValidDate(until)) errors.push({ path: '/until', message: 'Ett datum som 2026-11-30.', code: 'invalid_format' });
    if (errors.length) throw new DomainError('settlement.invalid_period', 'Perioden är inte giltig.', { errors });
    if (from !== undefined && from > until) throw new DomainError('settlement.invalid_period', `Perioden slutar (${until}) före den börjar (${from}).`);
    const { start, end } = periodInstants({ from: from ?? until, until });
    return { start: from !== undefined ? start : null, end };
  }

  // The gift card module's `redemptions` table, read (never written) by plain SQL: the
  // lint rule keeps modules out of each other's schema files, and settlement needs the
  // rows set-wise. Columns used: id, city_id, business_id, amount_ore, created_at, reversed_at.
  const redeemedInRange = (cityId: string, start: Date | null, end: Date) =>
    sql`r.city_id = ${cityId} and r.created_at < ${end.toISOString()}::timestamptz ${start ? sql`and r.created_at >= ${start.toISOString()}::timestamptz` : sql``}
        and not exists (select 1 from settlement_run_items i where i.redemption_id = r.id and i.kind = 'redeemed')`;
  const reversedInRange = (cityId: string, start: Date | null, end: Date) =>
    sql`r.city_id = ${cityId} and r.reversed_at is not null and r.reversed_at < ${end.toISOString()}::timestamptz ${start ? sql`and r.reversed_at >= ${start.toISOString()}::timestamptz` : sql``}
        and not exists (select 1 from settlement_run_items i where i.redemption_id = r.id and i.kind = 'reversed')`;

  async function lastApproved(ex: Executor, cityId: string) {
    const [row] = await ex
      .select()
      .from(settlementRuns)
      .where(and(eq(settlementRuns.cityId, cityId), eq(settlementRuns.status, 'approved')))
      .orderBy(desc(settlementRuns.number))
      .limit(1);
    return row ?? null;
  }

  /** Businesses a run from here could include (a superset is fine), read before the transaction. */
  async function candidateBusinessIds(cityId: string, start: Date | null, end: Date): Promise<string[]> {
    const rows = await rowsOf<{ business_id: string }>(
      db,
      sql`select distinct r.business_id from ${redemptionSource} r where (${redeemedInRange(cityId, start, end)}) or (${reversedInRange(cityId, start, end)})`,
    );
    const ids = new Set(rows.map((r) => r.business_id));
    const previous = await lastApproved(db, cityId);
    if (previous) {
      const carried = await db
        .select({ businessId: settlementLines.businessId })
        .from(settlementLines)
        .where(and(eq(settlementLines.runId, previous.id), sql`${settlementLines.carriedOutOre} < 0`));
      for (const c of carried) ids.add(c.businessId);
    }
    return [...ids];
  }

  type BusinessInfo = { slug: string; name: string; isMember: boolean };
  async function readBusinesses(cityId: string, ids: Iterable<string>, into: Map<string, BusinessInfo | null>): Promise<void> {
    const wanted = [...ids].filter((id) => !into.has(id));
    for (let i = 0; i < wanted.length; i += 1000) {
      const chunk = wanted.slice(i, i + 1000);
      const found = new Map((await businesses.getMany(cityId, chunk)).map((b) => [b.id, b]));
      for (const id of chunk) {
        const b = found.get(id);
        into.set(id, b ? { slug: b.slug, name: b.name, isMember: b.isMember } : null);
      }
    }
  }

  async function linesOf(ex: Executor, runId: string) {
    return ex.select().from(settlementLines).where(eq(settlementLines.runId, runId));
  }

  /** Lines with business slugs and names, ordered by slug. Reads outside any transaction. */
  async function withLines(run: Run): Promise<RunWithLines> {
    const rows = await linesOf(db, run.id);
    const info = new Map<string, BusinessInfo | null>();
    await readBusinesses(run.cityId, rows.map((r) => r.businessId), info);
    const lines: RunLine[] = rows.map((r) => {
      const b = info.get(r.businessId) ?? null;
      return {
        id: r.id,
        businessId: r.businessId,
        business: b?.slug ?? r.businessId,
        businessName: b?.name ?? r.businessId,
        tier: r.tier,
        rateBp: r.rateBp,
        fees: feePartsOf(r),
        redeemedOre: r.redeemedOre,
        reversedOre: r.reversedOre,
        carriedInOre: r.carriedInOre,
        feeOre: r.feeOre,
        feeVatOre: r.feeVatOre,
        payoutOre: r.payoutOre,
        carriedOutOre: r.carriedOutOre,
      };
    });
    lines.sort((a, b) => a.business.localeCompare(b.business, 'sv'));
    return { ...run, lines };
  }

  async function findRun(ex: Executor, cityId: string, runId: string, lock = false) {
    if (!isUuid(runId)) throw runNotFound();
    const query = ex
      .select()
      .from(settlementRuns)
      .where(and(eq(settlementRuns.cityId, cityId), eq(settlementRuns.id, runId)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw runNotFound();
    return row;
  }

  type CampaignInfo = { name: string; feeBp: number | null };
  async function readCampaigns(cityId: string): Promise<Map<string, CampaignInfo>> {
    const list = deps.campaigns ? await deps.campaigns.feeTiers(cityId) : [];
    return new Map(list.map((c) => [c.id, { name: c.name, feeBp: c.feeBp }]));
  }

  async function computeDraft(tx: Executor, actor: Actor, cityId: string, from: string | undefined, until: string, start: Date | null, end: Date, info: Map<string, BusinessInfo | null>, campaigns: Map<string, CampaignInfo>): Promise<Run> {
    await lockCity(tx, cityId);
    // Replacing the draft frees its items (cascade), so they are taken afresh below.
    const replaced = await tx
      .delete(settlementRuns)
      .where(and(eq(settlementRuns.cityId, cityId), eq(settlementRuns.status, 'draft')))
      .returning({ id: settlementRuns.id, number: settlementRuns.number });
    const [{ last }] = (await tx
      .select({ last: sql<number>`coalesce(max(${settlementRuns.number}), 0)::int` })
      .from(settlementRuns)
      .where(eq(settlementRuns.cityId, cityId))) as [{ last: number }];
    const emptyTotals: SettlementRunTotals = { redeemedOre: 0, reversedOre: 0, carriedInOre: 0, feeOre: 0, feeVatOre: 0, payoutOre: 0, carriedOutOre: 0 };
    const [run] = await tx
      .insert(settlementRuns)
      .values({ cityId, number: Number(last) + 1, periodFrom: from ?? null, periodUntil: until, status: 'draft', totals: emptyTotals, createdAt: clock.now(), createdBy: actor.label })
      .returning();
    const runId = run!.id;

    // Reversals first: each statement's anti-join then reads only earlier runs' items. Taken
    // the other way round, the reversal query would probe a million rows this transaction
    // just wrote, which the planner's statistics do not know of yet (a nested loop over them).
    await tx.execute(sql`
      insert into settlement_run_items (run_id, city_id, redemption_id, kind)
      select ${runId}, ${cityId}, r.id, 'reversed' from ${redemptionSource} r where ${reversedInRange(cityId, start, end)}`);
    await tx.execute(sql`
      insert into settlement_run_items (run_id, city_id, redemption_id, kind)
      select ${runId}, ${cityId}, r.id, 'redeemed' from ${redemptionSource} r where ${redeemedInRange(cityId, start, end)}`);
    // Summed per business and campaign: a campaign's cards may carry a fee of their own
    // (a reversal goes with the card it was redeemed from, so with the same tier). A city
    // that never sold a campaign card sums per business alone, as it always did.
    const [campaignCards] = await rowsOf<{ any: boolean }>(tx, sql`select exists (select 1 from ${cardCampaignSource(cityId)} c) as any`);
    const byCampaign = campaignCards?.any === true;
    const sums = await rowsOf<{ business_id: string; campaign_id: string | null; redeemed: string | number; reversed: string | number }>(
      tx,
      sql`
        select r.business_id, ${byCampaign ? sql`c.campaign_id` : sql`null::text`} as campaign_id,
               coalesce(sum(r.amount_ore) filter (where i.kind = 'redeemed'), 0)::bigint as redeemed,
               coalesce(sum(r.amount_ore) filter (where i.kind = 'reversed'), 0)::bigint as reversed
        from settlement_run_items i join ${redemptionSource} r on r.id = i.redemption_id
        ${byCampaign ? sql`left join ${cardCampaignSource(cityId)} c on c.card_id = r.card_id` : sql``}
        where i.run_id = ${runId}
        group by 1, 2`,
    );

    const carries = new Map<string, number>();
    const previous = await lastApproved(tx, cityId);
    if (previous) {
      const carried = await tx
        .select({ businessId: settlementLines.businessId, carriedOutOre: settlementLines.carriedOutOre })
        .from(settlementLines)
        .where(and(eq(settlementLines.runId, previous.id), sql`${settlementLines.carriedOutOre} < 0`));
      for (const c of carried) carries.set(c.businessId, c.carriedOutOre);
    }

    const missing = [...new Set([...sums.map((s) => s.business_id), ...carries.keys()])].filter((id) => !info.has(id));
    if (missing.length) throw new UnknownBusinesses(missing);
    if (sums.some((s) => s.campaign_id !== null && !campaigns.has(s.campaign_id))) throw new UnknownCampaigns();

    // A campaign that sets its own fee overrides membership on its cards; the others fall
    // into the business's own tier (see calculate.ts `chooseRate`).
    const overrides: Record<string, number> = {};
    for (const [id, c] of campaigns) if (c.feeBp !== null) overrides[id] = c.feeBp;
    const fees: FeeConfig = { ...config, campaignOverrides: overrides };
    const own = new Map<string, { name: string; rateBp: number }>();
    const perBusiness = new Map<string, Map<string, TierAmounts>>();
    for (const id of new Set([...sums.map((s) => s.business_id), ...carries.keys()])) {
      // A business that no longer exists pays the non-member rate: it is not a member.
      own.set(id, chooseRate(fees, { isMember: info.get(id)?.isMember ?? false }));
      perBusiness.set(id, new Map());
    }
    for (const s of sums) {
      const isMember = info.get(s.business_id)?.isMember ?? false;
      const tier = chooseRate(fees, { isMember }, s.campaign_id ?? undefined);
      const parts = perBusiness.get(s.business_id)!;
      const part = parts.get(tier.name) ?? { tier: tier.name, rateBp: tier.rateBp, redeemedOre: 0, reversedOre: 0, ...(tier.name.startsWith('campaign:') ? { name: campaigns.get(s.campaign_id!)!.name } : {}) };
      part.redeemedOre += Number(s.redeemed);
      part.reversedOre += Number(s.reversed);
      parts.set(tier.name, part);
    }
    // The membership tier first, then campaigns by name: the same order on every page.
    const byTier = (a: TierAmounts, b: TierAmounts) => {
      const ca = a.tier.startsWith('campaign:');
      const cb = b.tier.startsWith('campaign:');
      if (ca !== cb) return ca ? 1 : -1;
      return (a.name ?? '').localeCompare(b.name ?? '', 'sv') || (a.tier < b.tier ? -1 : a.tier > b.tier ? 1 : 0);
    };
    const inputs: SettleLineInput[] = [...perBusiness.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([businessId, parts]) => ({ businessId, carriedInOre: carries.get(businessId) ?? 0, tiers: [...parts.values()].sort(byTier) }));
    const computed = settleRun(inputs);
    if (computed.lines.length) {
      await tx.insert(settlementLines).values(computed.lines.map((l) => ({ runId, cityId, ...l, tier: own.get(l.businessId)!.name, rateBp: own.get(l.businessId)!.rateBp })));
    }
    const [updated] = await tx.update(settlementRuns).set({ totals: computed.totals }).where(eq(settlementRuns.id, runId)).returning();
    await audit.record(
      { cityId, actor, action: 'settlement.run_create', entityType: 'settlement_run', entityId: runId, data: { number: run!.number, from: from ?? null, until, totals: computed.totals, lines: computed.lines.length, replacedDraft: replaced[0]?.id ?? null } },
      tx,
    );
    return toRun(updated!);
  }

  return {
    accounts: settlementAccounts,
    payoutAccounts,

    /**
     * Computes a draft run for the city over `from`..`until` (inclusive Stockholm dates;
     * without `from`, everything up to `until` not yet taken by an approved run). The
     * city's earlier draft, if any, is replaced. Association admins.
     */
    async createRun(actor: Actor, cityId: string, input: { from?: string; until: string }): Promise<RunWithLines> {
      authorize(actor, { cityId, roles: ADMIN });
      const { start, end } = instants(input.from, input.until);
      // Businesses are read before the transaction (on the embedded database a query
      // outside an open transaction would wait for it); one that appears meanwhile
      // (a first redemption at a new shop) makes the run compute again.
      const info = new Map<string, BusinessInfo | null>();
      await readBusinesses(cityId, await candidateBusinessIds(cityId, start, end), info);
      let campaigns = await readCampaigns(cityId);
      for (let attempt = 0; ; attempt++) {
        try {
          const run = await db.transaction(async (tx) => {
            await allowLongStatements(tx, deps.longStatementMs ?? 0);
            return computeDraft(tx, actor, cityId, input.from, input.until, start, end, info, campaigns);
          });
          return withLines(run);
        } catch (err) {
          if (err instanceof UnknownBusinesses && attempt < 3) {
            await readBusinesses(cityId, err.ids, info);
            continue;
          }
          if (err instanceof UnknownCampaigns && attempt < 3) {
            campaigns = await readCampaigns(cityId);
            continue;
          }
          throw err;
        }
      }
    },

    /**
     * Approves a draft: it becomes immutable and its money moves in the ledger in the
     * same transaction. On the web the admin must have passed two-factor in this
     * session; `cli` is for operators with server access (the CLI actor) and is audited
     * as such. A second approval of the same run is refused (`settlement.run_approved`).
     */
    async approve(actor: Actor, cityId: string, runId: string, input: { method: ApprovalMethod }): Promise<RunWithLines> {
      authorize(actor, { cityId, roles: ADMIN });
      if (input.method === 'web-2fa' && !actor.hasTwoFactor) {
        throw new DomainError('auth.two_factor_required', 'Godkänn avräkningen med en kod från din autentiseringsapp.');
      } else if (input.method === 'cli' && actor.kind !== 'cli') {
        throw forbidden('Godkännande från kommandoraden kräver åtkomst till servern.');
      } else if (input.method !== 'web-2fa' && input.method !== 'cli') {
        throw forbidden('Okänt sätt att godkänna.');
      }
      // Read before the transaction: on the embedded database a query outside an open
      // transaction would wait for it.
      const approvers = deps.approversFor ? await deps.approversFor(cityId) : 1;
      const cityUrl = deps.cityUrl ? await deps.cityUrl(cityId) : '';
      const mailTo = new Map<string, { slug: string; name: string; email: string | null }>();
      const draftLines = isUuid(runId) ? await linesOf(db, runId) : [];
      for (const b of await businesses.getMany(cityId, draftLines.map((l) => l.businessId))) mailTo.set(b.id, { slug: b.slug, name: b.name, email: b.email });
      const run = await db.transaction(async (tx) => {
        await allowLongStatements(tx, deps.longStatementMs ?? 0);
        await lockCity(tx, cityId);
        const row = await findRun(tx, cityId, runId, true);
        if (row.status === 'approved') throw runApproved(row.number);
        if (approvers >= 2 && !row.firstApprovedBy) {
          const [first] = await tx.update(settlementRuns).set({ firstApprovedBy: actor.label, firstApprovedAt: clock.now() }).where(eq(settlementRuns.id, runId)).returning();
          await audit.record({ cityId, actor, action: 'settlement.run_first_approve', entityType: 'settlement_run', entityId: runId, data: { number: row.number, method: input.method } }, tx);
          return toRun(first!);
        }
        if (approvers >= 2 && row.firstApprovedBy === actor.label) {
          throw new DomainError('settlement.second_approval_required', `Avräkning ${row.number} väntar på en andra administratörs godkännande.`);
        }
        // A redemption in this draft that was undone after the draft was computed would be
        // paid out although its money went back to the card: compute the run again.
        const stale = await rowsOf(tx, sql`
          select 1 from settlement_run_items i join ${redemptionSource} r on r.id = i.redemption_id
          where i.run_id = ${runId} and i.kind = 'redeemed' and r.reversed_at is not null
            and not exists (select 1 from settlement_run_items j where j.redemption_id = r.id and j.kind = 'reversed')
          limit 1`);
        if (stale.length > 0) {
          throw new DomainError('settlement.stale_draft', 'En inlösen i utkastet har ångrats sedan det räknades fram. Räkna fram avräkningen igen.');
        }
        const lines = await linesOf(tx, runId);
        const legs: Array<{ from: string; to: string; amountOre: number }> = [];
        const move = (account: string, businessId: string, amountOre: number) => {
          const merchant = settlementAccounts.merchant(businessId);
          if (amountOre > 0) legs.push({ from: merchant, to: account, amountOre });
          else if (amountOre < 0) legs.push({ from: account, to: merchant, amountOre: -amountOre });
        };
        for (const line of lines) {
          move(settlementAccounts.payout(line.businessId), line.businessId, line.payoutOre);
          move(settlementAccounts.fees, line.businessId, line.feeOre);
          move(settlementAccounts.feeVat, line.businessId, line.feeVatOre);
        }
        let transferId: string | null = null;
        if (legs.length) {
          try {
            transferId = (await ledger.transfer(tx, { cityId, kind: 'settlement.approve', reference: runId, actor: actor.label, memo: { number: row.number, method: input.method }, legs })).id;
          } catch (err) {
            if (err instanceof DomainError && err.code === 'ledger.insufficient_funds') {
              throw new DomainError('settlement.stale_draft', 'En inlösen i utkastet har ångrats sedan det räknades fram. Räkna fram avräkningen igen.', { account: err.extra.account });
            }
            throw err;
          }
        }
        const [updated] = await tx
          .update(settlementRuns)
          .set({ status: 'approved', approvedAt: clock.now(), approvedBy: row.firstApprovedBy ?? actor.label, secondApprovedBy: row.firstApprovedBy ? actor.label : null, approvalMethod: input.method })
          .where(and(eq(settlementRuns.id, runId), eq(settlementRuns.status, 'draft')))
          .returning();
        if (!updated) throw runApproved(row.number);
        await audit.record(
          {
            cityId,
            actor,
            action: 'settlement.run_approve',
            entityType: 'settlement_run',
            entityId: runId,
            data: { number: row.number, method: input.method, ...(input.method === 'cli' ? { operator: actor.label, twoFactor: false } : { twoFactor: true }), transferId, totals: row.totals },
          },
          tx,
        );
        const approved = toRun(updated);
        // Each business with a line gets its statement by e-mail (the page has every redemption).
        for (const line of lines) {
          const to = mailTo.get(line.businessId);
          if (!to?.email) continue;
          const mail = statementMail(approved, { ...line, fees: feePartsOf(line), business: to.slug, businessName: to.name }, `${cityUrl}/butik/${to.slug}/avrakningar/${runId}`);
          await deps.outbox.enqueueEmail({ cityId, to: to.email, template: 'settlement.statement', subject: mail.subject, text: mail.text, meta: { runId, businessId: line.businessId } }, tx);
        }
        return approved;
      });
      return withLines(run);
    },

    /** One run with its lines; settlement.run_not_found for another city's. */
    async get(actor: Actor, cityId: string, runId: string): Promise<RunWithLines> {
      authorize(actor, { cityId, roles: ADMIN });
      return withLines(toRun(await findRun(db, cityId, runId)));
    },

    /**
     * A business's statement for a run: the admins see any run, the business's owner
     * only approved ones. `settlement.run_not_found` when the run has no line for it.
     */
    async statement(actor: Actor, cityId: string, runId: string, businessId: string): Promise<Statement> {
      authorize(actor, { cityId, roles: [...ADMIN, 'merchant-owner'], businessId });
      const run = await withLines(toRun(await findRun(db, cityId, runId)));
      const line = run.lines.find((l) => l.businessId === businessId);
      const admin = can(actor, { cityId, roles: ADMIN });
      if (!line || (!admin && run.status !== 'approved')) throw runNotFound();
      const { lines: _lines, ...bare } = run;
      return { run: bare, business: { id: businessId, slug: line.business, name: line.businessName }, line, items: await statementItems(db, cityId, runId, businessId, line) };
    },

    /** The approved runs with a line for this business, newest first (the merchant's list). */
    async runsForBusiness(actor: Actor, cityId: string, businessId: string): Promise<Array<{ run: Run; line: typeof settlementLines.$inferSelect }>> {
      authorize(actor, { cityId, roles: [...ADMIN, 'merchant-owner'], businessId });
      const rows = await db
        .select({ run: settlementRuns, line: settlementLines })
        .from(settlementLines)
        .innerJoin(settlementRuns, eq(settlementRuns.id, settlementLines.runId))
        .where(and(eq(settlementLines.cityId, cityId), eq(settlementLines.businessId, businessId), eq(settlementRuns.status, 'approved')))
        .orderBy(desc(settlementRuns.number))
        .limit(120);
      return rows.map((r) => ({ run: toRun(r.run), line: r.line }));
    },

    /** Which city a run belongs to (operators name a run by id alone); null when there is none. */
    async cityOfRun(runId: string): Promise<string | null> {
      if (!isUuid(runId)) return null;
      const [row] = await db.select({ cityId: settlementRuns.cityId }).from(settlementRuns).where(eq(settlementRuns.id, runId));
      return row?.cityId ?? null;
    },

    /** The city's runs, newest first, without lines. */
    async list(actor: Actor, cityId: string, options: { limit?: number } = {}): Promise<Run[]> {
      authorize(actor, { cityId, roles: ADMIN });
      const rows = await db
        .select()
        .from(settlementRuns)
        .where(eq(settlementRuns.cityId, cityId))
        .orderBy(desc(settlementRuns.number))
        .limit(Math.min(Math.max(options.limit ?? 50, 1), 500));
      return rows.map(toRun);
    },

    /**
     * The payout file (pain.001) and its CSV for an APPROVED run: one credit transfer
     * per line with a payout, control sum = the run's payout total. Payout accounts are
     * given by the caller for now (businessId → account); a line whose business has
     * none is refused with `settlement.payout_account_missing`.
     */
    async exportPain001(actor: Actor, cityId: string, runId: string, options: Pain001Options): Promise<{ xml: string; csv: string; totalOre: number; payments: number; number: number }> {
      authorize(actor, { cityId, roles: ADMIN });
      const run = await withLines(toRun(await findRun(db, cityId, runId)));
      if (run.status !== 'approved') throw new DomainError('settlement.run_not_approved', `Avräkning ${run.number} är inte godkänd än; utbetalningsfilen görs av en godkänd avräkning.`);
      const confirmed = options.payoutAccounts ? null : await payoutAccounts.confirmedAccounts(cityId);
      const accountOf = (id: string): CreditorAccount | undefined => {
        if (confirmed) {
          const a = confirmed.get(id);
          return a ? creditorOf(a) : undefined;
        }
        return options.payoutAccounts instanceof Map ? options.payoutAccounts.get(id) : (options.payoutAccounts as Record<string, CreditorAccount>)[id];
      };
      const paid = run.lines.filter((l) => l.payoutOre > 0);
      if (paid.length === 0) throw new DomainError('settlement.nothing_to_pay', `Avräkning ${run.number} har inga utbetalningar.`);
      const missing = paid.filter((l) => !accountOf(l.businessId)).map((l) => l.business);
      if (missing.length) throw new DomainError('settlement.payout_account_missing', `Utbetalningskonto saknas för ${missing.join(', ')}.`, { businesses: missing });
      const period = run.from ? `${run.from}–${run.until}` : `t.o.m. ${run.until}`;
      const details: PayoutCsvDetail[] = paid.map((l) => ({ ...l, fees: l.fees.map((f) => ({ ...f, label: tierLabel(f) })) }));
      const input: Pain001Input = {
        version: options.version ?? '001.001.03',
        messageId: run.id.replace(/-/g, ''),
        createdAt: clock.now(),
        debtor: options.debtor,
        executionDate: options.executionDate ?? zonedParts(clock.now(), STOCKHOLM).date,
        payments: paid.map((l) => ({
          endToEndId: l.id.replace(/-/g, ''),
          amountOre: l.payoutOre,
          creditor: { name: l.businessName, account: accountOf(l.businessId)! },
          remittance: `Avräkning presentkort ${run.number} ${period}`,
        })),
      };
      const xml = buildPain001(input);
      const csv = payoutCsv(input, details);
      await audit.record({ cityId, actor, action: 'settlement.export_pain001', entityType: 'settlement_run', entityId: run.id, data: { payments: paid.length, totalOre: run.totals.payoutOre } });
      return { xml, csv, totalOre: run.totals.payoutOre, payments: paid.length, number: run.number };
    },
  };
}

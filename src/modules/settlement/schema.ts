import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../cities/schema.js';

/** Sums of a run's lines (see calculate.ts `SettlementTotals`), öre. */
export interface SettlementRunTotals {
  redeemedOre: number;
  reversedOre: number;
  carriedInOre: number;
  feeOre: number;
  feeVatOre: number;
  payoutOre: number;
  carriedOutOre: number;
}

/** One fee tier of a line (calculate.ts `FeePart`), öre and basis points. */
export interface SettlementFeePart {
  /** 'member' | 'non-member' | 'campaign:<campaignId>' */
  tier: string;
  /** The campaign's name when the run was computed, for a campaign's tier. */
  name?: string;
  feeBp: number;
  baseOre: number;
  feeOre: number;
  feeVatOre: number;
}

/**
 * A settlement run: one city, one inclusive period of Stockholm dates. A draft until an
 * admin approves it; an approved run is immutable (the service refuses every change)
 * and its money has moved in the ledger. At most one draft per city (partial unique
 * index); numbers count 1, 2, 3 … per city.
 */
export const settlementRuns = pgTable(
  'settlement_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    number: integer('number').notNull(),
    /** Null: from the beginning (everything not yet taken by an approved run). */
    periodFrom: date('period_from'),
    periodUntil: date('period_until').notNull(),
    status: text('status').notNull().default('draft'), // 'draft' | 'approved'
    totals: jsonb('totals').$type<SettlementRunTotals>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: text('approved_by'),
    approvalMethod: text('approval_method'), // 'web-2fa' | 'cli'
    secondApprovedBy: text('second_approved_by'),
    /** Where the city asks for two approvers: the first admin's approval, while the run is still a draft. */
    firstApprovedBy: text('first_approved_by'),
    firstApprovedAt: timestamp('first_approved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('settlement_runs_city_number_key').on(t.cityId, t.number),
    uniqueIndex('settlement_runs_one_draft_per_city').on(t.cityId).where(sql`${t.status} = 'draft'`),
    check('settlement_runs_status_check', sql`${t.status} in ('draft', 'approved')`),
    check('settlement_runs_method_check', sql`${t.approvalMethod} is null or ${t.approvalMethod} in ('web-2fa', 'cli')`),
    check('settlement_runs_period_check', sql`${t.periodFrom} is null or ${t.periodFrom} <= ${t.periodUntil}`),
  ],
);

/**
 * One business's line of a run (calculate.ts `SettlementLine`). Per line:
 * payout + fee + fee VAT + carried out = redeemed − reversed + carried in.
 */
export const settlementLines = pgTable(
  'settlement_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => settlementRuns.id, { onDelete: 'cascade' }),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    businessId: uuid('business_id').notNull(),
    redeemedOre: bigint('redeemed_ore', { mode: 'number' }).notNull(),
    reversedOre: bigint('reversed_ore', { mode: 'number' }).notNull(),
    carriedInOre: bigint('carried_in_ore', { mode: 'number' }).notNull(),
    feeOre: bigint('fee_ore', { mode: 'number' }).notNull(),
    feeVatOre: bigint('fee_vat_ore', { mode: 'number' }).notNull(),
    payoutOre: bigint('payout_ore', { mode: 'number' }).notNull(),
    carriedOutOre: bigint('carried_out_ore', { mode: 'number' }).notNull(),
    /** The business's own (membership) tier and its rate when the run was computed. */
    rateBp: integer('rate_bp').notNull(),
    /** 'member' | 'non-member'. */
    tier: text('tier').notNull(),
    /**
     * The fee per tier: the membership tier and each campaign with a fee of its own
     * whose cards were redeemed here. fee_ore and fee_vat_ore are the parts' sums.
     * Lines computed before tiers were stored hold [] (read as one part at rate_bp).
     */
    fees: jsonb('fees').$type<SettlementFeePart[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    uniqueIndex('settlement_lines_run_business_key').on(t.runId, t.businessId),
    index('settlement_lines_city_business_idx').on(t.cityId, t.businessId),
    check('settlement_lines_identity_check', sql`${t.payoutOre} + ${t.feeOre} + ${t.feeVatOre} + ${t.carriedOutOre} = ${t.redeemedOre} - ${t.reversedOre} + ${t.carriedInOre}`),
    check('settlement_lines_payout_check', sql`${t.payoutOre} >= 0 and ${t.carriedOutOre} <= 0 and ${t.carriedInOre} <= 0`),
  ],
);

/**
 * Which redemptions (and which reversals) a run took. The unique index on
 * (redemption_id, kind) is what makes "nothing settled twice" a database guarantee:
 * a redemption is taken once as 'redeemed' and, if reversed, once as 'reversed', by
 * whichever runs those are. Deleting a draft (cascade) frees its items for the next one.
 * `redemption_id` names a row of the gift card module's `redemptions` (no foreign key:
 * modules reference only the tenant table).
 */
export const settlementRunItems = pgTable(
  'settlement_run_items',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => settlementRuns.id, { onDelete: 'cascade' }),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    redemptionId: uuid('redemption_id').notNull(),
    kind: text('kind').notNull(), // 'redeemed' | 'reversed'
  },
  (t) => [
    index('settlement_run_items_run_idx').on(t.runId),
    uniqueIndex('settlement_run_items_redemption_kind_key').on(t.redemptionId, t.kind),
    check('settlement_run_items_kind_check', sql`${t.kind} in ('redeemed', 'reversed')`),
  ],
);

/**
 * Where a business's payouts go: bankgiro, plusgiro or a Swedish bank account. Every
 * change starts `pending`; a second association admin (not the one who entered it)
 * confirms it, and only then does the payout file use it (the confirmed one before it
 * becomes `replaced`). At most one pending and one confirmed account per business.
 */
export const payoutAccounts = pgTable(
  'payout_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    businessId: uuid('business_id').notNull(),
    kind: text('kind').notNull(), // 'bankgiro' | 'plusgiro' | 'bank'
    /** Bankgiro or plusgiro digits; for 'bank', the account number's digits. */
    number: text('number').notNull(),
    /** 'bank' only: the clearing number (4 digits, or 5 for Swedbank 8xxx-x). */
    clearing: text('clearing'),
    status: text('status').notNull().default('pending'), // 'pending' | 'confirmed' | 'replaced' | 'rejected'
    proposedBy: text('proposed_by').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('payout_accounts_city_business_idx').on(t.cityId, t.businessId),
    uniqueIndex('payout_accounts_one_confirmed').on(t.businessId).where(sql`${t.status} = 'confirmed'`),
    uniqueIndex('payout_accounts_one_pending').on(t.businessId).where(sql`${t.status} = 'pending'`),
    check('payout_accounts_kind_check', sql`${t.kind} in ('bankgiro', 'plusgiro', 'bank')`),
    check('payout_accounts_status_check', sql`${t.status} in ('pending', 'confirmed', 'replaced', 'rejected')`),
    check('payout_accounts_clearing_check', sql`(${t.kind} = 'bank') = (${t.clearing} is not null)`),
    check('payout_accounts_two_people_check', sql`${t.status} <> 'confirmed' or ${t.decidedBy} <> ${t.proposedBy}`),
  ],
);

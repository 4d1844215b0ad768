import { bigint, bigserial, boolean, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * One account per (city, code), e.g. `card:<uuid>`, `merchant:<uuid>`, `clearing:swish`.
 * `balance_ore` is a cache of the sum of the account's entries, kept in step by the
 * ledger in the same transaction; `torget ledger verify` recomputes and compares. For a
 * spread account (see `ledgerBalanceShards`) the cache is `balance_ore` plus its shards.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    /** `<kind>:<id>` or a bare kind for singletons (`fees`, `breakage`). */
    code: text('code').notNull(),
    /** The part of `code` before the first ':'. */
    kind: text('kind').notNull(),
    /** Öre. Signed: value sources go negative, value holders never do. */
    balanceOre: bigint('balance_ore', { mode: 'number' }).notNull().default(0),
    /** True for value sources (payments received, sponsors, the association). */
    allowNegative: boolean('allow_negative').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_accounts_city_code').on(t.cityId, t.code)],
);

/** One immutable money movement; its entries sum to zero. */
export const ledgerTransfers = pgTable(
  'ledger_transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    /** What kind of movement, e.g. 'giftcard.issue', 'giftcard.redeem'. */
    kind: text('kind').notNull(),
    /** What caused it, e.g. a redemption id; lets a row find its money and back. */
    reference: text('reference').notNull(),
    /** Who caused it, e.g. 'user:<id>', 'apikey:<id>', 'system'. */
    actor: text('actor').notNull(),
    memo: jsonb('memo').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ledger_transfers_city_created').on(t.cityId, t.createdAt), index('ledger_transfers_city_reference').on(t.cityId, t.reference)],
);

/** The change one transfer makes to one account's balance (signed öre). */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transferId: uuid('transfer_id')
      .notNull()
      .references(() => ledgerTransfers.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    cityId: uuid('city_id').notNull(),
    amountOre: bigint('amount_ore', { mode: 'number' }).notNull(),
  },
  (t) => [index('ledger_entries_account').on(t.accountId), index('ledger_entries_transfer').on(t.transferId)],
);

/**
 * Parts of the cached balance of a *spread* account: a busy account that may go below
 * zero (a merchant's payable, credited by every redemption at its tills). Changing one
 * row per transfer would make every redemption at a business wait for the one before
 * it to commit; each database connection instead adds to its own shard (its backend
 * pid modulo 16), so tills at one business no longer queue on one row lock. The
 * balance is the account's `balance_ore` plus the sum of its shards. Guarded accounts
 * (a card's value) are never spread: their guard needs the whole balance in one row.
 */
export const ledgerBalanceShards = pgTable(
  'ledger_balance_shards',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    shard: smallint('shard').notNull(),
    cityId: uuid('city_id').notNull(),
    /** Öre, signed: this shard's share of the account's balance. */
    balanceOre: bigint('balance_ore', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.shard] })],
);

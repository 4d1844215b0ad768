/**
 * A double-entry ledger in öre. A transfer moves value between accounts in legs; each
 * leg writes two entries (−amount on `from`, +amount on `to`), so every transfer's
 * entries sum to zero and so does every city's total. An account's balance is the sum
 * of its entries, cached on the account row and changed in the same transaction by one
 * guarded UPDATE per account: a value holder (card, merchant payable, fees) can never
 * go below zero, however many requests race for it. Knows nothing of gift cards.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { allowLongStatements, type Db, type Executor } from '../db/database.js';
import { DomainError } from '../errors.js';
import { ledgerAccounts, ledgerEntries, ledgerTransfers } from './schema.js';

/**
 * Account kinds that are value *sources* and may go negative: money received
 * (`clearing:swish`), sponsors' and the association's contributions, imported legacy
 * balances, invoices not yet paid. Every other kind holds value and stays at or above 0.
 */
// A merchant's account may go below zero too: a redemption undone after the business was
// paid out leaves it owing money back, which the next settlement run carries forward
// (settlement never pays a negative amount). Redemptions only ever add to it.
export const negativeAllowedKinds: ReadonlySet<string> = new Set(['clearing', 'sponsor', 'association', 'import', 'invoice', 'merchant']);

/**
 * Account kinds whose cached balance is spread over shard rows (ledger_balance_shards):
 * a merchant's payable is credited by every redemption at the business's tills, and one
 * row lock held until each commit would queue them all. Only kinds that may go below
 * zero can be spread, since a guard needs the whole balance in one row.
 */
export const spreadKinds: ReadonlySet<string> = new Set(['merchant']);
for (const kind of spreadKinds) if (!negativeAllowedKinds.has(kind)) throw new Error(`ledger: spread kind ${kind} must be allowed below zero`);

export interface TransferLeg {
  /** Account code that gives the value, e.g. `clearing:swish`. */
  from: string;
  /** Account code that receives it, e.g. `card:<uuid>`. */
  to: string;
  /** Positive integer öre. */
  amountOre: number;
}

export interface TransferInput {
  cityId: string;
  /** What kind of movement, e.g. 'giftcard.redeem'. */
  kind: string;
  /** What caused it, e.g. the redemption id. */
  reference: string;
  /** Who caused it, e.g. 'user:<id>'. */
  actor: string;
  memo?: Record<string, unknown>;
  legs: TransferLeg[];
  /** The transfer's id, when the caller must write it on its own row first (see transfer()). */
  id?: string;
}

export interface TransferEntry {
  code: string;
  /** Signed change this entry makes (öre). */
  amountOre: number;
  /**
   * The account's balance after the whole transfer (öre); null for a spread account
   * (see `spreadKinds`), whose balance other connections change at the same time: read
   * it with `balance()` when needed.
   */
  balanceOre: number | null;
}

export interface TransferResult {
  id: string;
  /** Two per leg, in leg order: the `from` entry, then the `to` entry. */
  entries: TransferEntry[];
}

export interface HistoryLine {
  transferId: string;
  kind: string;
  reference: string;
  actor: string;
  memo: Record<string, unknown>;
  amountOre: number;
  /** The account's balance right after this entry (öre). */
  balanceOre: number;
  createdAt: Date;
}

export interface KindSum {
  kind: string;
  accounts: number;
  balanceOre: number;
}

export interface VerifyReport {
  ok: boolean;
  accounts: number;
  transfers: number;
  /** Accounts whose cached balance differs from the sum of their entries. */
  drift: Array<{ cityId: string; code: string; cachedOre: number; computedOre: number }>;
  /** Transfers whose entries do not sum to zero. */
  unbalanced: Array<{ transferId: string; sumOre: number }>;
  /** Value-holding accounts below zero. */
  negative: Array<{ cityId: string; code: string; balanceOre: number }>;
}

export type Ledger = ReturnType<typeof createLedger>;

/** The kind of an account: its code up to the first ':' (`card:…` → `card`, `fees` → `fees`). */
export const accountKind = (code: string): string => code.split(':', 1)[0]!;

const codePattern = /^[a-z][a-z0-9_-]*(:[^\s]+)?$/;

// Both drivers answer `execute` with `{ rows }`; bigint and numeric come back as strings.
async function rowsOf<T>(ex: Executor, query: SQL): Promise<T[]> {
  return ((await ex.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * The refusal of a guarded update (SQLSTATE TL001, raised by ledger_transfer) as the
 * domain error callers catch; null for any other error. Drivers may wrap the database
 * error, so the chain of causes is searched.
 */
export function insufficientFundsOf(err: unknown): DomainError | null {
  let e: unknown = err;
  for (let i = 0; i < 5 && e; i++) {
    const { code, detail } = e as { code?: unknown; detail?: unknown };
    if (code === 'TL001' && typeof detail === 'string') {
      const d = JSON.parse(detail) as { account: string; balanceOre: number; requiredOre: number };
      return new DomainError('ledger.insufficient_funds', `Kontot ${d.account} har ${d.balanceOre} öre, ${d.requiredOre} öre behövs.`, { account: d.account, balanceOre: d.balanceOre, requiredOre: d.requiredOre });
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

const rethrowRefusal = (err: unknown): never => {
  throw insufficientFundsOf(err) ?? err;
};

function transferStatement(id: string, input: TransferInput, now: Date): SQL {
  const array = (values: unknown[]) => sql.param(values);
  if (input.legs.length === 1) {
    // One leg (nearly every transfer): ledger_transfer_one does the same in fewer statements.
    const [leg] = input.legs as [TransferLeg];
    // Its two balances come back as the rows ledger_transfer answers: (code, balance_ore).
    return sql`select side.code, side.balance_ore
      from ledger_transfer_one(${input.cityId}, ${id}, ${input.kind}, ${input.reference}, ${input.actor}, ${JSON.stringify(input.memo ?? {})}::jsonb,
        ${leg.from}, ${leg.to}, ${leg.amountOre}::bigint, ${now.toISOString()}::timestamptz, ${array([...negativeAllowedKinds])}::text[], ${array([...spreadKinds])}::text[]) as t,
      lateral (values (${leg.from}::text, t.from_balance_ore), (${leg.to}::text, t.to_balance_ore)) as side (code, balance_ore)`;
  }
  return sql`select code, balance_ore from ledger_transfer(${input.cityId}, ${id}, ${input.kind}, ${input.reference}, ${input.actor}, ${JSON.stringify(input.memo ?? {})}::jsonb,
    ${array(input.legs.map((l) => l.from))}::text[], ${array(input.legs.map((l) => l.to))}::text[], ${array(input.legs.map((l) => l.amountOre))}::bigint[],
    ${now.toISOString()}::timestamptz, ${array([...negativeAllowedKinds])}::text[], ${array([...spreadKinds])}::text[])`;
}

function assertValid(input: TransferInput): void {
  if (!input.cityId || !input.kind || !input.reference || !input.actor) throw new Error('ledger.transfer: cityId, kind, reference and actor are required');
  if (input.legs.length === 0) throw new Error('ledger.transfer: a transfer needs at least one leg');
  for (const leg of input.legs) {
    if (!Number.isSafeInteger(leg.amountOre) || leg.amountOre <= 0) throw new Error(`ledger.transfer: amountOre must be a positive safe integer, got ${leg.amountOre}`);
    if (!codePattern.test(leg.from) || !codePattern.test(leg.to)) throw new Error(`ledger.transfer: malformed account code in ${leg.from} → ${leg.to}`);
    if (leg.from === leg.to) throw new Error(`ledger.transfer: a leg cannot move value from ${leg.from} to itself`);
  }
  const net = new Map<string, number>();
  for (const leg of input.legs) {
    net.set(leg.from, (net.get(leg.from) ?? 0) - leg.amountOre);
    net.set(leg.to, (net.get(leg.to) ?? 0) + leg.amountOre);
  }
  for (const [code, change] of net) if (!Number.isSafeInteger(change)) throw new Error(`ledger.transfer: net change on ${code} is not a safe integer`);
}

/** What an account's shards add to its cached balance (0 for an account that is not spread). */
const shardSum = (accountId: SQL) => sql`coalesce((select sum(s.balance_ore) from ledger_balance_shards s where s.account_id = ${accountId}), 0)::bigint`;

/**
 * `longStatementMs`: the statement limit verification runs under (it reads every entry
 * of the instance; PostgreSQL's ordinary limit is for requests). 0 or unset: none raised.
 */
export function createLedger(deps: { db: Db; clock: Clock; longStatementMs?: number }) {
  const { db, clock } = deps;

  /** The cached balance in öre (with its shards, for a spread account); 0 for an account that has never been used. */
  async function balance(ex: Executor, cityId: string, code: string): Promise<number> {
    const [row] = await ex
      .select({ balanceOre: sql<string>`${ledgerAccounts.balanceOre} + ${shardSum(sql`${ledgerAccounts.id}`)}` })
      .from(ledgerAccounts)
      .where(and(eq(ledgerAccounts.cityId, cityId), eq(ledgerAccounts.code, code)));
    return row ? Number(row.balanceOre) : 0;
  }

  return {
    /**
     * Moves value between accounts and returns the entries written.
     *
     * Must run inside the caller's transaction (`db.transaction(tx => ledger.transfer(tx, …))`):
     * that is how a redemption row and its money movement commit together, and how a
     * refused leg (`ledger.insufficient_funds`) undoes everything else the caller wrote.
     * Missing accounts are created on the fly. Amounts that are not positive safe
     * integers are programming errors and throw a plain Error.
     */
    async transfer(tx: Executor, input: TransferInput): Promise<TransferResult> {
      assertValid(input);
      // One statement: the SQL function ledger_transfer (migrations/0012_ledger_spread_accounts.sql; first in 0006),
      // or for one leg ledger_transfer_one (0016), which does the same in fewer statements:
      // creates missing accounts, writes the transfer and its entries, then runs the guarded
      // update of each account in code order and returns the balances after.
      const id = input.id ?? randomUUID();
      const rows = await rowsOf<{ code: string; balance_ore: string | number | null }>(tx, transferStatement(id, input, clock.now())).catch(rethrowRefusal);
      const balanceAfter = new Map(rows.map((r) => [r.code, r.balance_ore === null ? null : Number(r.balance_ore)]));
      const entries: TransferEntry[] = input.legs.flatMap((leg) => [
        { code: leg.from, amountOre: -leg.amountOre, balanceOre: balanceAfter.get(leg.from)! },
        { code: leg.to, amountOre: leg.amountOre, balanceOre: balanceAfter.get(leg.to)! },
      ]);
      return { id, entries };
    },

    balance,

    /** An account's statement, newest first, with the running balance after each line. */
    async history(cityId: string, code: string, options: { limit?: number } = {}): Promise<HistoryLine[]> {
      const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
      const rows = await rowsOf<{ transfer_id: string; kind: string; reference: string; actor: string; memo: Record<string, unknown>; amount_ore: string | number; balance_ore: string | number; created_at: string | Date }>(
        db,
        sql`
          select e.transfer_id, t.kind, t.reference, t.actor, t.memo, e.amount_ore, e.balance_ore, t.created_at
          from (
            select e.id, e.transfer_id, e.amount_ore, sum(e.amount_ore) over (order by e.id)::bigint as balance_ore
            from ledger_entries e join ledger_accounts a on a.id = e.account_id
            where a.city_id = ${cityId} and a.code = ${code}
          ) e join ledger_transfers t on t.id = e.transfer_id
          order by e.id desc
          limit ${limit}`,
      );
      return rows.map((r) => ({
        transferId: r.transfer_id,
        kind: r.kind,
        reference: r.reference,
        actor: r.actor,
        memo: r.memo,
        amountOre: Number(r.amount_ore),
        balanceOre: Number(r.balance_ore),
        createdAt: new Date(r.created_at),
      }));
    },

    /** Balances summed per account kind in a city (e.g. all `card` accounts: value outstanding). */
    /** Every entry of a city's transfers in a time range, oldest first (for bookkeeping exports). */
    async movements(cityId: string, from: Date, until: Date): Promise<Array<{ transferId: string; kind: string; createdAt: Date; code: string; amountOre: number }>> {
      const rows = await db
        .select({ transferId: ledgerTransfers.id, kind: ledgerTransfers.kind, createdAt: ledgerTransfers.createdAt, code: ledgerAccounts.code, amountOre: ledgerEntries.amountOre })
        .from(ledgerEntries)
        .innerJoin(ledgerTransfers, eq(ledgerTransfers.id, ledgerEntries.transferId))
        .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
        .where(and(eq(ledgerTransfers.cityId, cityId), sql`${ledgerTransfers.createdAt} >= ${from}`, sql`${ledgerTransfers.createdAt} < ${until}`))
        .orderBy(asc(ledgerTransfers.createdAt), asc(ledgerEntries.id));
      return rows;
    },

    /**
     * A city's movements in a time range summed per Stockholm day, transfer kind and
     * account, in the database: bookkeeping exports of a month with a million
     * redemptions read a few thousand rows instead of millions.
     */
    async movementSums(cityId: string, from: Date, until: Date): Promise<Array<{ date: string; kind: string; code: string; amountOre: number }>> {
      const rows = await rowsOf<{ day: string; kind: string; code: string; amount: string | number }>(
        db,
        sql`select to_char(t.created_at at time zone 'Europe/Stockholm', 'YYYY-MM-DD') as day, t.kind, a.code, sum(e.amount_ore)::bigint as amount
            from ledger_entries e
            join ledger_transfers t on t.id = e.transfer_id
            join ledger_accounts a on a.id = e.account_id
            where t.city_id = ${cityId} and t.created_at >= ${from} and t.created_at < ${until}
            group by 1, 2, 3
            order by 1, 2, 3`,
      );
      return rows.map((r) => ({ date: r.day, kind: r.kind, code: r.code, amountOre: Number(r.amount) }));
    },

    async sumByKind(cityId: string): Promise<KindSum[]> {
      const rows = await db
        .select({ kind: ledgerAccounts.kind, accounts: sql<string>`count(*)`, balanceOre: sql<string>`coalesce(sum(${ledgerAccounts.balanceOre} + ${shardSum(sql`${ledgerAccounts.id}`)}), 0)` })
        .from(ledgerAccounts)
        .where(eq(ledgerAccounts.cityId, cityId))
        .groupBy(ledgerAccounts.kind)
        .orderBy(asc(ledgerAccounts.kind));
      return rows.map((r) => ({ kind: r.kind, accounts: Number(r.accounts), balanceOre: Number(r.balanceOre) }));
    },

    /**
     * Recomputes every balance from the entries and checks the invariants: cached equals
     * computed, every transfer sums to zero, no value holder below zero. For one city or
     * all of them. Read-only; `ok` is false when anything is found.
     */
    async verify(cityId?: string): Promise<VerifyReport> {
      // One read-only snapshot for all four checks, allowed to run as long as long work may.
      return db.transaction(
        async (tx) => {
          await allowLongStatements(tx, deps.longStatementMs ?? 0);
          return verifyIn(tx, cityId);
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },
  };

  async function verifyIn(db: Executor, cityId?: string): Promise<VerifyReport> {
    const inCity = (column: SQL) => (cityId ? sql`${column} = ${cityId}` : sql`true`);
    const drift = await rowsOf<{ city_id: string; code: string; cached: string | number; computed: string | number }>(
      db,
      sql`
        select a.city_id, a.code, a.balance_ore + coalesce(sh.total, 0) as cached, coalesce(s.total, 0)::bigint as computed
        from ledger_accounts a
        left join (select account_id, sum(amount_ore) as total from ledger_entries group by account_id) s on s.account_id = a.id
        left join (select account_id, sum(balance_ore) as total from ledger_balance_shards group by account_id) sh on sh.account_id = a.id
        where ${inCity(sql`a.city_id`)} and a.balance_ore + coalesce(sh.total, 0) <> coalesce(s.total, 0)
        order by a.city_id, a.code`,
    );
    const unbalanced = await rowsOf<{ transfer_id: string; total: string | number }>(
      db,
      sql`
        select t.id as transfer_id, coalesce(sum(e.amount_ore), 0)::bigint as total
        from ledger_transfers t left join ledger_entries e on e.transfer_id = t.id
        where ${inCity(sql`t.city_id`)}
        group by t.id
        having coalesce(sum(e.amount_ore), 0) <> 0
        order by t.id`,
    );
    const negative = await rowsOf<{ city_id: string; code: string; balance_ore: string | number }>(
      db,
      sql`
        select city_id, code, balance_ore from ledger_accounts
        where ${inCity(sql`city_id`)} and not allow_negative and balance_ore < 0
        order by city_id, code`,
    );
    const [counts] = await rowsOf<{ accounts: string | number; transfers: string | number }>(
      db,
      sql`select (select count(*) from ledger_accounts where ${inCity(sql`city_id`)}) as accounts,
                 (select count(*) from ledger_transfers where ${inCity(sql`city_id`)}) as transfers`,
    );
    const report: VerifyReport = {
      ok: drift.length === 0 && unbalanced.length === 0 && negative.length === 0,
      accounts: Number(counts?.accounts ?? 0),
      transfers: Number(counts?.transfers ?? 0),
      drift: drift.map((r) => ({ cityId: r.city_id, code: r.code, cachedOre: Number(r.cached), computedOre: Number(r.computed) })),
      unbalanced: unbalanced.map((r) => ({ transferId: r.transfer_id, sumOre: Number(r.total) })),
      negative: negative.map((r) => ({ cityId: r.city_id, code: r.code, balanceOre: Number(r.balance_ore) })),
    };
    return report;
  }
}

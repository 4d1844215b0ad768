/**
 * Payout accounts: where each business's settlement payouts go. A change is entered by
 * one association admin and stays `pending` until a second admin — not the same
 * person — confirms it; only the confirmed account is used by the payout file. The
 * business is e-mailed when a change is entered and when it is confirmed, so a forged
 * change cannot pass unnoticed. Numbers are checked with the banks' check digits.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AuditLog } from '../../platform/audit/audit.js';
import { authorize, type Actor, type Role } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { DomainError } from '../../platform/errors.js';
import { formatSwedishBankAccount, parseSwedishBankAccount } from '../../platform/identity/bank-account.js';
import { formatBankgiro, formatPlusgiro, isValidBankgiro, isValidPlusgiro } from '../../platform/identity/payment-references.js';
import type { Outbox } from '../../platform/messaging/outbox.js';
import type { CreditorAccount } from './pain001.js';
import { payoutAccounts } from './schema.js';

export type PayoutAccountKind = 'bankgiro' | 'plusgiro' | 'bank';
export type PayoutAccountStatus = 'pending' | 'confirmed' | 'replaced' | 'rejected';

export interface PayoutAccount {
  id: string;
  businessId: string;
  kind: PayoutAccountKind;
  number: string;
  clearing: string | null;
  status: PayoutAccountStatus;
  /** "Bankgiro 123-4567", "Plusgiro 4500-2", "Konto 8327-9, 1234567890" */
  display: string;
  proposedBy: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export type PayoutAccountInput = { kind: 'bankgiro'; number: string } | { kind: 'plusgiro'; number: string } | { kind: 'bank'; clearing: string; number: string };

/** What payout accounts need of the members module. */
export interface PayoutBusinessPort {
  getById(cityId: string, id: string): Promise<{ id: string; name: string; email: string | null } | null>;
}

const ADMIN: readonly Role[] = ['association-admin'];
const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const invalid = (path: string, message: string) => new DomainError('settlement.invalid_payout_account', message, { errors: [{ path, message, code: 'invalid_format' }] });

export function displayPayoutAccount(a: { kind: string; number: string; clearing: string | null }): string {
  if (a.kind === 'bankgiro') return `Bankgiro ${formatBankgiro(a.number)}`;
  if (a.kind === 'plusgiro') return `Plusgiro ${formatPlusgiro(a.number)}`;
  return `Konto ${formatSwedishBankAccount({ clearing: a.clearing ?? '', account: a.number })}`;
}

/** The account as the payout file takes it. */
export function creditorOf(a: { kind: string; number: string; clearing: string | null }): CreditorAccount {
  if (a.kind === 'bankgiro') return { kind: 'bankgiro', number: a.number };
  if (a.kind === 'plusgiro') return { kind: 'plusgiro', number: a.number };
  return { kind: 'bank', clearing: a.clearing ?? '', account: a.number };
}

/** Validates and normalises to digits; throws `settlement.invalid_payout_account`. */
export function normalisePayoutAccount(input: PayoutAccountInput): { kind: PayoutAccountKind; number: string; clearing: string | null } {
  const digits = (s: string) => s.replace(/[\s-]/g, '');
  switch (input.kind) {
    case 'bankgiro':
      if (!isValidBankgiro(input.number)) throw invalid('/number', 'Bankgironumret stämmer inte (7 eller 8 siffror, den sista en kontrollsiffra).');
      return { kind: 'bankgiro', number: digits(input.number), clearing: null };
    case 'plusgiro':
      if (!isValidPlusgiro(input.number)) throw invalid('/number', 'Plusgironumret stämmer inte (2–8 siffror, den sista en kontrollsiffra).');
      return { kind: 'plusgiro', number: digits(input.number), clearing: null };
    case 'bank': {
      const parsed = parseSwedishBankAccount(input.clearing ?? '', input.number ?? '');
      if (!parsed) throw invalid('/number', 'Clearingnumret och kontonumret stämmer inte ihop (kontrollsiffran). Skriv dem som på kontoutdraget.');
      return { kind: 'bank', number: parsed.account, clearing: parsed.clearing };
    }
    default:
      throw invalid('/kind', 'Välj bankgiro, plusgiro eller bankkonto.');
  }
}

function toView(row: typeof payoutAccounts.$inferSelect): PayoutAccount {
  return {
    id: row.id,
    businessId: row.businessId,
    kind: row.kind as PayoutAccountKind,
    number: row.number,
    clearing: row.clearing,
    status: row.status as PayoutAccountStatus,
    display: displayPayoutAccount(row),
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
  };
}

export type PayoutAccountService = ReturnType<typeof createPayoutAccountService>;

export function createPayoutAccountService(deps: { db: Db; clock: Clock; audit: AuditLog; outbox: Outbox; businesses: PayoutBusinessPort }) {
  const { db, clock, audit, outbox, businesses } = deps;

  async function mailBusiness(ex: Executor, cityId: string, business: { name: string; email: string | null }, subject: string, lines: string[], meta: Record<string, unknown>): Promise<void> {
    if (!business.email) return;
    await outbox.enqueueEmail({ cityId, to: business.email, template: 'settlement.payout_account', subject, text: ['Hej!', '', ...lines, '', 'Känner ni inte igen ändringen? Kontakta föreningen genast.'].join('\n'), meta }, ex);
  }

  return {
    /**
     * Enters a new payout account for a business: pending until a second admin confirms.
     * An earlier pending change for the business is withdrawn (rejected) by this one.
     */
    async propose(actor: Actor, cityId: string, businessId: string, input: PayoutAccountInput): Promise<PayoutAccount> {
      authorize(actor, { cityId, roles: ADMIN });
      const business = isUuid(businessId) ? await businesses.getById(cityId, businessId) : null;
      if (!business) throw new DomainError('members.business_not_found', 'Företaget finns inte i den här staden.');
      const account = normalisePayoutAccount(input);
      return db.transaction(async (tx) => {
        await tx
          .update(payoutAccounts)
          .set({ status: 'rejected', decidedBy: actor.label, decidedAt: clock.now() })
          .where(and(eq(payoutAccounts.cityId, cityId), eq(payoutAccounts.businessId, businessId), eq(payoutAccounts.status, 'pending')));
        const [row] = await tx
          .insert(payoutAccounts)
          .values({ cityId, businessId, ...account, status: 'pending', proposedBy: actor.label, proposedAt: clock.now() })
          .returning();
        const view = toView(row!);
        await audit.record({ cityId, actor, action: 'settlement.payout_account_propose', entityType: 'business', entityId: businessId, data: { accountId: view.id, account: view.display } }, tx);
        await mailBusiness(tx, cityId, business, 'Ändring av utbetalningskonto', [`Föreningen har lagt in ett nytt utbetalningskonto för ${business.name}: ${view.display}.`, 'Ändringen gäller först när en andra administratör har bekräftat den.'], { businessId, accountId: view.id });
        return view;
      });
    },

    /** A second admin confirms a pending account; the business's earlier account is replaced. */
    async confirm(actor: Actor, cityId: string, accountId: string): Promise<PayoutAccount> {
      authorize(actor, { cityId, roles: ADMIN });
      const notFound = () => new DomainError('settlement.payout_account_not_found', 'Ändringen finns inte.');
      // The business is read before the transaction (on the embedded database a query
      // outside an open transaction would wait for it).
      const [peek] = isUuid(accountId) ? await db.select({ businessId: payoutAccounts.businessId }).from(payoutAccounts).where(and(eq(payoutAccounts.id, accountId), eq(payoutAccounts.cityId, cityId))) : [];
      if (!peek) throw notFound();
      const business = await businesses.getById(cityId, peek.businessId);
      return db.transaction(async (tx) => {
        const [row] = await tx.select().from(payoutAccounts).where(and(eq(payoutAccounts.id, accountId), eq(payoutAccounts.cityId, cityId))).for('update');
        if (!row) throw notFound();
        if (row.status !== 'pending') throw new DomainError('settlement.payout_account_decided', 'Ändringen är redan bekräftad eller avvisad.');
        if (row.proposedBy === actor.label) throw new DomainError('settlement.payout_account_same_person', 'En annan administratör än den som lade in ändringen måste bekräfta den.');
        await tx
          .update(payoutAccounts)
          .set({ status: 'replaced' })
          .where(and(eq(payoutAccounts.cityId, cityId), eq(payoutAccounts.businessId, row.businessId), eq(payoutAccounts.status, 'confirmed')));
        const [updated] = await tx.update(payoutAccounts).set({ status: 'confirmed', decidedBy: actor.label, decidedAt: clock.now() }).where(eq(payoutAccounts.id, row.id)).returning();
        const view = toView(updated!);
        await audit.record({ cityId, actor, action: 'settlement.payout_account_confirm', entityType: 'business', entityId: row.businessId, data: { accountId: view.id, account: view.display, proposedBy: row.proposedBy } }, tx);
        if (business) await mailBusiness(tx, cityId, business, 'Nytt utbetalningskonto gäller', [`Från och med nu betalar föreningen ut till ${business.name} på ${view.display}.`], { businessId: row.businessId, accountId: view.id });
        return view;
      });
    },

    /** Turns a pending change down (either admin). */
    async reject(actor: Actor, cityId: string, accountId: string): Promise<PayoutAccount> {
      authorize(actor, { cityId, roles: ADMIN });
      return db.transaction(async (tx) => {
        const [updated] = isUuid(accountId)
          ? await tx
              .update(payoutAccounts)
              .set({ status: 'rejected', decidedBy: actor.label, decidedAt: clock.now() })
              .where(and(eq(payoutAccounts.id, accountId), eq(payoutAccounts.cityId, cityId), eq(payoutAccounts.status, 'pending')))
              .returning()
          : [];
        if (!updated) throw new DomainError('settlement.payout_account_not_found', 'Ändringen finns inte eller är redan avgjord.');
        await audit.record({ cityId, actor, action: 'settlement.payout_account_reject', entityType: 'business', entityId: updated.businessId, data: { accountId } }, tx);
        return toView(updated);
      });
    },

    /** The current (confirmed and pending) accounts of the city's businesses. */
    async list(actor: Actor, cityId: string): Promise<PayoutAccount[]> {
      authorize(actor, { cityId, roles: ADMIN });
      const rows = await db
        .select()
        .from(payoutAccounts)
        .where(and(eq(payoutAccounts.cityId, cityId), inArray(payoutAccounts.status, ['pending', 'confirmed'])))
        .orderBy(asc(payoutAccounts.proposedAt));
      return rows.map(toView);
    },

    /** businessId → confirmed account, for the payout file. */
    async confirmedAccounts(cityId: string, ex: Executor = db): Promise<Map<string, PayoutAccount>> {
      const rows = await ex.select().from(payoutAccounts).where(and(eq(payoutAccounts.cityId, cityId), eq(payoutAccounts.status, 'confirmed')));
      return new Map(rows.map((r) => [r.businessId, toView(r)]));
    },
  };
}

/**
 * What the gift card service needs from platform machinery, named narrowly so the
 * service states its dependencies (the real ledger and payment providers fit these).
 */
import type { Executor } from '../../platform/db/database.js';

export interface LedgerPort {
  transfer(
    tx: Executor,
    input: { id?: string; cityId: string; kind: string; reference: string; actor: string; memo?: Record<string, unknown>; legs: Array<{ from: string; to: string; amountOre: number }> },
  ): Promise<{ id: string; entries: Array<{ code: string; amountOre: number; balanceOre: number | null }> }>;
  balance(ex: Executor, cityId: string, code: string): Promise<number>;
}

export interface BusinessPort {
  getById(cityId: string, id: string): Promise<{ id: string; name: string; category: string; archivedAt: Date | null } | null>;
  /** Called after this process changes a business (lets the service forget what it kept). */
  onChange?(listener: () => void): void;
}

/** Ledger account codes: one place, so every movement names accounts the same way. */
export const accounts = {
  card: (cardId: string) => `card:${cardId}`,
  merchant: (businessId: string) => `merchant:${businessId}`,
  /** Money received through a payment method, not yet settled (a source: goes negative). */
  clearing: (method: string) => `clearing:${method}`,
  /** Value the association itself puts on cards (promotions, CLI issues). */
  association: 'association:promotions',
  /** Value of cards imported from a previous provider. */
  imported: 'import:previous-provider',
  breakage: 'breakage',
  /**
   * Money that came in for an order already cancelled or expired: the payer's, owed
   * back (a holder, never below zero); emptied into the clearing account by the refund.
   */
  refund: (orderId: string) => `refund:${orderId}`,
} as const;

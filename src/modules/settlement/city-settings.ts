/**
 * The city's settlement settings, kept in `cities.settings.settlement` (the cities
 * module owns where settings are edited):
 * `{ approvers?: 1 | 2, clientFunds?: { bankgiro?: string, iban?: string, bic?: string } }`.
 * The payout file's debtor is the association's client-funds account; without one, its
 * invoicing bankgiro (`settings.billing.bankgiro`).
 */
import type { Pain001Input } from './pain001.js';

interface CityLike {
  associationName: string;
  orgNumber: string | null;
  settings: Record<string, unknown>;
}

type SettlementSettings = { approvers?: unknown; clientFunds?: { bankgiro?: unknown; iban?: unknown; bic?: unknown } };

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** 2 when the city asks two admins to approve every run, else 1. */
export function approversOf(city: CityLike): number {
  return (city.settings.settlement as SettlementSettings | undefined)?.approvers === 2 ? 2 : 1;
}

/** The payout file's debtor, or null while the association lacks an org. number or an account. */
export function debtorOf(city: CityLike): Pain001Input['debtor'] | null {
  const funds = (city.settings.settlement as SettlementSettings | undefined)?.clientFunds ?? {};
  const billing = (city.settings.billing as { bankgiro?: unknown } | undefined) ?? {};
  const bankgiro = str(funds.bankgiro) ?? (str(funds.iban) ? undefined : str(billing.bankgiro));
  const iban = str(funds.iban);
  if (!city.orgNumber || (!bankgiro && !iban)) return null;
  return { name: city.associationName, orgNumber: city.orgNumber, ...(bankgiro ? { bankgiro } : {}), ...(iban ? { iban } : {}), ...(str(funds.bic) ? { bic: str(funds.bic)! } : {}) };
}

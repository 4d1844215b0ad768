/**
 * The city's settlement settings, kept in `cities.settings.settlement` (the cities
 * module owns where settings are edited):
 * `{ approvers?: 1 | 2, clientFunds?: { bankgiro?: string, iban?: string, bic?: string } }`.
 * The payout file's debtor is the association's client-funds account; without one, its
 * invoicing bankgiro (`settings.billing.bankgiro`).
 *
 * The bookkeeping export's accounts, in `cities.settings.accounting.accounts`: any of
 * the ledger roles of sie.ts mapped to an account of the association's own chart,
 * e.g. `{ "sponsorReceivables": { "number": 1680, "name": "Andra kortfristiga fordringar" },
 * "feeRevenue": { "number": 3041, "name": "Försäljning tjänst 25% sv" } }`; the rest
 * stay on their BAS defaults.
 */
import { DomainError } from '../../platform/errors.js';
import type { Pain001Input } from './pain001.js';
import { defaultAccounts, type AccountMapping, type LedgerKind } from './sie.js';

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

/**
 * The city's SIE account mapping: BAS defaults with the city's own accounts over them.
 * A mapping that names an unknown role, or an account that is not four digits
 * 1000–8999 with a name, is refused (`settlement.invalid_account_mapping`) rather than
 * half-used: a file booked to the wrong account is worse than no file.
 */
export function accountMappingOf(city: Pick<CityLike, 'settings'>): AccountMapping {
  const own = (city.settings.accounting as { accounts?: unknown } | undefined)?.accounts;
  if (own === undefined || own === null) return defaultAccounts;
  const wrong = (what: string) => new DomainError('settlement.invalid_account_mapping', `Stadens kontoplan för bokföringsexporten är felaktig: ${what}.`);
  if (typeof own !== 'object' || Array.isArray(own)) throw wrong('settings.accounting.accounts ska vara ett objekt');
  const mapping: Record<string, { number: number; name: string }> = { ...defaultAccounts };
  for (const [kind, account] of Object.entries(own as Record<string, unknown>)) {
    if (!Object.hasOwn(defaultAccounts, kind)) throw wrong(`okänd roll "${kind}" (känner till ${Object.keys(defaultAccounts).join(', ')})`);
    const { number, name } = (account ?? {}) as { number?: unknown; name?: unknown };
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1000 || number > 8999) throw wrong(`${kind} ska ha ett fyrsiffrigt kontonummer 1000–8999`);
    if (typeof name !== 'string' || !name.trim() || name.length > 100) throw wrong(`${kind} ska ha ett kontonamn`);
    mapping[kind as LedgerKind] = { number, name: name.trim() };
  }
  return mapping as AccountMapping;
}

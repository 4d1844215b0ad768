/** The settlement module's public face. */
export {
  createSettlementService,
  settlementAccounts,
  type SettlementService,
  type SettlementBusinessPort,
  type SettlementLedgerPort,
  type SettlementCampaignPort,
  type SettlementConfig,
  type Run as SettlementRunView,
  type RunWithLines,
  type RunLine,
  type RunStatus,
  type ApprovalMethod,
  type Pain001Options,
} from './service.js';
export { settlementProblems, type SettlementProblemCode } from './errors.js';
export type { SettlementRunTotals, SettlementFeePart } from './schema.js';
export * from './calculate.js';
export { buildPain001, payoutCsv, Pain001InputError, type CreditorAccount, type Pain001Input, type Pain001Payment, type Pain001Version, type PayoutCsvDetail } from './pain001.js';
export { accountingSie, accountingVouchers, type AccountingNames } from './accounting.js';
export { defaultAccounts, type AccountMapping, type LedgerKind } from './sie.js';
export { accountMappingOf, approversOf, debtorOf } from './city-settings.js';
export { displayPayoutAccount, normalisePayoutAccount, type PayoutAccount, type PayoutAccountInput, type PayoutAccountKind, type PayoutAccountStatus, type PayoutAccountService } from './payout-accounts.js';
export { renderStatementPdf, statementMail, proRata, periodText, percentText, tierLabel, type Statement, type StatementItem } from './statements.js';
export { mountSettlementPages, type SettlementPagesDeps } from './pages.js';

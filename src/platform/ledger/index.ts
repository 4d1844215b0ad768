/** The ledger's public face. */
export { createLedger, accountKind, insufficientFundsOf, negativeAllowedKinds, spreadKinds } from './ledger.js';
export type { Ledger, TransferInput, TransferLeg, TransferResult, TransferEntry, HistoryLine, KindSum, VerifyReport } from './ledger.js';
export { ledgerProblems, type LedgerProblemCode } from './errors.js';

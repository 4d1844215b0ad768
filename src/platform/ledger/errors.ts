import type { ProblemCatalogue } from '../errors.js';

export const ledgerProblems = {
  // The guard on the account row refused the change: the caller's whole transaction
  // rolls back. Modules usually catch it and answer their own code (for example
  // `giftcard.insufficient_balance`); this one surfaces only when they do not.
  'ledger.insufficient_funds': {
    status: 409,
    title: 'Otillräckligt saldo',
    titleEn: 'Insufficient funds',
    description: 'The account holds less than the amount to move, and it may not go below zero. Nothing was changed. `account` names the account, `balanceOre` what it holds.',
  },
} as const satisfies ProblemCatalogue;

export type LedgerProblemCode = keyof typeof ledgerProblems;

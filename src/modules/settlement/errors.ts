import type { ProblemCatalogue } from '../../platform/errors.js';

export const settlementProblems = {
  'settlement.run_not_found': { status: 404, title: 'Avräkningen finns inte', titleEn: 'Settlement run not found', description: 'No settlement run in this city has this id. It may belong to another city, or it was a draft that a newer draft replaced.' },
  'settlement.run_approved': { status: 409, title: 'Avräkningen är redan godkänd', titleEn: 'Settlement run already approved', description: 'An approved settlement run is immutable and its money has moved: it cannot be approved again, recomputed or changed. Whatever came after it belongs to the next run.' },
  'settlement.invalid_period': { status: 400, title: 'Ogiltig period', titleEn: 'Invalid period', description: 'Dates are inclusive calendar dates in Europe/Stockholm, written YYYY-MM-DD, and the period cannot end before it starts.' },
  'settlement.stale_draft': { status: 409, title: 'Utkastet är inaktuellt', titleEn: 'Draft out of date', description: 'Since the draft was computed, a redemption in it was reversed, so a business’s account no longer holds what the draft would pay. Compute the run again and approve the new draft.' },
  'settlement.run_not_approved': { status: 409, title: 'Avräkningen är inte godkänd', titleEn: 'Settlement run not approved', description: 'A payout file is made only from an approved run: approve the draft (with two-factor) first.' },
  'settlement.nothing_to_pay': { status: 409, title: 'Inget att betala ut', titleEn: 'Nothing to pay out', description: 'No line of this run has a payout, so there is no payout file to make.' },
  'settlement.payout_account_missing': { status: 409, title: 'Utbetalningskonto saknas', titleEn: 'Payout account missing', description: 'A business with a payout in this run has no payout account, so the payout file cannot be built. Add the account and export again.' },
  'settlement.invalid_payout_account': { status: 400, title: 'Ogiltigt utbetalningskonto', titleEn: 'Invalid payout account', description: 'The bankgiro, plusgiro or bank account number does not pass its check digit, or the clearing number belongs to no Swedish bank. Type it as it stands on the bank statement.' },
  'settlement.payout_account_not_found': { status: 404, title: 'Ändringen finns inte', titleEn: 'Payout account change not found', description: 'No pending payout account change in this city has this id; it may already have been confirmed or turned down.' },
  'settlement.payout_account_decided': { status: 409, title: 'Ändringen är redan avgjord', titleEn: 'Payout account change already decided', description: 'This payout account change has already been confirmed or turned down.' },
  'settlement.payout_account_same_person': { status: 403, title: 'En annan administratör måste bekräfta', titleEn: 'A second admin must confirm', description: 'A change of a payout account takes two people: the admin who entered it cannot also confirm it.' },
  'settlement.second_approval_required': { status: 409, title: 'En andra administratör måste godkänna', titleEn: 'Second approval required', description: 'The association asks for two approvers of every settlement run: the admin who approved first cannot also give the second approval.' },
  'settlement.debtor_missing': { status: 409, title: 'Klientmedelskonto saknas', titleEn: 'Client-funds account missing', description: 'The payout file is paid from the association’s client-funds account: the city needs an organisation number and a bankgiro (settings.settlement.clientFunds or settings.billing.bankgiro).' },
} as const satisfies ProblemCatalogue;

export type SettlementProblemCode = keyof typeof settlementProblems;

import type { ProblemCatalogue } from '../../platform/errors.js';

export const giftcardProblems = {
  'giftcard.not_found': { status: 404, title: 'Kortet finns inte', titleEn: 'Card not found', description: 'No card in this city has that code. Check the code; after repeated failed look-ups further attempts are refused for a while.' },
  'giftcard.insufficient_balance': { status: 409, title: 'Saldot räcker inte', titleEn: 'Insufficient balance', description: 'The card holds less than the amount (or fewer coupons than asked). `balanceOre` says what is left.' },
  'giftcard.not_active': { status: 409, title: 'Kortet är inte aktiverat', titleEn: 'Card not active', description: 'The card has not been paid or activated yet (for example an unpaid invoice), or it has been used up.' },
  'giftcard.expired': { status: 410, title: 'Kortet har gått ut', titleEn: 'Card expired', description: 'The card passed its last day of validity. Its remaining value can no longer be used.' },
  'giftcard.blocked': { status: 410, title: 'Kortet är spärrat', titleEn: 'Card blocked', description: 'The association blocked this card (for example reported lost); the remaining value may have moved to a new card.' },
  'giftcard.not_accepted_here': { status: 422, title: 'Kortet gäller inte här', titleEn: 'Not accepted here', description: 'The card’s product is limited to some kinds of businesses (for example lunch coupons at restaurants), and this business is not one of them.' },
  'giftcard.reversal_window_closed': { status: 409, title: 'Kan inte ångras längre', titleEn: 'Reversal window closed', description: 'A redemption can be undone by the same business on the same day (Swedish time) only.' },
  'giftcard.already_reversed': { status: 409, title: 'Redan ångrad', titleEn: 'Already reversed', description: 'This redemption has already been undone.' },
  'giftcard.product_not_found': { status: 404, title: 'Produkten finns inte', titleEn: 'Product not found', description: 'No gift card product with that name is sold in this city.' },
  'giftcard.amount_out_of_range': { status: 400, title: 'Beloppet är utanför tillåtna gränser', titleEn: 'Amount out of range', description: 'Gift cards are sold in a range of amounts set by the association (by default 100–5 000 kr).' },
  'giftcard.order_not_found': { status: 404, title: 'Beställningen finns inte', titleEn: 'Order not found', description: 'No order in this city has that reference.' },
  'giftcard.refund_not_allowed': { status: 409, title: 'Kan inte återbetalas', titleEn: 'Refund not allowed', description: 'Only unused cards can be refunded, within 14 days of purchase (the right of withdrawal for distance purchases).' },
  'giftcard.payment_mismatch': { status: 409, title: 'Betalningen stämmer inte', titleEn: 'Payment does not match', description: 'The payment’s amount or order does not match; nothing was activated.' },
  'giftcard.import_failed': { status: 400, title: 'Importen stoppades', titleEn: 'Import stopped', description: 'One or more rows had errors, so nothing was imported. `errors` lists each row and field.' },
} as const satisfies ProblemCatalogue;

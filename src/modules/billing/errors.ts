import type { ProblemCatalogue } from '../../platform/errors.js';

export const billingProblems = {
  'billing.invoice_not_found': { status: 404, title: 'Fakturan finns inte', titleEn: 'Invoice not found', description: 'No invoice in this city has this id or OCR reference. It may belong to another city.' },
  'billing.overpayment': { status: 409, title: 'Beloppet är större än det som återstår', titleEn: 'Overpayment', description: 'A payment may not exceed what is left to pay on the invoice. Register the remaining amount and handle the surplus as a refund.' },
  'billing.already_paid': { status: 409, title: 'Fakturan är redan betald', titleEn: 'Invoice already paid', description: 'The invoice is fully paid; no further payments can be registered against it.' },
  'billing.invoice_closed': { status: 409, title: 'Fakturan är makulerad eller krediterad', titleEn: 'Invoice closed', description: 'A void or credited invoice accepts no payments and cannot be changed.' },
  'billing.has_payments': { status: 409, title: 'Fakturan har betalningar', titleEn: 'Invoice has payments', description: 'An invoice with registered payments cannot be voided; credit it instead.' },
  'billing.invalid_ocr': { status: 400, title: 'Ogiltigt OCR-nummer', titleEn: 'Invalid OCR reference', description: 'An OCR reference is 2–25 digits ending in a length digit and a Luhn check digit. Check for a mistyped digit.' },
  'billing.seller_incomplete': { status: 409, title: 'Föreningens fakturauppgifter saknas', titleEn: 'Seller details missing', description: 'An invoice needs the seller’s name, organisation number, address and a valid bankgiro number. Fill them in the association’s settings.' },
} as const satisfies ProblemCatalogue;

export type BillingProblemCode = keyof typeof billingProblems;

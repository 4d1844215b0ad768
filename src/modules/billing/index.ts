/** The billing module's public face: other modules use only what is exported here. */
export {
  createBillingService,
  assertSellerComplete,
  invoiceEmailText,
  InvoiceInput,
  InvoiceCustomerInput,
  InvoiceLineInput,
  PaymentInput,
  type BillingService,
  type Invoice,
  type InvoicePayment,
  type InvoiceSeller,
  type InvoiceStatus,
  type PaidListener,
  type PaymentListener,
  type PaymentMethod,
} from './service.js';
export type { InvoiceCustomer, InvoiceLine, VatRate } from './schema.js';
export { computeTotals, vatOf, ocrForInvoiceNumber, formatInvoiceAmount, parseKronor, OCR_BASE, type InvoiceTotals } from './totals.js';
export { GIFTCARD_VAT_TEXT, MEMBERSHIP_FEE_VAT_TEXT } from './invoice-pdf.js';
export { billingProblems, type BillingProblemCode } from './errors.js';
export { mountBillingPages, sellerFromCity, type BillingPagesDeps } from './pages.js';

/** Every table, for migrations. Code imports a table from its own module, not from here. */
export * from './platform/auth/schema.js';
export * from './platform/messaging/schema.js';
export * from './platform/jobs/schema.js';
export * from './platform/audit/schema.js';
export * from './platform/ratelimit/schema.js';
export * from './modules/cities/schema.js';
export * from './modules/members/schema.js';
export * from './platform/ledger/schema.js';
export * from './platform/idempotency/schema.js';
export * from './modules/giftcards/schema.js';
export * from './modules/billing/schema.js';
export * from './modules/settlement/schema.js';
export * from './modules/campaigns/schema.js';

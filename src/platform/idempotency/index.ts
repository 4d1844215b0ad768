/** Idempotency-Key support for money-moving requests. */
export { createIdempotencyStore, DEFAULT_LOCK_SECONDS, MIN_RETENTION_HOURS, type IdempotencyStore, type BeginResult } from './store.js';
export { idempotent, hashRequest, IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER, type IdempotentOptions } from './middleware.js';
export { idempotencyProblems, type IdempotencyProblemCode } from './errors.js';

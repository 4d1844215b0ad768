import type { ProblemCatalogue } from '../errors.js';

export const idempotencyProblems = {
  // Money-moving requests must be safe to retry after a timeout; without a key a retry
  // could pay twice, so the key is required rather than optional.
  'idempotency.key_required': {
    status: 400,
    title: 'Idempotency-Key saknas',
    titleEn: 'Idempotency-Key required',
    description: 'This request moves money and must carry an `Idempotency-Key` header: 1–255 visible ASCII characters, new for each operation (a UUID is a good choice). Send the same key again when retrying the same request.',
  },
  'idempotency.key_reused': {
    status: 422,
    title: 'Nyckeln användes för en annan begäran',
    titleEn: 'Idempotency-Key reused',
    description: 'This `Idempotency-Key` was already used with a different request (another path or body). Use a new key for a new operation.',
  },
  'idempotency.in_progress': {
    status: 409,
    title: 'Begäran pågår redan',
    titleEn: 'Request in progress',
    description: 'A request with this `Idempotency-Key` is still being processed. Retry after `Retry-After` seconds to get its result.',
  },
} as const satisfies ProblemCatalogue;

export type IdempotencyProblemCode = keyof typeof idempotencyProblems;

/**
 * `Idempotency-Key` for money-moving POST routes: the first request with a key runs,
 * its answer (2xx or 4xx) is saved, and a retry with the same key and body gets that
 * answer again without running the handler (`Idempotency-Replayed: true`). A 5xx is
 * not saved, so a retry runs again. See README.md for why the money-moving service
 * must also record the key itself.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError, type ProblemRegistry } from '../errors.js';
import { problemResponse } from '../http/problem.js';
import type { IdempotencyStore } from './store.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotency-Replayed';

/** 1–255 visible ASCII characters (no spaces, no control characters). */
const keyPattern = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentOptions {
  /** The route's name, part of the scope: 'giftcards.redeem'. */
  name: string;
  /** Must have `idempotencyProblems` registered. */
  problems: ProblemRegistry;
  /**
   * Who the key belongs to; defaults to the actor's label ('apikey:<id>', 'user:<id>').
   * Keys of different callers never meet.
   */
  owner?: (c: Context) => string;
}

/** JSON with object keys sorted, so key order and whitespace do not change the hash. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** sha256 (hex) of method, path and the body (canonical JSON when it parses, else the raw text). */
export function hashRequest(method: string, path: string, body: string): string {
  let normalized = body;
  try {
    if (body.trim() !== '') normalized = JSON.stringify(canonical(JSON.parse(body)));
  } catch {
    // Not JSON: the raw text is hashed as it is.
  }
  return createHash('sha256').update(`${method.toUpperCase()}\n${path}\n${normalized}`).digest('hex');
}

const actorLabel = (c: Context): string => (c.get('actor' as never) as { label?: string } | undefined)?.label ?? 'anonymous';

/** Saved responses: everything the client should see again, except 5xx and 429 (nothing ran, retrying may work). */
const isReplayable = (status: number): boolean => status < 500 && status !== 429;

export function idempotent(store: IdempotencyStore, options: IdempotentOptions): MiddlewareHandler {
  const { name, problems } = options;
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined || key === '') {
      return problemResponse(c, problems, new DomainError('idempotency.key_required', 'Skicka ett Idempotency-Key-huvud (till exempel ett UUID).'));
    }
    if (!keyPattern.test(key)) {
      return problemResponse(c, problems, new DomainError('idempotency.key_required', 'Idempotency-Key ska vara 1–255 synliga ASCII-tecken.'));
    }
    const scope = `${(options.owner ?? actorLabel)(c)}:${name}`;
    // Hono caches the body it has read, so a validator after us can still parse it.
    const requestHash = hashRequest(c.req.method, c.req.path, await c.req.text());

    const begun = await store.begin(scope, key, requestHash);
    if (begun.kind === 'mismatch') {
      return problemResponse(c, problems, new DomainError('idempotency.key_reused', 'Nyckeln har redan använts för en annan begäran.'));
    }
    if (begun.kind === 'in_progress') {
      return problemResponse(c, problems, new DomainError('idempotency.in_progress', 'En begäran med samma nyckel pågår.', { retryAfterSeconds: 1 }));
    }
    if (begun.kind === 'replay') {
      const contentType = begun.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8';
      const body = begun.body === null || begun.body === undefined ? null : JSON.stringify(begun.body);
      return new Response(body, { status: begun.status, headers: { ...(body === null ? {} : { 'Content-Type': contentType }), [REPLAYED_HEADER]: 'true' } });
    }

    try {
      await next();
    } catch (err) {
      await store.abandon(scope, key);
      throw err;
    }
    const status = c.res.status;
    if (!isReplayable(status)) {
      await store.abandon(scope, key);
      return;
    }
    const text = await c.res.clone().text();
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        // A body we cannot replay faithfully is not saved; a retry runs again.
        await store.abandon(scope, key);
        return;
      }
    }
    await store.complete(scope, key, status, body);
  };
}

/**
 * Turns any failure into the one line the operator sees after `torget: `. Expected
 * failures (bad input, a locked data folder, a wrong setting) say what to fix; only
 * unexpected ones may show a stack trace, and only with --debug.
 */
import { z } from 'zod';
import { ConfigError } from '../platform/config.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { DomainError, type FieldError } from '../platform/errors.js';
import { CliError } from './output.js';

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

const describeField = (e: Pick<FieldError, 'path' | 'message'>): string => (e.path ? `${e.path.replace(/^\//, '').replace(/\//g, '.')}: ${e.message}` : e.message);

function isZodError(err: unknown): err is z.core.$ZodError {
  return err instanceof z.core.$ZodError || (err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues));
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']);

/** The database or another service could not be reached: a setting or a stopped server, not a bug. */
function isUnreachable(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.some(isUnreachable);
  return err instanceof Error && unreachableCodes.has((err as NodeJS.ErrnoException).code ?? '');
}

function isPortInUse(err: unknown): err is NodeJS.ErrnoException & { port?: number } {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/** True for failures the operator caused and can fix; these never show a stack trace. */
export function isExpectedError(err: unknown): boolean {
  return isPortInUse(err) || isUnreachable(err) || err instanceof CliError || err instanceof DomainError || err instanceof ConfigError || err instanceof DataDirLockedError || isZodError(err);
}

/** The failure as one line, without the `torget: ` prefix. */
export function reasonOf(err: unknown): string {
  if (err instanceof CliError || err instanceof DataDirLockedError) return oneLine(err.message);
  if (isPortInUse(err)) return `port ${err.port ?? ''} används redan av ett annat program: stoppa det, eller välj en annan port med PORT=…`;
  if (isUnreachable(err)) return `kunde inte ansluta (kontrollera DATABASE_URL och att servern är igång): ${oneLine(messageOf(err))}`;
  if (err instanceof ConfigError) return `ogiltig konfiguration: ${oneLine(err.issues.join('; '))}`;
  if (err instanceof DomainError) {
    const errors = err.extra.errors ?? [];
    return oneLine(errors.length > 0 ? `${err.message} ${errors.map(describeField).join('; ')}` : err.message);
  }
  if (isZodError(err)) {
    return oneLine(`ogiltiga uppgifter: ${err.issues.map((i) => describeField({ path: i.path.map(String).join('/'), message: i.message })).join('; ')}`);
  }
  return oneLine(messageOf(err));
}

/** A message for infrastructure errors, which sometimes have none (pg's AggregateError on ECONNREFUSED). */
function messageOf(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return err.errors.map(messageOf).join('; ') || 'okänt fel';
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return err.message || code || err.name;
  }
  return String(err);
}

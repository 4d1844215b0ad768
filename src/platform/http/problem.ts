/** RFC 9457 problem details, the only shape an API error takes. */
import type { Context } from 'hono';
import { DomainError, type FieldError, type ProblemRegistry } from '../errors.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

export function problemBody(registry: ProblemRegistry, error: DomainError, requestId?: string, locale: 'sv' | 'en' = 'sv'): ProblemBody {
  const def = registry.get(error.code) ?? registry.get('internal')!;
  const code = registry.get(error.code) ? error.code : 'internal';
  const { errors, retryAfterSeconds, ...rest } = error.extra;
  return {
    type: `/problems/${code}`,
    title: locale === 'en' ? def.titleEn : def.title,
    status: def.status,
    detail: error.message,
    code,
    ...(errors ? { errors } : {}),
    ...(retryAfterSeconds ? { retryAfter: retryAfterSeconds } : {}),
    ...rest,
    ...(requestId ? { requestId } : {}),
  };
}

export function problemResponse(c: Context, registry: ProblemRegistry, error: DomainError): Response {
  const body = problemBody(registry, error, c.get('requestId') as string | undefined, (c.get('locale') as 'sv' | 'en' | undefined) ?? 'sv');
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json; charset=utf-8' };
  if (error.extra.retryAfterSeconds) headers['Retry-After'] = String(error.extra.retryAfterSeconds);
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** Turns zod issues into the `errors[]` member: a JSON-pointer-like path, a message and a code. */
export function fieldErrorsFromZod(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code: string }>, prefix = ''): FieldError[] {
  return issues.map((i) => ({
    path: prefix + (i.path.length ? '/' + i.path.map(String).join('/') : ''),
    message: i.message,
    code: i.code,
  }));
}

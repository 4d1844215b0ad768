/**
 * Expected failures are DomainErrors with a stable, module-prefixed code
 * (`giftcard.expired`). Each module lists its codes in a catalogue; `satisfies
 * ProblemCatalogue` makes an unmapped code fail to compile. The HTTP layer turns them
 * into RFC 9457 problem+json; services never know about HTTP.
 */
export interface ProblemDefinition {
  status: number;
  /** Short Swedish title, shown to people. */
  title: string;
  titleEn: string;
  /** A few sentences explaining when this happens and what to do; served at /problems/{code}. */
  description: string;
}

export type ProblemCatalogue = Record<string, ProblemDefinition>;

export const platformProblems = {
  validation: { status: 400, title: 'Ogiltiga uppgifter', titleEn: 'Invalid input', description: 'Some of the input was missing, of the wrong type or out of range. `errors` lists each problem with the path to the field.' },
  bad_request: { status: 400, title: 'Felaktig begäran', titleEn: 'Bad request', description: 'The request could not be understood, for example malformed JSON.' },
  unauthorized: { status: 401, title: 'Inloggning krävs', titleEn: 'Authentication required', description: 'Log in, or send a valid API key as `Authorization: Bearer <key>`.' },
  forbidden: { status: 403, title: 'Åtkomst nekad', titleEn: 'Forbidden', description: 'You are logged in but your role does not allow this action in this city or business.' },
  not_found: { status: 404, title: 'Hittades inte', titleEn: 'Not found', description: 'There is nothing at this address, or it belongs to another city.' },
  method_not_allowed: { status: 405, title: 'Metoden stöds inte', titleEn: 'Method not allowed', description: 'This address does not accept that HTTP method.' },
  conflict: { status: 409, title: 'Konflikt', titleEn: 'Conflict', description: 'The change conflicts with the current state, for example a slug that is already taken.' },
  payload_too_large: { status: 413, title: 'För stor begäran', titleEn: 'Payload too large', description: 'The request body is larger than this endpoint accepts.' },
  unsupported_media_type: { status: 415, title: 'Formatet stöds inte', titleEn: 'Unsupported media type', description: 'Send JSON with `Content-Type: application/json`.' },
  csrf: { status: 403, title: 'Formuläret har gått ut', titleEn: 'Form expired', description: 'The form was missing its security token or the token did not match. Reload the page and try again.' },
  rate_limited: { status: 429, title: 'För många försök', titleEn: 'Too many requests', description: 'Too many attempts in a short time. Wait a while (see `Retry-After`) and try again.' },
  internal: { status: 500, title: 'Något gick fel', titleEn: 'Internal error', description: 'An unexpected error on our side. It has been logged with the request id; nothing was changed.' },
  unavailable: { status: 503, title: 'Tillfälligt otillgänglig', titleEn: 'Service unavailable', description: 'A service Torget depends on (such as the database) is not answering. Try again shortly, with the same Idempotency-Key: nothing is half-written, and a change whose answer was lost is answered again instead of made twice.' },
} as const satisfies ProblemCatalogue;

export type PlatformProblemCode = keyof typeof platformProblems;

export interface FieldError {
  path: string;
  message: string;
  code: string;
}

export class DomainError<Code extends string = string> extends Error {
  constructor(
    public readonly code: Code,
    message?: string,
    public readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

export const notFound = (what = 'Resursen'): DomainError => new DomainError('not_found', `${what} finns inte.`);
export const forbidden = (detail = 'Din roll får inte göra detta här.'): DomainError => new DomainError('forbidden', detail);
export const unauthorized = (detail = 'Logga in eller skicka en giltig API-nyckel.'): DomainError => new DomainError('unauthorized', detail);
export const validationError = (errors: FieldError[], detail = 'Uppgifterna innehåller fel.'): DomainError =>
  new DomainError('validation', detail, { errors });

/** All catalogues known to this instance, registered by the wiring at start-up. */
export class ProblemRegistry {
  private readonly entries = new Map<string, ProblemDefinition>(Object.entries(platformProblems));
  register(catalogue: ProblemCatalogue): void {
    for (const [code, def] of Object.entries(catalogue)) {
      if (this.entries.has(code) && this.entries.get(code) !== def) throw new Error(`Problem code ${code} registered twice`);
      this.entries.set(code, def);
    }
  }
  get(code: string): ProblemDefinition | undefined {
    return this.entries.get(code);
  }
  all(): Array<[string, ProblemDefinition]> {
    return [...this.entries.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}

/**
 * The one typed configuration object. Only this file reads `process.env`, once, at boot.
 * A wrong value stops start-up with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import type { PostgresTimeouts } from './db/postgres-pool.js';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The address people use to reach this instance; links in e-mails are built from it. */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL connection string; without it the embedded PGlite database is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL: opening a connection, and waiting for a free one in the pool (ms). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** PostgreSQL: the server cancels one statement after this long (statement_timeout, ms). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  /** PostgreSQL: a connection that sends nothing this long while a query waits is given up (ms; default the statement timeout + 2 s). */
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  /** PostgreSQL: statement timeout of long work — settlement runs, ledger verification, the CLI (ms). */
  DATABASE_LONG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(24 * 3_600_000).default(15 * 60_000),
  /** PostgreSQL: TCP keepalive, the first probe after this long idle (ms; 0 turns it off). */
  DATABASE_KEEPALIVE_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  TORGET_DATA_DIR: z.string().min(1).default('./data'),
  /** PGlite runs without fsync; production must opt in to it explicitly. */
  TORGET_ALLOW_EMBEDDED_IN_PRODUCTION: bool.default(false),
  /** Seed the demo city when the database has no city yet. */
  TORGET_DEMO: bool.optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** SMTP connection string (smtp://user:pass@host:587); without it mail goes to the dev mailbox. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Torget <noreply@torget.localhost>'),
  /**
   * How many reverse proxies in front of the app to trust for X-Forwarded-For.
   * 0 means the socket address is the client (no proxy).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run the job runner in this process (turn off on web-only processes). */
  TORGET_JOBS: bool.default(true),
  /** `torget serve` with PostgreSQL: this many server processes sharing the port (one per core). */
  TORGET_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * 32 random bytes (base64) that encrypt gift card codes and key their look-up hashes.
   * Kept outside the database, so a database leak alone reveals no usable code. In the
   * embedded default a key is generated once into the data folder.
   */
  TORGET_CODE_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  /** Payment methods offered, in order: simulator, swish, card, invoice. */
  PAYMENT_PROVIDERS: z
    .string()
    .regex(/^(simulator|swish|card|invoice)(,(simulator|swish|card|invoice))*$/, 'a comma-separated list of simulator, swish, card, invoice')
    .optional(),
  SWISH_API_URL: z.url().default('https://cpc.getswish.net'),
  SWISH_PAYEE_ALIAS: z.string().regex(/^123\d{7}$/, 'a Swish business number: 10 digits starting with 123').optional(),
  SWISH_CERT_PATH: z.string().optional(),
  SWISH_KEY_PATH: z.string().optional(),
  SWISH_CA_PATH: z.string().optional(),
  STRIPE_API_URL: z.url().default('https://api.stripe.com'),
  STRIPE_SECRET_KEY: z.string().regex(/^sk_(test|live)_\w+$/, 'a Stripe secret key (sk_test_… or sk_live_…)').optional(),
  /** Map tiles for the city map ({z}/{x}/{y}); empty turns the map off and leaves the list. */
  TORGET_MAP_TILE_URL: z.string().max(500).default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TORGET_MAP_ATTRIBUTION: z.string().max(300).default('© OpenStreetMap contributors'),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'a Stripe webhook signing secret (whsec_…)').optional(),
  /** OSRM-compatible table service for travel times (http://host:5000); without it routes use straight-line distances. */
  ROUTING_OSRM_URL: z.url().optional(),
  /** Web Push (VAPID, RFC 8292): the private key as web-push prints it (32 bytes, base64url). Generated into the data folder when unset. */
  VAPID_PRIVATE_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64url').length === 32, 'must be 32 bytes, base64url-encoded (npx web-push generate-vapid-keys)')
    .optional(),
  /** Who push services may contact about our pushes: mailto: or https: address. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://').optional(),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  /** True when cookies must carry `Secure` (served over https). */
  secureCookies: boolean;
  database: { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; poolSize: number; timeouts: PostgresTimeouts };
  seedDemo: boolean;
  redisUrl: string | null;
  mail: { smtpUrl: string | null; from: string };
  trustedProxyHops: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  runJobs: boolean;
  /** Server processes `torget serve` starts (node:cluster); more than 1 only on PostgreSQL. */
  workers: number;
  /** 32-byte key for gift card codes; null means "generate one in secretsDir". */
  codeKey: Buffer | null;
  /** Where generated keys are kept on a laptop (outside the database). */
  secretsDir: string;
  payments: PaymentsConfig;
  routing: { osrmUrl: string | null };
  /** The city map's tiles; null: no map, the list alone. */
  map: { tileUrl: string | null; attribution: string };
  /** Web Push signing key (null: generate one in secretsDir) and contact. */
  vapid: { privateKey: Buffer | null; subject: string };
}

export type PaymentMethod = 'simulator' | 'swish' | 'card' | 'invoice';

export interface PaymentsConfig {
  methods: PaymentMethod[];
  swish: { apiUrl: string; payeeAlias: string; certPath: string; keyPath: string; caPath: string | null } | null;
  stripe: { apiUrl: string; secretKey: string; webhookSecret: string } | null;
}

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses environment variables into the typed config, or throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings are treated as unset, the way shells and .env files usually mean them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const queryMs = e.DATABASE_QUERY_TIMEOUT_MS ?? e.DATABASE_STATEMENT_TIMEOUT_MS + 2_000;
  // The server must get to cancel a slow statement (and say so) before the client takes
  // the silence for a dead connection; see src/platform/db/postgres-pool.ts.
  if (queryMs <= e.DATABASE_STATEMENT_TIMEOUT_MS) throw new ConfigError(['DATABASE_QUERY_TIMEOUT_MS: must be longer than DATABASE_STATEMENT_TIMEOUT_MS']);
  if (e.DATABASE_LONG_STATEMENT_TIMEOUT_MS < e.DATABASE_STATEMENT_TIMEOUT_MS) throw new ConfigError(['DATABASE_LONG_STATEMENT_TIMEOUT_MS: must be at least DATABASE_STATEMENT_TIMEOUT_MS']);
  const timeouts: PostgresTimeouts = {
    connectMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    queryMs,
    longStatementMs: e.DATABASE_LONG_STATEMENT_TIMEOUT_MS,
    keepAliveMs: e.DATABASE_KEEPALIVE_MS,
  };
  const database: Config['database'] = e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE, timeouts }
    : { kind: 'pglite', dataDir: path.resolve(e.TORGET_DATA_DIR) };
  if (e.NODE_ENV === 'production' && database.kind === 'pglite' && !e.TORGET_ALLOW_EMBEDDED_IN_PRODUCTION) {
    throw new ConfigError([
      'DATABASE_URL: required when NODE_ENV=production; the embedded database runs without fsync ' +
        '(set TORGET_ALLOW_EMBEDDED_IN_PRODUCTION=1 to accept that risk)',
    ]);
  }
  if (e.TORGET_WORKERS > 1 && database.kind === 'pglite') {
    throw new ConfigError(['TORGET_WORKERS: more than 1 needs DATABASE_URL; the embedded database belongs to one process']);
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  if (database.kind === 'postgres' && !e.TORGET_CODE_KEY && e.NODE_ENV === 'production') {
    throw new ConfigError(['TORGET_CODE_KEY: required on PostgreSQL in production (openssl rand -base64 32); it must live outside the database']);
  }
  const methods = (e.PAYMENT_PROVIDERS ?? (e.NODE_ENV === 'production' ? 'invoice' : 'simulator,invoice')).split(',') as PaymentMethod[];
  if (e.NODE_ENV === 'production' && methods.includes('simulator')) {
    throw new ConfigError(['PAYMENT_PROVIDERS: the simulator takes no real money and is refused in production']);
  }
  const swish =
    e.SWISH_PAYEE_ALIAS && e.SWISH_CERT_PATH && e.SWISH_KEY_PATH
      ? { apiUrl: e.SWISH_API_URL.replace(/\/$/, ''), payeeAlias: e.SWISH_PAYEE_ALIAS, certPath: e.SWISH_CERT_PATH, keyPath: e.SWISH_KEY_PATH, caPath: e.SWISH_CA_PATH ?? null }
      : null;
  if (methods.includes('swish') && !swish) throw new ConfigError(['SWISH_PAYEE_ALIAS, SWISH_CERT_PATH, SWISH_KEY_PATH: required when PAYMENT_PROVIDERS includes swish']);
  const stripe = e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET ? { apiUrl: e.STRIPE_API_URL.replace(/\/$/, ''), secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET } : null;
  if (methods.includes('card') && !stripe) throw new ConfigError(['STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET: required when PAYMENT_PROVIDERS includes card']);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    database,
    seedDemo: e.TORGET_DEMO ?? database.kind === 'pglite',
    redisUrl: e.REDIS_URL ?? null,
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM },
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    logLevel: e.LOG_LEVEL,
    runJobs: e.TORGET_JOBS,
    workers: e.TORGET_WORKERS,
    codeKey: e.TORGET_CODE_KEY ? Buffer.from(e.TORGET_CODE_KEY, 'base64') : null,
    secretsDir: path.join(path.resolve(e.TORGET_DATA_DIR), 'secrets'),
    payments: { methods, swish, stripe },
    routing: { osrmUrl: e.ROUTING_OSRM_URL?.replace(/\/$/, '') ?? null },
    map: { tileUrl: e.TORGET_MAP_TILE_URL.trim() || null, attribution: e.TORGET_MAP_ATTRIBUTION },
    vapid: { privateKey: e.VAPID_PRIVATE_KEY ? Buffer.from(e.VAPID_PRIVATE_KEY, 'base64url') : null, subject: e.VAPID_SUBJECT ?? `mailto:${/<([^>]+)>/.exec(e.MAIL_FROM)?.[1] ?? e.MAIL_FROM}` },
  };
}

/** A config for tests and tools: defaults plus overrides, no environment read. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    database: { kind: 'pglite', dataDir: null },
    seedDemo: false,
    runJobs: false,
    // A fixed key for tests only; real instances use TORGET_CODE_KEY or a generated key file.
    codeKey: Buffer.alloc(32, 7),
    vapid: { privateKey: Buffer.alloc(32, 9), subject: 'mailto:test@torget.localhost' },
    ...overrides,
  };
}

/**
 * The one typed configuration object. Only this file reads `process.env`, once, at boot.
 * A wrong value stops start-up with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';

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
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  /** True when cookies must carry `Secure` (served over https). */
  secureCookies: boolean;
  database: { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; poolSize: number };
  seedDemo: boolean;
  redisUrl: string | null;
  mail: { smtpUrl: string | null; from: string };
  trustedProxyHops: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  runJobs: boolean;
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
  const database: Config['database'] = e.DATABASE_URL
    ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
    : { kind: 'pglite', dataDir: path.resolve(e.TORGET_DATA_DIR) };
  if (e.NODE_ENV === 'production' && database.kind === 'pglite' && !e.TORGET_ALLOW_EMBEDDED_IN_PRODUCTION) {
    throw new ConfigError([
      'DATABASE_URL: required when NODE_ENV=production; the embedded database runs without fsync ' +
        '(set TORGET_ALLOW_EMBEDDED_IN_PRODUCTION=1 to accept that risk)',
    ]);
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
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
  };
}

/** A config for tests and tools: defaults plus overrides, no environment read. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: { kind: 'pglite', dataDir: null }, seedDemo: false, runJobs: false, ...overrides };
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on the embedded database with no configuration at all', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.port).toBe(3000);
    expect(config.seedDemo).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.secureCookies).toBe(false);
  });

  it('switches to PostgreSQL with DATABASE_URL and does not seed the demo by default', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/torget' });
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@db:5432/torget' });
    expect(config.seedDemo).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ TRUSTED_PROXY_HOPS: '-1' })).toThrow(/TRUSTED_PROXY_HOPS/);
  });

  it('starts several server processes only on PostgreSQL', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/t', TORGET_WORKERS: '2' }).workers).toBe(2);
    expect(() => loadConfig({ TORGET_WORKERS: '2' })).toThrow(/TORGET_WORKERS.*DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/t', TORGET_WORKERS: '0' })).toThrow(/TORGET_WORKERS/);
  });

  it('refuses the embedded database in production unless told to accept it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/fsync/);
    expect(loadConfig({ NODE_ENV: 'production', TORGET_ALLOW_EMBEDDED_IN_PRODUCTION: '1' }).database.kind).toBe('pglite');
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/t', TORGET_CODE_KEY: key }).database.kind).toBe('postgres');
  });

  it('needs a code key outside the database in production, and refuses the payment simulator there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/t' })).toThrow(/TORGET_CODE_KEY/);
    expect(() => loadConfig({ TORGET_CODE_KEY: 'c2hvcnQ=' })).toThrow(/TORGET_CODE_KEY/);
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/t', TORGET_CODE_KEY: key, PAYMENT_PROVIDERS: 'simulator' })).toThrow(/PAYMENT_PROVIDERS/);
    expect(() => loadConfig({ PAYMENT_PROVIDERS: 'swish' })).toThrow(/SWISH_PAYEE_ALIAS/);
    expect(loadConfig({}).payments.methods).toEqual(['simulator', 'invoice']);
  });

  it('bounds every wait on PostgreSQL, with the client waiting longer than the server', () => {
    const db = loadConfig({ DATABASE_URL: 'postgres://db/t' }).database;
    expect(db).toMatchObject({ kind: 'postgres', timeouts: { connectMs: 5_000, statementMs: 10_000, queryMs: 12_000, longStatementMs: 900_000, keepAliveMs: 10_000 } });
    const tuned = loadConfig({ DATABASE_URL: 'postgres://db/t', DATABASE_STATEMENT_TIMEOUT_MS: '2000', DATABASE_KEEPALIVE_MS: '0' }).database;
    expect(tuned).toMatchObject({ timeouts: { statementMs: 2_000, queryMs: 4_000, keepAliveMs: 0 } });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/t', DATABASE_STATEMENT_TIMEOUT_MS: '5000', DATABASE_QUERY_TIMEOUT_MS: '5000' })).toThrow(/DATABASE_QUERY_TIMEOUT_MS/);
    expect(() => loadConfig({ DATABASE_LONG_STATEMENT_TIMEOUT_MS: '2000' })).toThrow(/DATABASE_LONG_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(/DATABASE_CONNECT_TIMEOUT_MS/);
  });

  it('marks cookies Secure when the public address is https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://torget.example' }).secureCookies).toBe(true);
  });
});

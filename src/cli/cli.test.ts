/**
 * The real `torget` command, spawned as an operator would run it (node bin/torget.js),
 * against a fresh embedded database folder. Spawning costs about a second each (tsx
 * compiles on the fly), so the tests are few and each checks several things.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acquireDataDirLock } from '../platform/db/data-dir-lock.js';
import { openDatabase } from '../platform/db/database.js';
import { testConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { createServices } from '../services.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'torget.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The test runner's environment without anything that would point the CLI elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_|TORGET_|REDIS_URL|SMTP_URL|PUBLIC_URL|PORT$)/.test(key)) delete env[key];
  }
  return { ...env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
}

function torget(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...cleanEnv(), ...options.env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** An operator-facing failure: exit 1, one line `torget: …`, no stack trace. */
function expectOneLineFailure(r: Result, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^torget: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('torget CLI', () => {
  let tmp: string;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'torget-cli-'));
    dataDir = path.join(tmp, 'data');
    env = { TORGET_DATA_DIR: dataDir };
    // The first command creates and migrates the database folder (the slow part, once).
    const r = await torget(['city', 'create', '--slug', 'testby', '--name', 'Testby'], { env });
    expect(r.stderr).toContain('Testby');
    expect(r.code).toBe(0);
  }, 120_000);

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists its commands in --help, and every command has --help', async () => {
    const [top, sub] = await Promise.all([torget(['--help']), torget(['apikey', 'create', '--help'])]);
    expect(top.code).toBe(0);
    for (const command of ['serve', 'db', 'demo', 'city', 'user', 'apikey', 'business', 'jobs', 'audit', 'giftcard', 'ledger', 'backup', 'restore', 'route', 'settlement', 'accounting']) {
      expect(top.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--city <slug>');
    expect(sub.stdout).toContain('--role <role>');
  });

  it('creates a city that city list --json shows, audited as the CLI user', async () => {
    const created = await torget(['city', 'create', '--slug', 'lund', '--name', 'Lund', '--association', 'Lunds city', '--json'], { env });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ slug: 'lund', name: 'Lund', associationName: 'Lunds city' });

    const listed = await torget(['city', 'list', '--json'], { env });
    expect(listed.code).toBe(0);
    const cities = JSON.parse(listed.stdout) as Array<{ slug: string; name: string }>;
    expect(cities.map((c) => c.slug).sort()).toEqual(['lund', 'testby']);

    const audit = await torget(['audit', 'list', '--city', 'lund', '--json'], { env });
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.stdout)).toEqual([expect.objectContaining({ action: 'city.create', actor: `cli:${os.userInfo().username}` })]);
  }, 60_000);

  it('issues gift cards as JSON and verifies the ledger, failing on drift', async () => {
    const issued = await torget(['giftcard', 'issue', '--city', 'testby', '--amount-ore', '50000', '--count', '3', '--json'], { env });
    expect(issued.code).toBe(0);
    const cards = JSON.parse(issued.stdout) as Array<{ code: string; balanceOre: number; expiresAt: string }>;
    expect(cards).toHaveLength(3);
    for (const card of cards) {
      expect(card.code).toMatch(/^(\w{4}-){4}\w{4}$/);
      expect(card.balanceOre).toBe(50000);
      expect(new Date(card.expiresAt).getTime()).toBeGreaterThan(Date.now() + 700 * 24 * 3600_000);
    }
    const ok = await torget(['ledger', 'verify', '--city', 'testby'], { env });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('Huvudboken stämmer');

    // Corrupt one cached balance behind the ledger's back: verify must notice.
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await database.db.execute(sql`update ledger_accounts set balance_ore = balance_ore + 1 where id = (select id from ledger_accounts where code like 'card:%' order by code limit 1)`);
    } finally {
      await database.close();
    }
    const drift = await torget(['ledger', 'verify', '--city', 'testby', '--json'], { env });
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.stdout)).toMatchObject({ ok: false, drift: [expect.objectContaining({ computedOre: 50000, cachedOre: 50001 })] });
  }, 60_000);

  it('apikey create prints the key alone on stdout', async () => {
    const r = await torget(['apikey', 'create', '--city', 'testby', '--role', 'association-staff', '--name', 'Kassan'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tgk_[A-Za-z0-9_-]+$/);
    expect(r.stdout).toBe(`${lines[0]}\n`);
    // The message about the key goes to stderr and never repeats the key.
    expect(r.stderr).not.toContain(lines[0]);
  });

  it('refuses bad input with one line and no stack trace', async () => {
    // One at a time: two processes opening the folder at once would (rightly) refuse each other.
    const badRole = await torget(['user', 'create', '--email', 'a@example.se', '--role', 'wizard'], { env });
    const missingBusiness = await torget(['user', 'create', '--email', 'a@example.se', '--role', 'merchant-owner', '--city', 'testby'], { env });
    const noCity = await torget(['business', 'list', '--city', 'nope'], { env });
    expectOneLineFailure(badRole, /wizard.*platform-admin/);
    expectOneLineFailure(missingBusiness, /--business/);
    expectOneLineFailure(noCity, /”nope” finns inte/);
    expect(noCity.stdout).toBe('');
  }, 60_000);

  it('user create --password-stdin sets the password read from stdin', async () => {
    const password = 'ett långt lösenord';
    const r = await torget(['user', 'create', '--email', 'Anna@Example.se', '--role', 'association-admin', '--city', 'testby', '--password-stdin', '--json'], { env, input: `${password}\n` });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ email: 'anna@example.se', created: true, passwordSet: true });

    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const services = await createServices(testConfig(), database, { log: createLogger('silent') });
      expect(await services.auth.verifyPassword('anna@example.se', password)).not.toBeNull();
      expect(await services.auth.verifyPassword('anna@example.se', `${password}\n`)).toBeNull();
      await services.close();
    } finally {
      await database.close();
    }
  });

  it('refuses to open the embedded database while another process holds it, and leaves it intact', async () => {
    const lock = acquireDataDirLock(dataDir, 'vitest lock holder');
    let refused: Result;
    try {
      refused = await torget(['city', 'list', '--json'], { env });
    } finally {
      lock.release();
    }
    expectOneLineFailure(refused, /används av vitest lock holder/);
    expect(refused.stdout).toBe('');

    const after = await torget(['city', 'list', '--json'], { env });
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as Array<{ slug: string }>).map((c) => c.slug)).toContain('testby');
  });

  // The run's own PostgreSQL database, made by test/global-setup.ts when TEST_DATABASE_URL is set.
  const postgresUrl = inject('postgresUrl');
  if (!postgresUrl) process.stdout.write('[torget] CLI on PostgreSQL skipped: TEST_DATABASE_URL is not set (CI sets it).\n');
  it.skipIf(!postgresUrl)('works against PostgreSQL (DATABASE_URL)', async () => {
    const pgEnv = { DATABASE_URL: postgresUrl! };
    const slug = `cli-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const created = await torget(['city', 'create', '--slug', slug, '--name', 'Postgresby'], { env: pgEnv });
    expect(created.stderr).toContain('Postgresby');
    expect(created.code).toBe(0);
    const listed = await torget(['city', 'list', '--json'], { env: pgEnv });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ slug, name: 'Postgresby' }));
  });
});

/**
 * Backups of the embedded database: `torget backup` a folder with cards and
 * redemptions, `torget restore` it elsewhere, and the restored ledger verifies with the
 * same balances, and the codes still work (the key travelled with the backup).
 * Restore refuses a folder with data (without --force) and a folder a server holds.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/platform/config.js';
import { acquireDataDirLock } from '../../src/platform/db/data-dir-lock.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { createServices } from '../../src/services.js';
import { createApp } from '../../src/app.js';
import { record, seedTill, torget, type Till } from './support.js';

/** Services on an embedded folder, with the key generated into it as on a laptop. */
async function openFolder(dataDir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir });
  await database.migrate();
  const services = await createServices(testConfig({ database: { kind: 'pglite', dataDir }, codeKey: null, secretsDir: path.join(dataDir, 'secrets') }), database, { log: createLogger('silent') });
  return {
    services,
    app: createApp(services),
    close: async () => {
      await services.close();
      await database.close();
    },
  };
}

const post = (key: string, body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
  body: JSON.stringify(body),
});

describe('backup and restore of the embedded database', () => {
  let tmp: string;
  let source: string;
  let till: Till;
  let balances: number[];
  let verified: { accounts: number; transfers: number };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'torget-backup-'));
    source = path.join(tmp, 'source');
    const folder = await openFolder(source);
    try {
      till = await seedTill(folder.services, 4, 50_000);
      // Money moves through the POS API, as at a till.
      for (const [i, card] of till.cards.entries()) {
        const res = await folder.app.request(`/api/v1/cities/${till.citySlug}/redemptions`, post(till.key, { code: card.code, amountOre: 1_000 * (i + 1) }, { 'idempotency-key': `backup-${i}` }));
        expect(res.status).toBe(201);
      }
      balances = await Promise.all(till.cards.map(async (c) => (await (await folder.app.request(`/api/v1/cities/${till.citySlug}/giftcards/lookup`, post(till.key, { code: c.code }))).json()).balanceOre as number));
      expect(balances).toEqual([49_000, 48_000, 47_000, 46_000]);
      const report = await folder.services.ledger.verify();
      expect(report.ok).toBe(true);
      verified = { accounts: report.accounts, transfers: report.transfers };
    } finally {
      await folder.close();
    }
  }, 180_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('restores a backup whose ledger verifies with the same balances and working codes', async () => {
    const file = path.join(tmp, 'torget.backup');
    const backup = await torget(['backup', file], { TORGET_DATA_DIR: source });
    expect(backup.stderr).toContain('Klart');
    expect(backup.code).toBe(0);
    // It holds the code key: readable by its owner only.
    expect(statSync(file).mode & 0o077).toBe(0);

    const target = path.join(tmp, 'restored');
    const restore = await torget(['restore', file], { TORGET_DATA_DIR: target });
    expect(restore.code, restore.stderr).toBe(0);

    const verify = await torget(['ledger', 'verify', '--json'], { TORGET_DATA_DIR: target });
    expect(verify.code, verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; accounts: number; transfers: number; drift: unknown[] };
    expect(report).toMatchObject({ ok: true, drift: [], accounts: verified.accounts, transfers: verified.transfers });

    const folder = await openFolder(target);
    try {
      const restored = await Promise.all(till.cards.map(async (c) => (await (await folder.app.request(`/api/v1/cities/${till.citySlug}/giftcards/lookup`, post(till.key, { code: c.code }))).json()).balanceOre as number));
      expect(restored).toEqual(balances);
      // The same Idempotency-Key replays the answer given before the backup: nothing moves twice.
      const replay = await folder.app.request(`/api/v1/cities/${till.citySlug}/redemptions`, post(till.key, { code: till.cards[0]!.code, amountOre: 1_000 }, { 'idempotency-key': 'backup-0' }));
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      expect((await folder.services.ledger.verify()).ok).toBe(true);
    } finally {
      await folder.close();
    }
    record('backup', { accounts: report.accounts, transfers: report.transfers, cards: till.cards.length, balancesEqual: true, drift: 0 });
  }, 240_000);

  it('refuses a folder with data without --force, a folder a server holds, and a damaged file', async () => {
    const file = path.join(tmp, 'torget.backup');
    const intoSource = await torget(['restore', file], { TORGET_DATA_DIR: source });
    expect(intoSource.code).toBe(1);
    expect(intoSource.stderr).toMatch(/innehåller redan data.*--force/);

    const lock = acquireDataDirLock(source, 'torget serve (port 3000)');
    try {
      const whileServing = await torget(['restore', file, '--force'], { TORGET_DATA_DIR: source });
      expect(whileServing.code).toBe(1);
      expect(whileServing.stderr).toMatch(/används av torget serve/);
    } finally {
      lock.release();
    }

    const damaged = path.join(tmp, 'damaged.backup');
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(damaged, bytes);
    const fromDamaged = await torget(['restore', damaged, '--force'], { TORGET_DATA_DIR: source });
    expect(fromDamaged.code).toBe(1);
    expect(fromDamaged.stderr).toMatch(/kontrollsumman/);
    // On PostgreSQL the command points to pg_dump instead.
    const onPostgres = await torget(['backup', path.join(tmp, 'pg.backup')], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/torget' });
    expect(onPostgres.code).toBe(1);
    expect(onPostgres.stderr).toMatch(/pg_dump/);

    // Nothing was touched: the source still verifies.
    const verify = await torget(['ledger', 'verify', '--json'], { TORGET_DATA_DIR: source });
    expect(verify.code, verify.stderr).toBe(0);
  }, 240_000);
});

/**
 * Backups of the embedded database: one file holding PGlite's data folder (its own
 * gzipped tarball from `dumpDataDir`) and the keys generated into the data folder
 * (without the gift card code key the restored codes could not be read). PostgreSQL
 * is backed up with pg_dump instead (docs/operations.md).
 *
 * File layout: the line `TORGET-BACKUP 1`, one line of JSON (when, the keys, the
 * tarball's length and SHA-256), then the tarball. A restore checks the checksum
 * before it touches anything.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { acquireDataDirLock } from './data-dir-lock.js';

const MAGIC = 'TORGET-BACKUP 1\n';

/** A backup that cannot be made or restored, with a reason the operator can act on. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

interface Header {
  kind: 'pglite';
  createdAt: string;
  /** Files of the data folder's secrets/ directory, base64. */
  secrets: Record<string, string>;
  bytes: number;
  sha256: string;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  createdAt: string;
  secrets: string[];
}

const pgDir = (dataDir: string) => path.join(dataDir, 'pg');
const secretsDir = (dataDir: string) => path.join(dataDir, 'secrets');
const openPglite = (dir: string, loadDataDir?: Blob) => PGlite.create(dir, { extensions: { pg_trgm, unaccent }, ...(loadDataDir ? { loadDataDir } : {}) });

function readSecrets(dataDir: string): Record<string, string> {
  const dir = secretsDir(dataDir);
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name)).toString('base64')]));
}

/**
 * Writes a backup of the embedded database in `dataDir` to `file` (mode 0600: it holds
 * keys). Takes the folder's lock, so it refuses while a server has the folder open.
 */
export async function backupEmbedded(dataDir: string, file: string, now = new Date()): Promise<BackupSummary> {
  if (!existsSync(path.join(pgDir(dataDir), 'PG_VERSION'))) throw new BackupError(`Det finns ingen inbyggd databas i ${dataDir}.`);
  const lock = acquireDataDirLock(dataDir, 'torget backup');
  try {
    const client = await openPglite(pgDir(dataDir));
    let tarball: Buffer;
    try {
      tarball = Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await client.close();
    }
    const header: Header = { kind: 'pglite', createdAt: now.toISOString(), secrets: readSecrets(dataDir), bytes: tarball.length, sha256: createHash('sha256').update(tarball).digest('hex') };
    const target = path.resolve(file);
    const partial = `${target}.partial`;
    // Written beside the target and renamed, so a crash never leaves half a backup under the real name.
    writeFileSync(partial, Buffer.concat([Buffer.from(MAGIC + JSON.stringify(header) + '\n'), tarball]), { mode: 0o600 });
    chmodSync(partial, 0o600);
    renameSync(partial, target);
    return { file: target, bytes: tarball.length, createdAt: header.createdAt, secrets: Object.keys(header.secrets) };
  } finally {
    lock.release();
  }
}

function readBackup(file: string): { header: Header; tarball: Buffer } {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    throw new BackupError(`Kan inte läsa ${file}.`);
  }
  if (raw.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new BackupError(`${file} är ingen säkerhetskopia från torget backup.`);
  const end = raw.indexOf(0x0a, MAGIC.length);
  let header: Header;
  try {
    header = JSON.parse(raw.subarray(MAGIC.length, end).toString('utf8')) as Header;
  } catch {
    throw new BackupError(`${file} är skadad (huvudet går inte att läsa).`);
  }
  const tarball = raw.subarray(end + 1);
  if (header.kind !== 'pglite' || tarball.length !== header.bytes || createHash('sha256').update(tarball).digest('hex') !== header.sha256) {
    throw new BackupError(`${file} är skadad eller ofullständig (kontrollsumman stämmer inte); inget ändrades.`);
  }
  return { header, tarball };
}

/**
 * Restores a backup into `dataDir`. Refuses while a server holds the folder, and
 * refuses a folder that already holds data unless `force` (which replaces it).
 */
export async function restoreEmbedded(file: string, dataDir: string, options: { force?: boolean } = {}): Promise<BackupSummary> {
  const { header, tarball } = readBackup(file);
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir, 'torget restore');
  try {
    const existing = readdirSync(dataDir).filter((name) => name !== 'torget.lock');
    if (existing.length > 0 && !options.force) {
      throw new BackupError(`${dataDir} innehåller redan data (${existing.join(', ')}). Lägg till --force för att ersätta den med säkerhetskopian.`);
    }
    rmSync(pgDir(dataDir), { recursive: true, force: true });
    rmSync(secretsDir(dataDir), { recursive: true, force: true });
    const client = await openPglite(pgDir(dataDir), new Blob([new Uint8Array(tarball)]));
    try {
      await client.query('select 1');
    } finally {
      await client.close();
    }
    if (Object.keys(header.secrets).length > 0) {
      mkdirSync(secretsDir(dataDir), { recursive: true, mode: 0o700 });
      for (const [name, value] of Object.entries(header.secrets)) {
        const target = path.join(secretsDir(dataDir), path.basename(name));
        writeFileSync(target, Buffer.from(value, 'base64'), { mode: 0o600 });
        chmodSync(target, 0o600);
      }
    }
    return { file: path.resolve(file), bytes: header.bytes, createdAt: header.createdAt, secrets: Object.keys(header.secrets) };
  } finally {
    lock.release();
  }
}

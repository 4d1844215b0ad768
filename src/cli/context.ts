/**
 * What a CLI command works with: the configuration from the environment, the database
 * (migrated) and the services, opened once per command and always closed, plus the
 * actor the audit log names. Opening the embedded database takes its lock, so a
 * command refuses (DataDirLockedError) rather than share the folder with a server.
 */
import os from 'node:os';
import type { Actor } from '../platform/auth/roles.js';
import { loadConfig, type Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { Services } from '../services.js';

export interface CliContext {
  config: Config;
  database: Database;
  services: Services;
  actor: Actor;
}

/**
 * Operators with access to the server act as platform admins; the audit log records
 * them as `cli:<os user>` so a change made from a shell is still attributable.
 */
export function cliActor(): Actor {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    // A container user without a passwd entry has no name; its uid still identifies it.
    user = `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return { kind: 'cli', id: null, label: `cli:${user}`, grants: [{ role: 'platform-admin', cityId: null, businessId: null }], hasTwoFactor: false };
}

/** Opens the database named by the environment; the embedded one is locked as `torget <command>`. */
export async function openCliDatabase(command: string): Promise<{ config: Config; database: Database }> {
  const config = loadConfig();
  // Loaded on demand so `torget --help` does not pay for the database drivers.
  const { openDatabase } = await import('../platform/db/database.js');
  // An operator's command is batch work nobody's page waits on (a settlement run, a
  // ledger verification, an export): every statement may run as long as long work may.
  const db = config.database;
  const options =
    db.kind === 'postgres'
      ? { ...db, timeouts: { ...db.timeouts, statementMs: db.timeouts.longStatementMs, queryMs: db.timeouts.longStatementMs + (db.timeouts.queryMs - db.timeouts.statementMs) } }
      : db;
  const database = await openDatabase(options, { lockOwner: `torget ${command}` });
  return { config, database };
}

/**
 * Runs `fn` with migrated database and services, then closes both whatever happened.
 * Migrating first is what the server does on every start too: it is a no-op when the
 * schema is current, and a fresh data folder works without a separate step.
 */
export async function withServices<T>(command: string, fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const { config, database } = await openCliDatabase(command);
  let services: Services | undefined;
  let failed = false;
  try {
    await database.migrate();
    const [{ createServices }, { createLogger }] = await Promise.all([import('../services.js'), import('../platform/logger.js')]);
    // Logs are messages, so they go to stderr; at the default level only warnings show,
    // because JSON info lines would drown what the command itself says.
    const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
    services = await createServices(config, database, { log: createLogger(level, process.stderr) });
    return await fn({ config, database, services, actor: cliActor() });
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await closeAll(
      [() => services?.close(), () => database.close()],
      failed,
    );
  }
}

/** Closes in order; a close failure is reported only when nothing failed before it. */
async function closeAll(closers: Array<() => Promise<unknown> | undefined>, alreadyFailed: boolean): Promise<void> {
  let first: unknown;
  for (const close of closers) {
    try {
      await close();
    } catch (err) {
      first ??= err;
    }
  }
  if (first !== undefined && !alreadyFailed) throw first;
}

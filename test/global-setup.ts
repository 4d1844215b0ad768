/**
 * Runs once before the test workers. When TEST_DATABASE_URL points at a PostgreSQL
 * server, a fresh database is created there for this run (so runs never disturb each
 * other or leave data behind), migrated, handed to the workers, and dropped at the
 * end. Without it the PostgreSQL runs are skipped, and the output says so.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    process.stdout.write('\n[torget] TEST_DATABASE_URL is not set: database tests run on embedded PGlite only; the PostgreSQL runs are skipped.\n\n');
    project.provide('postgresUrl', null);
    return async () => {};
  }
  const name = `torget_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const runUrl = new URL(url);
  runUrl.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: runUrl.toString(), poolSize: 2 });
  await db.migrate();
  await db.close();
  project.provide('postgresUrl', runUrl.toString());
  process.stdout.write(`\n[torget] Database tests run on PGlite and on PostgreSQL (${runUrl.host}, database ${name}).\n\n`);
  return async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}

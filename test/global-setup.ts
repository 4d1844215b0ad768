/**
 * Runs once before the test workers: resets the PostgreSQL test database (when
 * TEST_DATABASE_URL is set) and migrates it, so workers only connect. Without it the
 * PostgreSQL runs are skipped, and the output says so.
 */
import pg from 'pg';
import { openDatabase } from '../src/platform/db/database.js';

export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    process.stdout.write('\n[torget] TEST_DATABASE_URL is not set: database tests run on embedded PGlite only; PostgreSQL runs are skipped.\n\n');
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema if exists public cascade');
    await client.query('drop schema if exists drizzle cascade');
    await client.query('create schema public');
  } finally {
    await client.end();
  }
  const db = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  await db.migrate();
  await db.close();
  process.stdout.write(`\n[torget] Database tests run on PGlite and on PostgreSQL (${new URL(url).host}${new URL(url).pathname}).\n\n`);
}

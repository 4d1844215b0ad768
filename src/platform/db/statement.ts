/**
 * A hand-written statement for the hottest paths, run by name: on PostgreSQL it is
 * parsed and planned once per pooled connection, then only executed (what drizzle's
 * `.prepare()` does for a query built with it). PGlite runs it as it comes. Rows come
 * back as the driver gives them: bigint may be a string, so convert with Number().
 */
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from './database.js';

export type NamedStatement<Row> = (values: unknown[]) => Promise<Row[]>;

export function namedStatement<Row>(db: Db, name: string, text: string): NamedStatement<Row> {
  const client = (db as unknown as { $client: pg.Pool | PGlite }).$client;
  if (client instanceof pg.Pool) return async (values) => (await client.query<Row & pg.QueryResultRow>({ name, text, values })).rows;
  return async (values) => (await client.query<Row>(text, values)).rows;
}

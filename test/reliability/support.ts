/**
 * Shared pieces of the reliability suite: the real `torget` command and server as
 * child processes, a seeded city with a merchant key and cards, and the figures each
 * scenario records for docs/reliability.md (see report.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { systemActor } from '../../src/platform/auth/roles.js';
import type { Services } from '../../src/services.js';
import { repoRoot } from '../e2e/server.js';
import { apiKeyFor, insertBusiness, insertCity } from '../factories/index.js';

export { repoRoot };

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The runner's environment without anything that would point a child elsewhere. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_|TORGET_|REDIS_URL|SMTP_URL|PUBLIC_URL|PORT$|TEST_)/.test(key)) delete env[key];
  }
  return { ...env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
}

/** Runs `torget …` as an operator would (bin/torget.js). */
export function torget(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'bin', 'torget.js'), ...args], { cwd: repoRoot, env: { ...cleanEnv(), ...env }, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Creates a fresh PostgreSQL database next to TEST_DATABASE_URL's; returns its URL and a dropper. */
export async function freshPostgresDatabase(baseUrl: string, label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `torget_rel_${label}_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Prints why a scenario did not run, so a skipped run is never mistaken for a pass. */
export function skipReason(scenario: string, needs: string): string {
  const reason = `[reliability] ${scenario}: skipped, ${needs} is not set.`;
  process.stdout.write(`\n${reason}\n`);
  return reason;
}

/** Where each scenario leaves its figures; report.ts turns them into docs/reliability.md. */
export const resultsDir = path.join(repoRoot, 'test', 'reliability', 'results');

/** Records a scenario's figures (one JSON file per scenario, replaced on each run). */
export function record(scenario: string, figures: Record<string, unknown>): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${scenario}.json`), JSON.stringify({ scenario, at: new Date().toISOString(), long: process.env.RELIABILITY_LONG === '1', ...figures }, null, 2) + '\n');
}

export interface Till {
  citySlug: string;
  cityId: string;
  businessId: string;
  /** A merchant-owner API key of the business. */
  key: string;
  cards: Array<{ id: string; code: string; balanceOre: number }>;
}

/** A city, a shop with a merchant key, and `count` active cards of `amountOre` each. */
export async function seedTill(services: Services, count: number, amountOre: number): Promise<Till> {
  const city = await insertCity(services);
  await services.giftcards.products.ensureDefaults(city.id);
  const shop = await insertBusiness(services, city, { category: 'mode' });
  const key = await apiKeyFor(services, city, 'merchant-owner', shop.id);
  const cards = await services.giftcards.issuePromotional(systemActor, city.id, { amountOre, count });
  return { citySlug: city.slug, cityId: city.id, businessId: shop.id, key, cards: cards.map((c) => ({ id: c.id, code: c.code, balanceOre: c.balanceOre })) };
}

/**
 * `torget serve`: open the database, migrate, seed the demo city on first start,
 * start the job runner and serve HTTP. Ready in seconds on a restart.
 */
import { serve } from '@hono/node-server';
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { createLogger } from './platform/logger.js';
import { createServices } from './services.js';
import { createApp } from './app.js';
import { seedDemo, demoLoginHelp } from './demo/seed.js';

export async function startServer(config: Config = loadConfig(), progress: (line: string) => void = (l) => process.stderr.write(l + '\n')) {
  const started = performance.now();
  const log = createLogger(config.logLevel);
  progress(config.database.kind === 'pglite' ? `Öppnar den inbyggda databasen i ${config.database.dataDir} …` : 'Ansluter till PostgreSQL …');
  const database = await openDatabase(config.database, { lockOwner: `torget serve (port ${config.port})` });
  progress('Kör databasmigreringar …');
  await database.migrate();
  const services = await createServices(config, database, { log });
  if (config.seedDemo && (await services.cities.list()).length === 0) {
    progress('Första start: skapar demostaden Demoköping …');
    await seedDemo(services, { progress: (step) => progress(`  ${step}`) });
  }
  const { fetch } = createApp(services);
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    // A taken port must not leave the database open (and its folder locked).
    await services.close();
    await database.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`Port ${config.port} används redan av ett annat program. Välj en annan med PORT=…`);
    throw err;
  }
  if (config.runJobs) services.jobs.start();
  const port = (server.address() as AddressInfo).port;
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  progress(`\nTorget är igång på ${url} (klart på ${seconds} s)`);
  if (config.seedDemo) progress(demoLoginHelp(url, services.outbox.transportKind === 'dev'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Open event streams would keep server.close() waiting for their clients: end them first.
    services.liveHub.close();
    await new Promise<void>((r) => server.close(() => r()));
    await services.close();
    await database.close();
  };
  return { server, port, url, services, stop };
}

/**
 * `torget serve` with TORGET_WORKERS above 1 (PostgreSQL only): this process migrates
 * and seeds once, then starts that many server processes on the same port; node:cluster
 * hands each new connection to one of them, so a machine's cores all serve. They share
 * nothing but the database (and Redis when set), as separate machines would. A server
 * that dies is replaced; one that dies before it ever listened stops the lot.
 */
export async function startCluster(config: Config = loadConfig(), progress: (line: string) => void = (l) => process.stderr.write(l + '\n')) {
  const database = await openDatabase(config.database);
  try {
    progress('Kör databasmigreringar …');
    await database.migrate();
    const services = await createServices(config, database, { log: createLogger(config.logLevel) });
    if (config.seedDemo && (await services.cities.list()).length === 0) {
      progress('Första start: skapar demostaden Demoköping …');
      await seedDemo(services, { progress: (step) => progress(`  ${step}`) });
    }
    await services.close();
  } finally {
    await database.close();
  }

  let stopping = false;
  const listening = new Set<number>();
  let failed: (err: Error) => void = () => {};
  const started = new Promise<void>((resolve, reject) => {
    failed = reject;
    cluster.on('listening', (worker) => {
      listening.add(worker.id);
      if (listening.size === config.workers) resolve();
    });
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (!listening.has(worker.id)) {
      failed(new Error(`en serverprocess avslutades innan den startade (${signal ?? `kod ${code}`})`));
      return;
    }
    progress(`Serverprocess ${worker.process.pid} avslutades (${signal ?? `kod ${code}`}); startar en ny.`);
    cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  const stop = async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.process.kill('SIGTERM');
    })));
  };
  try {
    await started;
  } catch (err) {
    await stop();
    throw err;
  }
  progress(`${config.workers} serverprocesser delar port ${config.port}.`);
  return { stop };
}

/**
 * A real Torget server in a child process, as `npm start` runs it: a free port, a fresh
 * data directory (so the demo city is seeded), no DATABASE_URL/REDIS_URL/SMTP_URL, and
 * ready when GET /readyz answers 200. Used by the browser journeys and by bench/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 5_000;

export interface TestServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Everything the server printed so far (for failure messages). */
  output: () => string;
  /** The server process's id (the benchmarks read its memory). */
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period; removes the data directory. */
  stop: () => Promise<void>;
}

/** Asks the OS for a free port. Racy in theory (another process may take it), fine for tests. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The newcomer's environment: none of the infrastructure variables, our port and data dir. */
function newcomerEnv(port: number, dataDir: string, overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'PUBLIC_URL', 'TORGET_DEMO', 'TORGET_JOBS', 'LOG_LEVEL']) delete env[name];
  return {
    ...env,
    // Vitest sets NODE_ENV=test; the server must behave as `npm start` does (dev mailbox).
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    // Magic links in the dev mailbox are built from this, so they must point at our port.
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TORGET_DATA_DIR: dataDir,
    ...overrides,
  };
}

/** Starts `torget serve` and resolves once /readyz is 200; `env` overrides the newcomer defaults. */
export async function startTorget(env: Record<string, string> = {}, options: { readyTimeoutMs?: number; nodeArgs?: string[] } = {}): Promise<TestServer> {
  const port = await findFreePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'torget-e2e-'));
  // Exactly what `npm start` runs.
  // `nodeArgs`: flags for the server's Node only (the live benchmark's `--cpu-prof`, which NODE_OPTIONS refuses).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), 'serve'], {
    cwd: repoRoot,
    env: newcomerEnv(port, dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // If the runner dies, do not leave a server holding the port and the data directory lock.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(url, child, () => output, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, output: () => output, pid: child.pid!, stop };
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`torget serve exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`torget serve was not ready on ${url}/readyz within ${timeoutMs / 1000} s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

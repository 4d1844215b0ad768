/**
 * `npm run bench [-- name…]`: runs every bench/*.bench.ts (or those named), one after
 * the other, and writes each result to bench/results/<name>-<timestamp>.json and
 * bench/results/<name>-latest.json. A bench module exports `run(): Promise<object>` and,
 * optionally, `summarize(result): string[]` for the lines printed here.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run: () => Promise<object>;
  summarize?: (result: never) => string[];
}

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, 'results');

/** Where and on what the numbers were taken; they mean little without it. */
function describeMachine() {
  const cpus = os.cpus();
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not a git checkout; the numbers are still useful.
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    /** Other work on the machine skews the numbers; compare runs with similar load only. */
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    commit,
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = (await readdir(benchDir))
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .filter((n) => wanted.length === 0 || wanted.includes(n))
    .sort();
  if (names.length === 0) throw new Error(`No benchmark matches ${wanted.join(', ')} in ${benchDir}`);
  await mkdir(resultsDir, { recursive: true });

  for (const name of names) {
    process.stdout.write(`\n▶ ${name}\n`);
    const mod = (await import(pathToFileURL(path.join(benchDir, `${name}.bench.ts`)).href)) as BenchModule;
    // Taken before the run, so the load average is the machine's, not the benchmark's.
    const machine = describeMachine();
    const started = performance.now();
    const result = await mod.run();
    const record = { bench: name, machine, seconds: Math.round(performance.now() - started) / 1000, result };
    const json = JSON.stringify(record, null, 2) + '\n';
    // Colons are not allowed in file names everywhere: 2026-05-01T10-30-00Z.
    const stamp = record.machine.date.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
    const file = path.join(resultsDir, `${name}-${stamp}.json`);
    await writeFile(file, json);
    await writeFile(path.join(resultsDir, `${name}-latest.json`), json);
    for (const line of mod.summarize?.(result as never) ?? [JSON.stringify(result)]) process.stdout.write(`  ${line}\n`);
    process.stdout.write(`  (${record.seconds} s; ${path.relative(process.cwd(), file)})\n`);
  }
  const m = describeMachine();
  process.stdout.write(`\nNode ${m.node} on ${m.cpuModel} × ${m.cpuCount}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});

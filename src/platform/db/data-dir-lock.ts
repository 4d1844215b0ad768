/**
 * An exclusive lock on the embedded database folder. PGlite has no server and no
 * locking of its own: two processes writing one folder would corrupt it. The lock file
 * names the owner so a refused process can say who holds the folder.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export interface LockHolder {
  pid: number;
  owner: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holder: LockHolder,
  ) {
    super(
      `Den inbyggda databasen i ${dataDir} används av ${holder.owner} (process ${holder.pid}, sedan ${holder.since}). ` +
        'Bara en process i taget kan öppna den: stoppa den processen först, eller kör Torget på PostgreSQL (DATABASE_URL) för att använda kommandoraden bredvid en server som är igång.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path.join(dataDir, 'torget.lock'), 'utf8')) as LockHolder;
    return isAlive(holder.pid) ? holder : null;
  } catch {
    return null;
  }
}

export function acquireDataDirLock(dataDir: string, owner: string): DataDirLock {
  const file = path.join(dataDir, 'torget.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, owner, since: new Date().toISOString() } satisfies LockHolder));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLockHolder(dataDir);
      if (holder) throw new DataDirLockedError(dataDir, holder);
      // The holder died without cleaning up (kill -9, power loss): the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

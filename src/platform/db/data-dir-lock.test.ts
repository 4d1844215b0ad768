import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.js';

describe('data directory lock', () => {
  it('lets one holder in and tells the second who holds it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'torget-lock-'));
    const lock = acquireDataDirLock(dir, 'torget serve (port 3000)');
    expect(() => acquireDataDirLock(dir, 'torget cli')).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir, 'torget cli')).toThrow(/torget serve \(port 3000\)/);
    lock.release();
    acquireDataDirLock(dir, 'torget cli').release();
  });

  it('takes over a lock whose holder died', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'torget-lock-'));
    writeFileSync(path.join(dir, 'torget.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, owner: 'dead', since: '2026-01-01' }));
    const lock = acquireDataDirLock(dir, 'new');
    expect(JSON.parse(readFileSync(path.join(dir, 'torget.lock'), 'utf8')).owner).toBe('new');
    lock.release();
  });
});

/**
 * Keys that must live outside the database. Production passes them in the
 * environment; a laptop gets one generated once into the data folder (mode 0600),
 * so `npm start` needs no configuration and a restart keeps the same key.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function loadOrCreateKey(dir: string, name: string, bytes = 32): Buffer {
  const file = path.join(dir, `${name}.key`);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== bytes) throw new Error(`${file} does not hold a ${bytes}-byte key`);
    return key;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(bytes);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

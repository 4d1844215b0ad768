/** `torget backup FILE` and `torget restore FILE`: the embedded database in one file. */
import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.js';
import { CliError, say } from '../output.js';

const onPostgres =
  'Torget kör på PostgreSQL (DATABASE_URL): säkerhetskopiera med pg_dump -Fc och återställ med pg_restore (se docs/operations.md).';

/** A backup failure the operator can fix becomes the CLI's one-line reason. */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  const { BackupError } = await import('../../platform/db/backup.js');
  try {
    return await work();
  } catch (err) {
    if (err instanceof BackupError) throw new CliError(err.message);
    throw err;
  }
}

function embeddedDataDir(): string {
  const config = loadConfig();
  if (config.database.kind !== 'pglite' || !config.database.dataDir) throw new CliError(onPostgres);
  return config.database.dataDir;
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('säkerhetskopiera den inbyggda databasen (och dess nycklar) till en fil')
    .argument('<file>', 'filen att skriva (skrivs bara läsbar för dig: den innehåller nycklar)')
    .addHelpText('after', '\nStoppa servern först: den inbyggda databasen kan bara öppnas av en process åt gången.')
    .action(async (file: string) => {
      const dataDir = embeddedDataDir();
      const { backupEmbedded } = await import('../../platform/db/backup.js');
      say(`Säkerhetskopierar ${dataDir} …`);
      const result = await asCliError(() => backupEmbedded(dataDir, file));
      say(`Klart: ${result.file} (${Math.ceil(result.bytes / 1024)} kB${result.secrets.length ? `, med nycklarna ${result.secrets.join(', ')}` : ''}).`);
    });

  program
    .command('restore')
    .description('återställ den inbyggda databasen från en fil som torget backup skrev')
    .argument('<file>', 'säkerhetskopian')
    .option('--force', 'ersätt data som redan finns i datamappen')
    .addHelpText('after', '\nVägrar medan en server använder datamappen. Kör sedan torget ledger verify.')
    .action(async (file: string, opts: { force?: boolean }) => {
      const dataDir = embeddedDataDir();
      const { restoreEmbedded } = await import('../../platform/db/backup.js');
      say(`Återställer ${file} till ${dataDir} …`);
      const result = await asCliError(() => restoreEmbedded(file, dataDir, { force: opts.force === true }));
      say(`Klart: säkerhetskopian från ${result.createdAt} är återställd. Kontrollera med: torget ledger verify`);
    });
}

/** `torget db …`: the database schema. */
import type { Command } from 'commander';
import { openCliDatabase } from '../context.js';
import { say } from '../output.js';

export function registerDb(db: Command): void {
  db.description('databasen');

  db.command('migrate')
    .description('kör de migreringar som inte har körts (säkert att köra flera gånger)')
    .action(async () => {
      const { config, database } = await openCliDatabase('db migrate');
      try {
        say(config.database.kind === 'pglite' ? `Den inbyggda databasen i ${config.database.dataDir} …` : 'PostgreSQL …');
        await database.migrate();
      } finally {
        await database.close();
      }
      say('Databasen är uppdaterad.');
    });
}

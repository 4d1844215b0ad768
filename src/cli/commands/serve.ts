/** `torget serve`: the web server, until SIGINT or SIGTERM stops it cleanly. */
import type { Command } from 'commander';
import { say } from '../output.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('starta webbservern (migrerar databasen och skapar Demoköping vid första starten)')
    .addHelpText('after', '\nInställningar kommer från miljön, t.ex. PORT=3000, PUBLIC_URL, DATABASE_URL, TORGET_DATA_DIR, TORGET_WORKERS.')
    .action(async () => {
      const cluster = (await import('node:cluster')).default;
      const { loadConfig } = await import('../../platform/config.js');
      const { startCluster, startServer } = await import('../../main.js');
      // TORGET_WORKERS above 1: this process only starts and watches the servers.
      const { stop } = loadConfig().workers > 1 && cluster.isPrimary ? await startCluster() : await startServer();
      await new Promise<void>((resolve, reject) => {
        let stopping = false;
        const onSignal = (signal: NodeJS.Signals) => {
          if (stopping) {
            // A second Ctrl-C means "now": the data folder's lock is released on exit.
            say('Avslutar direkt.');
            process.exit(130);
          }
          stopping = true;
          say(`\n${signal}: stänger Torget …`);
          stop().then(resolve, reject);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      say('Torget är stängt.');
    });
}

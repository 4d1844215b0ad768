/** `torget jobs …`: the queued and scheduled work a server otherwise runs by itself. */
import type { Command } from 'commander';
import { withServices } from '../context.js';
import { printJson, say } from '../output.js';

export function registerJobs(jobs: Command): void {
  jobs.description('köade och schemalagda jobb');

  jobs
    .command('run')
    .description('kör alla jobb som är på tur en gång (t.ex. skicka köad e-post) och avsluta')
    .option('--json', 'skriv antalet körda jobb som JSON på stdout')
    .action(async (opts: { json?: boolean }) => {
      await withServices('jobs run', async ({ services }) => {
        const ran = await services.jobs.drain();
        if (opts.json) printJson({ ran });
        say(ran === 1 ? '1 jobb kördes.' : `${ran} jobb kördes.`);
      });
    });
}

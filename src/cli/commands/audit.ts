/** `torget audit list`: who changed what in a city, newest first. */
import type { Command } from 'commander';
import { withServices } from '../context.js';
import { requireCity } from '../lookup.js';
import { formatTime, printJson, printTable, say } from '../output.js';
import { positiveInt } from '../parse.js';

export function registerAudit(audit: Command): void {
  audit.description('granskningsloggen: vem ändrade vad, när');

  audit
    .command('list')
    .description('lista en stads senaste händelser, nyast först')
    .requiredOption('--city <slug>', 'staden')
    .option('--limit <n>', 'hur många (1–500)', positiveInt(500), 50)
    .option('--before <id>', 'bara händelser före detta id (för att bläddra bakåt)', positiveInt(Number.MAX_SAFE_INTEGER))
    .option('--json', 'skriv händelserna som en JSON-array på stdout')
    .action(async (opts: { city: string; limit: number; before?: number; json?: boolean }) => {
      await withServices('audit list', async ({ services }) => {
        const city = await requireCity(services, opts.city);
        const entries = await services.audit.list(city.id, { limit: opts.limit, ...(opts.before ? { before: opts.before } : {}) });
        if (opts.json) return printJson(entries);
        if (entries.length === 0) return say(`Inga händelser i ${city.name}.`);
        printTable(
          ['ID', 'TID', 'VEM', 'HÄNDELSE', 'OBJEKT', 'DATA'],
          entries.map((e) => [
            String(e.id),
            formatTime(e.createdAt),
            e.actor,
            e.action,
            e.entityId ? `${e.entityType}:${e.entityId}` : e.entityType,
            e.data && Object.keys(e.data).length > 0 ? JSON.stringify(e.data) : '',
          ]),
        );
      });
    });
}

/** `torget city …`: the tenants, one association running one town centre each. */
import type { Command } from 'commander';
import type { City } from '../../modules/cities/index.js';
import { withServices } from '../context.js';
import { formatTime, printJson, printTable, say } from '../output.js';

interface CreateOptions {
  slug: string;
  name: string;
  association?: string;
  orgNumber?: string;
  email?: string;
  json?: boolean;
}

const cityJson = (c: City) => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  associationName: c.associationName,
  orgNumber: c.orgNumber,
  email: c.email,
  phone: c.phone,
  website: c.website,
  domains: c.domains,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export function registerCity(city: Command): void {
  city.description('städer: en centrumförening och dess stadskärna');

  city
    .command('create')
    .description('skapa en stad')
    .requiredOption('--slug <slug>', 'adressen i webbadressen, t.ex. vaxjo (a–z, 0–9 och bindestreck)')
    .requiredOption('--name <name>', 'stadens namn, t.ex. Växjö')
    .option('--association <name>', 'föreningens namn (standard: "Centrumföreningen i <namn>")')
    .option('--org-number <number>', 'föreningens organisationsnummer')
    .option('--email <email>', 'föreningens e-postadress')
    .option('--json', 'skriv staden som JSON på stdout')
    .action(async (opts: CreateOptions) => {
      await withServices('city create', async ({ services, actor, config }) => {
        const created = await services.cities.create(actor, {
          slug: opts.slug,
          name: opts.name,
          associationName: opts.association ?? `Centrumföreningen i ${opts.name}`,
          ...(opts.orgNumber ? { orgNumber: opts.orgNumber } : {}),
          ...(opts.email ? { email: opts.email } : {}),
        });
        if (opts.json) printJson(cityJson(created));
        say(`Staden ${created.name} är skapad: ${config.publicUrl}/${created.slug}`);
      });
    });

  city
    .command('list')
    .description('lista städerna på den här instansen')
    .option('--json', 'skriv städerna som en JSON-array på stdout')
    .action(async (opts: { json?: boolean }) => {
      await withServices('city list', async ({ services }) => {
        const cities = await services.cities.list();
        if (opts.json) return printJson(cities.map(cityJson));
        if (cities.length === 0) return say('Inga städer ännu (skapa en med torget city create).');
        printTable(
          ['SLUG', 'NAMN', 'FÖRENING', 'SKAPAD'],
          cities.map((c) => [c.slug, c.name, c.associationName, formatTime(c.createdAt)]),
        );
      });
    });
}

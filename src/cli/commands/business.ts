/** `torget business …`: a city's member businesses: list, search and import from CSV. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Business } from '../../modules/members/index.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import { withServices } from '../context.js';
import { requireCity } from '../lookup.js';
import { CliError, printJson, printTable, say } from '../output.js';

interface ListOptions {
  city: string;
  q?: string;
  category?: string;
  archived?: boolean;
  json?: boolean;
}

/** Search columns are derived data, not part of what a business is. */
const businessJson = ({ searchText: _searchText, sortKey: _sortKey, ...b }: Business) => b;

/** "/rows/3/name" → "rad 3, name": rows count from 1, the first line under the header. */
function describeImportError(e: FieldError): string {
  const row = /^\/rows\/(\d+)(?:\/(.+))?$/.exec(e.path);
  if (row) return `rad ${row[1]}${row[2] ? `, ${row[2].replace(/\//g, '.')}` : ''}: ${e.message}`;
  const header = /^\/header(?:\/(\d+))?$/.exec(e.path);
  if (header) return `rubrikraden${header[1] ? `, kolumn ${header[1]}` : ''}: ${e.message}`;
  return e.path && e.path !== '/file' ? `${e.path}: ${e.message}` : e.message;
}

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `Filen ${file} finns inte.` : `Kunde inte läsa ${file}: ${(err as Error).message}`);
  }
}

export function registerBusiness(business: Command): void {
  business.description('medlemsföretag: lista, sök och importera');

  business
    .command('list')
    .description('lista (och sök bland) en stads företag, i svensk ordning')
    .requiredOption('--city <slug>', 'staden')
    .option('--q <text>', 'sök på namn, kategori, taggar, adress …')
    .option('--category <slug>', 'bara en kategori (se torget business categories)')
    .option('--archived', 'ta med arkiverade företag')
    .option('--json', 'skriv företagen som en JSON-array på stdout')
    .action(async (opts: ListOptions) => {
      const { categorySlugs } = await import('../../modules/members/index.js');
      if (opts.category && !(categorySlugs as string[]).includes(opts.category)) {
        throw new CliError(`Okänd kategori ”${opts.category}” (se torget business categories).`);
      }
      await withServices('business list', async ({ services }) => {
        const city = await requireCity(services, opts.city);
        const all: Business[] = [];
        let cursor: string | null = null;
        do {
          const page = await services.members.list(city.id, {
            ...(opts.q ? { q: opts.q } : {}),
            ...(opts.category ? { category: [opts.category] } : {}),
            includeArchived: !!opts.archived,
            limit: 500,
            cursor,
          });
          all.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        if (opts.json) return printJson(all.map(businessJson));
        if (all.length === 0) return say(opts.q || opts.category ? 'Inga företag matchar.' : `${city.name} har inga företag ännu.`);
        printTable(
          ['SLUG', 'NAMN', 'KATEGORI', 'MEDLEM'],
          all.map((b) => [b.slug, b.name + (b.archivedAt ? ' (arkiverad)' : ''), b.category, b.isMember ? 'ja' : 'nej']),
        );
      });
    });

  business
    .command('import')
    .description('importera företag från en CSV-fil: alla rader eller ingen')
    .requiredOption('--city <slug>', 'staden')
    .argument('<file>', 'CSV-filen (semikolon eller komma; "-" läser stdin)')
    .option('--json', 'skriv de nya företagens adresser (slugs) som JSON på stdout')
    .addHelpText('after', '\nRubrikrad (svenska eller engelska), t.ex.:\n  namn;kategori;organisationsnummer;gatuadress;postnummer;ort;telefon;e-post;webb;beskrivning;medlem;tjänster;latitud;longitud')
    .action(async (file: string, opts: { city: string; json?: boolean }) => {
      const csv = await readInput(file);
      await withServices('business import', async ({ services, actor }) => {
        const city = await requireCity(services, opts.city);
        try {
          const result = await services.members.importCsv(actor, city.id, csv);
          if (opts.json) printJson(result);
          say(`${result.created} företag importerade till ${city.name}.`);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'members.import_failed') {
            for (const e of err.extra.errors ?? []) say(`  ${describeImportError(e)}`);
            throw new CliError(err.message);
          }
          throw err;
        }
      });
    });

  business
    .command('categories')
    .description('lista kategorierna (slug och namn)')
    .option('--json', 'skriv kategorierna som JSON på stdout')
    .action(async (opts: { json?: boolean }) => {
      const { categories } = await import('../../modules/members/index.js');
      const rows = Object.entries(categories).map(([slug, c]) => ({ slug, group: c.group, sv: c.sv, en: c.en }));
      if (opts.json) return printJson(rows);
      printTable(['SLUG', 'GRUPP', 'NAMN'], rows.map((r) => [r.slug, r.group, r.sv]));
    });
}

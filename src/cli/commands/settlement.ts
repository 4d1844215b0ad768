/** `torget settlement …`: settlement runs that pay the businesses what their customers redeemed. */
import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { accountingSie, accountMappingOf, debtorOf, type RunWithLines } from '../../modules/settlement/index.js';
import { isValidDate } from '../../platform/time/zoned.js';
import { withServices } from '../context.js';
import { requireCity } from '../lookup.js';
import { printJson, printTable, say } from '../output.js';

function isoDate(value: string): string {
  if (!isValidDate(value)) throw new InvalidArgumentError('Ange ett datum som 2026-11-30.');
  return value;
}

/** The run as scripts read it (`--json`); `business` is the business's slug. */
export function runJson(run: RunWithLines) {
  return {
    id: run.id,
    from: run.from,
    until: run.until,
    status: run.status,
    lines: run.lines.map((l) => ({ business: l.business, redeemedOre: l.redeemedOre, reversedOre: l.reversedOre, feeOre: l.feeOre, feeVatOre: l.feeVatOre, payoutOre: l.payoutOre })),
  };
}

export function registerSettlement(settlement: Command): void {
  settlement.description('avräkning: utbetalning till företagen av det som lösts in med presentkortet');
  registerExport(settlement);

  settlement
    .command('run')
    .description('räkna fram en avräkning (ett utkast som ersätter stadens förra utkast); --approve godkänner den direkt')
    .requiredOption('--city <slug>', 'staden')
    .option('--from <YYYY-MM-DD>', 'första dagen (inklusive, svensk tid); utan den: allt som ingen godkänd avräkning har tagit', isoDate)
    .requiredOption('--until <YYYY-MM-DD>', 'sista dagen (inklusive, svensk tid)', isoDate)
    .option('--approve', 'godkänn avräkningen och för över pengarna i huvudboken (granskningsloggen visar att det gjordes från kommandoraden)')
    .option('--json', 'skriv avräkningen som JSON på stdout')
    .addHelpText('after', '\nExempel:\n  torget settlement run --city demo --from 2026-11-01 --until 2026-11-30 --json\n  torget settlement run --city demo --until 2026-11-30 --approve')
    .action(async (opts: { city: string; from?: string; until: string; approve?: boolean; json?: boolean }) => {
      await withServices('settlement run', async ({ services, actor }) => {
        const city = await requireCity(services, opts.city);
        let run = await services.settlement.createRun(actor, city.id, { ...(opts.from ? { from: opts.from } : {}), until: opts.until });
        if (opts.approve) run = await services.settlement.approve(actor, city.id, run.id, { method: 'cli' });
        if (opts.json) printJson(runJson(run));
        else
          printTable(
            ['företag', 'inlöst', 'ångrat', 'avgift', 'moms', 'utbetalning', 'överfört'],
            run.lines.map((l) => [l.business, String(l.redeemedOre), String(l.reversedOre), String(l.feeOre), String(l.feeVatOre), String(l.payoutOre), String(l.carriedOutOre)]),
          );
        const period = run.from ? `${run.from}–${run.until}` : `t.o.m. ${run.until}`;
        say(`Avräkning ${run.number} för ${city.name}, ${period}: ${run.lines.length} företag, ${run.totals.payoutOre} öre att betala ut. ${run.status === 'approved' ? 'Godkänd.' : 'Utkast: godkänn med --approve eller på webben.'}`);
      });
    });
}

/** `torget settlement export`: the payout file of an approved run (pain.001 XML or CSV) on stdout or to a file. */
function registerExport(settlement: Command): void {
  settlement
    .command('export')
    .description('utbetalningsfilen för en godkänd avräkning: pain.001 (till banken) eller CSV')
    .requiredOption('--run <id>', 'avräkningens id')
    .option('--format <format>', 'pain001 eller csv', 'pain001')
    .option('--pain-version <version>', 'pain.001-version: 03 eller 09', '03')
    .option('--out <fil>', 'skriv filen här i stället för till stdout')
    .action(async (opts: { run: string; format: string; painVersion: string; out?: string }) => {
      if (opts.format !== 'pain001' && opts.format !== 'csv') throw new InvalidArgumentError('--format är pain001 eller csv.');
      if (opts.painVersion !== '03' && opts.painVersion !== '09') throw new InvalidArgumentError('--pain-version är 03 eller 09.');
      await withServices('settlement export', async ({ services, actor }) => {
        const cityId = await services.settlement.cityOfRun(opts.run);
        const city = cityId ? await services.cities.getById(cityId) : null;
        if (!city) throw new InvalidArgumentError(`Ingen avräkning med id ${opts.run}.`);
        const debtor = debtorOf(city);
        if (!debtor) throw new InvalidArgumentError(`${city.name} saknar organisationsnummer eller klientmedelskonto (bankgiro); lägg in dem först.`);
        const file = await services.settlement.exportPain001(actor, city.id, opts.run, { debtor, version: opts.painVersion === '09' ? '001.001.09' : '001.001.03' });
        const text = opts.format === 'csv' ? file.csv : file.xml;
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
        say(`Utbetalningsfil för avräkning ${file.number} i ${city.name}: ${file.payments} betalningar, ${file.totalOre} öre${opts.out ? `: ${opts.out}` : ''}.`);
      });
    });
}

/** `torget accounting sie`: the bookkeeping file for a period (binary CP437 on stdout unless --out). */
export function registerAccounting(accounting: Command): void {
  accounting.description('bokföring');
  accounting
    .command('sie')
    .description('SIE 4-fil med sammandragna verifikationer per dag: försäljning, sponsorandelar, inlösen per företag, avgifter, utbetalningar, sponsorers betalningar, förfallet värde')
    .requiredOption('--city <slug>', 'staden')
    .requiredOption('--from <datum>', 'första dagen (YYYY-MM-DD, svensk tid)', isoDate)
    .requiredOption('--until <datum>', 'sista dagen (YYYY-MM-DD, svensk tid)', isoDate)
    .option('--out <fil>', 'skriv filen här i stället för till stdout')
    .action(async (opts: { city: string; from: string; until: string; out?: string }) => {
      if (opts.from > opts.until) throw new InvalidArgumentError('--from måste komma före --until.');
      if (opts.from.slice(0, 4) !== opts.until.slice(0, 4)) throw new InvalidArgumentError('En SIE-fil gäller ett räkenskapsår: välj datum inom samma år.');
      await withServices('accounting sie', async ({ services, actor }) => {
        const city = await requireCity(services, opts.city);
        if (!city.orgNumber) throw new InvalidArgumentError(`${city.name} saknar organisationsnummer; lägg in det först.`);
        const names = new Map<string, string>();
        for (let cursor: string | null = null, i = 0; i < 100; i++) {
          const page = await services.members.list(city.id, { includeArchived: true, limit: 500, cursor });
          for (const b of page.items) names.set(b.id, b.name);
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        // Each sponsor's receivable is named by sponsor and campaign (one sponsor may fund several).
        const sponsors = new Map((await services.campaigns.list(actor, city.id)).map((c) => [c.id, `${c.sponsorName} (${c.name})`]));
        const file = await accountingSie(services, {
          cityId: city.id,
          company: { name: city.associationName, orgNumber: city.orgNumber },
          from: opts.from,
          until: opts.until,
          accounts: accountMappingOf(city),
          generatedAt: services.clock.now(),
          businessName: (id) => names.get(id) ?? id,
          sponsorName: (id) => sponsors.get(id) ?? id,
          programVersion: '0.1.0',
        });
        if (opts.out) writeFileSync(opts.out, file);
        else process.stdout.write(file);
        say(`SIE-fil för ${city.name}, ${opts.from}–${opts.until}${opts.out ? `: ${opts.out}` : ''}.`);
      });
    });
}

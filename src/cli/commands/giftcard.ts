/** `torget giftcard …` and `torget ledger …`: cards issued by the association, and the ledger check. */
import type { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildExitExport, exitCsv, formatCode } from '../../modules/giftcards/index.js';
import { withServices } from '../context.js';
import { requireCity } from '../lookup.js';
import { CliError, printJson, printTable, say } from '../output.js';
import { positiveInt } from '../parse.js';

export function registerGiftcard(giftcard: Command): void {
  giftcard.description('presentkort');

  giftcard
    .command('issue')
    .description('ge ut aktiva kort som föreningen betalar (kampanjer, utlottningar, tester)')
    .requiredOption('--city <slug>', 'staden')
    .requiredOption('--amount-ore <öre>', 'kortens värde i öre (50000 = 500 kr)', positiveInt(100_000_000))
    .option('--count <n>', 'antal kort', positiveInt(5000), 1)
    .option('--product <slug>', 'produkten', 'presentkort')
    .option('--json', 'skriv korten som en JSON-array på stdout')
    .addHelpText('after', '\nExempel:\n  torget giftcard issue --city demo --amount-ore 50000 --count 10 --json')
    .action(async (opts: { city: string; amountOre: number; count: number; product: string; json?: boolean }) => {
      await withServices('giftcard issue', async ({ services, actor }) => {
        const city = await requireCity(services, opts.city);
        await services.giftcards.products.ensureDefaults(city.id);
        const cards = await services.giftcards.issuePromotional(actor, city.id, { productSlug: opts.product, amountOre: opts.amountOre, count: opts.count });
        if (opts.json) printJson(cards.map((c) => ({ code: formatCode(c.code), balanceOre: c.balanceOre, expiresAt: c.expiresAt.toISOString() })));
        else printTable(['kod', 'belopp (öre)', 'giltigt till'], cards.map((c) => [formatCode(c.code), String(c.balanceOre), c.expiresAt.toISOString().slice(0, 10)]));
        say(`${cards.length} kort utgivna i ${city.name}. Koderna visas bara nu.`);
      });
    });

  registerGiftcardExport(giftcard);
}

export function registerGiftcardExport(giftcard: Command): void {
  giftcard
    .command('export')
    .description('exitexport: alla levande kort med saldo, koderna krypterade till mottagande leverantörs publika nyckel')
    .requiredOption('--city <slug>', 'staden')
    .requiredOption('--recipient-key <pem-fil>', 'mottagarens publika RSA-nyckel (PEM)')
    .option('--format <format>', 'json (med krypterade koder) eller csv (utan koder, för kontroll)', 'json')
    .option('--out <fil>', 'skriv till en fil i stället för stdout')
    .action(async (opts: { city: string; recipientKey: string; format: string; out?: string }) => {
      if (opts.format !== 'json' && opts.format !== 'csv') throw new CliError('--format är json eller csv.');
      let pem: string;
      try {
        pem = readFileSync(opts.recipientKey, 'utf8');
      } catch {
        throw new CliError(`Kan inte läsa ${opts.recipientKey}.`);
      }
      await withServices('giftcard export', async ({ services, actor }) => {
        const city = await requireCity(services, opts.city);
        const file = await buildExitExport({ db: services.db, ledger: services.ledger, keys: services.giftcards.keys }, city.id, pem, services.clock.now());
        const text = opts.format === 'csv' ? exitCsv(file) : JSON.stringify(file, null, 2) + '\n';
        if (opts.out) writeFileSync(opts.out, text, { mode: 0o600 });
        else process.stdout.write(text);
        await services.audit.record({ cityId: city.id, actor, action: 'giftcard.exit_export', entityType: 'city', entityId: city.id, data: { cards: file.totals.cards, balanceOre: file.totals.balanceOre, format: opts.format } });
        say(`${file.totals.cards} kort med sammanlagt ${file.totals.balanceOre} öre exporterade från ${city.name}.`);
      });
    });
}

export function registerLedger(ledger: Command): void {
  ledger.description('huvudboken för presentkortens pengar');

  ledger
    .command('verify')
    .description('räkna om varje saldo från transaktionerna; avslutar med fel vid minsta avvikelse')
    .option('--city <slug>', 'bara den här staden (annars alla)')
    .option('--json', 'skriv rapporten som JSON på stdout')
    .action(async (opts: { city?: string; json?: boolean }) => {
      await withServices('ledger verify', async ({ services }) => {
        const city = opts.city ? await requireCity(services, opts.city) : null;
        const report = await services.ledger.verify(city?.id);
        if (opts.json) printJson(report);
        else {
          say(`${report.accounts} konton och ${report.transfers} transaktioner kontrollerade${city ? ` i ${city.name}` : ''}.`);
          if (report.drift.length) printTable(['konto', 'sparat saldo', 'beräknat saldo'], report.drift.map((d) => [d.code, String(d.cachedOre), String(d.computedOre)]));
          if (report.unbalanced.length) printTable(['transaktion', 'summa (ska vara 0)'], report.unbalanced.map((u) => [u.transferId, String(u.sumOre)]));
          if (report.negative.length) printTable(['konto', 'negativt saldo'], report.negative.map((n) => [n.code, String(n.balanceOre)]));
        }
        if (!report.ok) throw new CliError('Huvudboken stämmer inte: se avvikelserna ovan.');
        say('Huvudboken stämmer.');
      });
    });
}

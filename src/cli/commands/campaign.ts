/** `torget campaign …`: co-funded campaigns (a sponsor pays part of each card). */
import { InvalidArgumentError, type Command } from 'commander';
import type { CampaignView } from '../../modules/campaigns/index.js';
import { isValidDate } from '../../platform/time/zoned.js';
import { withServices } from '../context.js';
import { requireCity } from '../lookup.js';
import { printJson, printTable, say } from '../output.js';

const isoDate = (value: string) => {
  if (!isValidDate(value)) throw new InvalidArgumentError('Ange ett datum som 2026-11-30.');
  return value;
};
const kronor = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Ange hela kronor, till exempel 250.');
  return Number(value) * 100;
};
const count = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('Ange ett heltal från 1.');
  return Number(value);
};

const campaignJson = (c: CampaignView) => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  kind: c.kind,
  product: c.productSlug,
  cardValueOre: c.cardValueOre,
  priceOre: c.priceOre,
  sponsorShareOre: c.sponsorShareOre,
  sponsor: c.sponsorName,
  capCards: c.capCards,
  perBuyerCap: c.perBuyerCap,
  reservedCards: c.reservedCards,
  soldCards: c.soldCards,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  returnOnExpiry: c.returnOnExpiry,
  feeBp: c.feeBp,
});

export function registerCampaign(campaign: Command): void {
  campaign.description('kampanjer där en sponsor betalar en del av kortens värde');

  campaign
    .command('create')
    .description('skapa en kampanj (betala 250 kr, få 500 kr; lunchkuponger med kommunens andel; en promotion till medlemmarna)')
    .requiredOption('--city <slug>', 'staden')
    .requiredOption('--slug <slug>', 'kampanjens namn i adressen, t.ex. dubbla-vardet')
    .requiredOption('--name <namn>', 'kampanjens namn')
    .option('--description <text>', 'vad köparen får veta', '')
    .option('--kind <sale|promo>', 'sale: säljs till invånare; promo: delas ut till företagen', 'sale')
    .option('--product <slug>', 'presentkortsprodukten', 'presentkort')
    .option('--value <kr>', 'kortets värde i kronor (inte för kuponghäften)', kronor)
    .requiredOption('--price <kr>', 'vad köparen betalar per kort, i kronor', kronor)
    .requiredOption('--sponsor <namn>', 'sponsorns namn')
    .requiredOption('--sponsor-email <adress>', 'sponsorns fakturaadress')
    .option('--sponsor-org <nummer>', 'sponsorns organisationsnummer')
    .requiredOption('--cap <antal>', 'högst så många kort', count)
    .option('--per-buyer <antal>', 'högst så många kort per köpare', count)
    .requiredOption('--from <YYYY-MM-DD>', 'första dagen', isoDate)
    .requiredOption('--until <YYYY-MM-DD>', 'sista dagen', isoDate)
    .option('--return-on-expiry', 'oanvänt sponsorvärde går tillbaka till sponsorn när korten förfaller')
    .option('--fee-bp <punkter>', 'inlösenavgift i baspunkter för kampanjens kort (0 för en kommunbetald kampanj)', (v) => Number(v))
    .option('--json', 'skriv kampanjen som JSON')
    .action(async (o: { city: string; slug: string; name: string; description: string; kind: string; product: string; value?: number; price: number; sponsor: string; sponsorEmail: string; sponsorOrg?: string; cap: number; perBuyer?: number; from: string; until: string; returnOnExpiry?: boolean; feeBp?: number; json?: boolean }) => {
      if (o.kind !== 'sale' && o.kind !== 'promo') throw new InvalidArgumentError('--kind är sale eller promo.');
      await withServices('campaign create', async ({ services, actor }) => {
        const city = await requireCity(services, o.city);
        const c = await services.campaigns.create(actor, city.id, {
          slug: o.slug,
          name: o.name,
          description: o.description,
          kind: o.kind as 'sale' | 'promo',
          productSlug: o.product,
          ...(o.value !== undefined ? { faceValueOre: o.value } : {}),
          priceOre: o.price,
          sponsor: { name: o.sponsor, email: o.sponsorEmail, ...(o.sponsorOrg ? { orgNumber: o.sponsorOrg } : {}) },
          capCards: o.cap,
          ...(o.perBuyer !== undefined ? { perBuyerCap: o.perBuyer } : {}),
          startsOn: o.from,
          endsOn: o.until,
          returnOnExpiry: !!o.returnOnExpiry,
          ...(o.feeBp !== undefined ? { feeBp: o.feeBp } : {}),
        });
        if (o.json) printJson(campaignJson(c));
        say(`Kampanjen ${c.name} (${c.slug}) i ${city.name}: ${c.capCards} kort à ${c.cardValueOre / 100} kr för ${c.priceOre / 100} kr, ${c.sponsorName} betalar resten.`);
      });
    });

  campaign
    .command('list')
    .description('stadens kampanjer')
    .requiredOption('--city <slug>', 'staden')
    .option('--json', 'som JSON')
    .action(async (o: { city: string; json?: boolean }) => {
      await withServices('campaign list', async ({ services, actor }) => {
        const city = await requireCity(services, o.city);
        const list = await services.campaigns.list(actor, city.id);
        if (o.json) printJson(list.map(campaignJson));
        else printTable(['kampanj', 'namn', 'pris', 'värde', 'sålda', 'kvar', 'sponsor'], list.map((c) => [c.slug, c.name, String(c.priceOre), String(c.cardValueOre), String(c.soldCards), String(c.leftCards), c.sponsorName]));
      });
    });

  campaign
    .command('show')
    .description('en kampanj, och med --from/--until sponsorns andel för perioden')
    .requiredOption('--city <slug>', 'staden')
    .requiredOption('--campaign <slug>', 'kampanjen')
    .option('--from <YYYY-MM-DD>', 'periodens första dag', isoDate)
    .option('--until <YYYY-MM-DD>', 'periodens sista dag', isoDate)
    .option('--json', 'som JSON')
    .action(async (o: { city: string; campaign: string; from?: string; until?: string; json?: boolean }) => {
      await withServices('campaign show', async ({ services, actor }) => {
        const city = await requireCity(services, o.city);
        const c = await services.campaigns.get(actor, city.id, o.campaign);
        const statement = o.from && o.until ? await services.campaigns.sponsorStatement(actor, city.id, c.id, { from: o.from, until: o.until }) : null;
        const out = { ...campaignJson(c), ...(statement ? { sponsorStatement: { from: statement.from, until: statement.until, cards: statement.cards, fundedOre: statement.fundedOre, returnedOre: statement.returnedOre, dueOre: statement.dueOre, paidOre: statement.paidOre, owedOre: statement.owedOre } } : {}) };
        if (o.json) printJson(out);
        else printTable(['fält', 'värde'], Object.entries(out).map(([k, v]) => [k, typeof v === 'object' && v !== null && !(v instanceof Date) ? JSON.stringify(v) : String(v)]));
      });
    });
}

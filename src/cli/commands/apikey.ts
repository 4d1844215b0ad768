/** `torget apikey …`: keys for machines (POS systems, door counters), one city each. */
import { Option, type Command } from 'commander';
import { businessRoles, roles, type Role } from '../../platform/auth/roles.js';
import { withServices } from '../context.js';
import { requireBusiness, requireCity } from '../lookup.js';
import { CliError, formatTime, printJson, printLine, printTable, say } from '../output.js';
import { uuid } from '../parse.js';

/**
 * A key belongs to one city, but a platform-wide role on it would reach every city:
 * those roles are for people who log in (with two-factor), never for keys.
 */
const keyRoles = roles.filter((r) => r !== 'platform-admin' && r !== 'network-admin');

interface CreateOptions {
  city: string;
  role: Role;
  business?: string;
  name?: string;
}

export function registerApikey(apikey: Command): void {
  apikey.description('API-nycklar för maskiner (kassasystem, dörrräknare)');

  apikey
    .command('create')
    .description('skapa en nyckel; bara nyckeln skrivs på stdout, och den visas bara den här gången')
    .requiredOption('--city <slug>', 'staden nyckeln gäller')
    .addOption(new Option('--role <role>', 'nyckelns roll').choices(keyRoles).makeOptionMandatory())
    .option('--business <slug>', 'företaget (krävs för merchant-owner och merchant-staff)')
    .option('--name <name>', 'vad nyckeln används till, t.ex. "Kassan i butiken"')
    .addHelpText('after', '\nExempel:\n  KEY=$(torget apikey create --city vaxjo --role merchant-staff --business kaffebaren --name Kassan)')
    .action(async (opts: CreateOptions) => {
      const needsBusiness = businessRoles.includes(opts.role);
      if (needsBusiness && !opts.business) throw new CliError(`Rollen ${opts.role} hör till ett företag: ange --business.`);
      if (!needsBusiness && opts.business) throw new CliError(`--business används bara med rollerna ${businessRoles.join(' och ')}.`);
      await withServices('apikey create', async ({ services, actor }) => {
        const city = await requireCity(services, opts.city);
        const business = opts.business ? await requireBusiness(services, city, opts.business) : null;
        const created = await services.db.transaction(async (tx) => {
          const key = await services.auth.createApiKey({ cityId: city.id, role: opts.role, businessId: business?.id ?? null, name: opts.name ?? '', createdBy: actor.label }, tx);
          await services.audit.record({ cityId: city.id, actor, action: 'apikey.create', entityType: 'apikey', entityId: key.id, data: { role: opts.role, businessId: business?.id ?? null, name: opts.name ?? '' } }, tx);
          return key;
        });
        printLine(created.key);
        say(`API-nyckel ${created.id} skapad (${opts.role}${business ? ` för ${business.name}` : ''} i ${city.name}). Spara den nu: den visas inte igen.`);
      });
    });

  apikey
    .command('list')
    .description('lista en stads nycklar (aldrig själva nycklarna)')
    .requiredOption('--city <slug>', 'staden')
    .option('--json', 'skriv nycklarna som en JSON-array på stdout')
    .action(async (opts: { city: string; json?: boolean }) => {
      await withServices('apikey list', async ({ services }) => {
        const city = await requireCity(services, opts.city);
        const keys = await services.auth.listApiKeys(city.id);
        const slugs = new Map<string, string>();
        for (const id of new Set(keys.map((k) => k.businessId).filter((id): id is string => !!id))) {
          slugs.set(id, (await services.members.getById(city.id, id))?.slug ?? id);
        }
        const rows = keys
          .map((k) => ({ ...k, business: k.businessId ? (slugs.get(k.businessId) ?? null) : null, isRevoked: k.revokedAt !== null }))
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return say(`${city.name} har inga API-nycklar.`);
        printTable(
          ['ID', 'NAMN', 'ROLL', 'FÖRETAG', 'SKAPAD', 'SENAST ANVÄND', 'STATUS'],
          rows.map((k) => [k.id, k.name, k.role, k.business ?? '', formatTime(k.createdAt), formatTime(k.lastUsedAt), k.isRevoked ? `spärrad ${formatTime(k.revokedAt)}` : 'aktiv']),
        );
      });
    });

  apikey
    .command('revoke')
    .description('spärra en nyckel; den slutar fungera direkt')
    .requiredOption('--city <slug>', 'staden')
    .requiredOption('--id <id>', 'nyckelns id (se torget apikey list)', uuid)
    .action(async (opts: { city: string; id: string }) => {
      await withServices('apikey revoke', async ({ services, actor }) => {
        const city = await requireCity(services, opts.city);
        const key = (await services.auth.listApiKeys(city.id)).find((k) => k.id === opts.id);
        if (!key) throw new CliError(`Nyckeln ${opts.id} finns inte i ${city.name} (se torget apikey list --city ${city.slug}).`);
        // Revoking twice would move the revocation time; the first one is the one that counts.
        if (key.revokedAt) return say(`Nyckeln ${opts.id} var redan spärrad (${formatTime(key.revokedAt)}).`);
        await services.auth.revokeApiKey(city.id, opts.id);
        await services.audit.record({ cityId: city.id, actor, action: 'apikey.revoke', entityType: 'apikey', entityId: opts.id });
        say(`Nyckeln ${opts.id} är spärrad.`);
      });
    });
}

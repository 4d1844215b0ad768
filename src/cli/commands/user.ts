/** `torget user …`: accounts and their roles, and login links for operators. */
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { businessRoles, roles, type Grant, type Role } from '../../platform/auth/roles.js';
import { withServices } from '../context.js';
import { requireBusiness, requireCity } from '../lookup.js';
import { CliError, printJson, printLine, printTable, say } from '../output.js';
import { readPassword } from '../secret.js';

interface CreateOptions {
  email: string;
  role: Role;
  city?: string;
  business?: string;
  name?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

/** Roles that span the platform rather than one city. */
const platformWideRoles: readonly Role[] = ['platform-admin', 'network-admin'];

function checkEmail(value: string): string {
  const parsed = z.email().safeParse(value.trim());
  if (!parsed.success) throw new CliError(`Ogiltig e-postadress ”${value}”.`);
  return parsed.data.toLowerCase();
}

/** The combinations of role, city and business that make a valid grant, checked before anything is opened. */
function checkScope(opts: CreateOptions): void {
  if (opts.role === 'platform-admin' && (opts.city || opts.business)) throw new CliError('platform-admin gäller hela instansen: ange varken --city eller --business.');
  if (businessRoles.includes(opts.role)) {
    if (!opts.business || !opts.city) throw new CliError(`Rollen ${opts.role} hör till ett företag: ange --city och --business.`);
  } else {
    if (opts.business) throw new CliError(`--business används bara med rollerna ${businessRoles.join(' och ')}.`);
    if (!platformWideRoles.includes(opts.role) && !opts.city) throw new CliError(`Rollen ${opts.role} hör till en stad: ange --city.`);
  }
}

const sameGrant = (a: Grant, b: Grant) => a.role === b.role && a.cityId === b.cityId && a.businessId === b.businessId;

export function registerUser(user: Command): void {
  user.description('konton och roller');

  user
    .command('create')
    .description('skapa ett konto med en roll, eller ge ett befintligt konto rollen')
    .requiredOption('--email <email>', 'kontots e-postadress')
    .addOption(new Option('--role <role>', 'rollen').choices(roles).makeOptionMandatory())
    .option('--city <slug>', 'staden rollen gäller (alla roller utom platform-admin och network-admin)')
    .option('--business <slug>', 'företaget rollen gäller (merchant-owner, merchant-staff)')
    .option('--name <name>', 'personens namn (för nya konton)')
    .option('--password-stdin', 'läs ett lösenord från stdin (eller en dold fråga i terminalen); sätts även på ett befintligt konto')
    .option('--json', 'skriv kontot som JSON på stdout')
    .addHelpText('after', '\nExempel:\n  torget user create --email anna@example.se --role association-admin --city vaxjo\n  printf %s "$PASSWORD" | torget user create --email ops@example.se --role platform-admin --password-stdin')
    .action(async (opts: CreateOptions) => {
      const email = checkEmail(opts.email);
      checkScope(opts);
      // Read before the database opens: a password typed at a prompt should not hold the data folder's lock.
      const password = opts.passwordStdin ? await readPassword() : undefined;
      await withServices('user create', async ({ services, actor }) => {
        const { auth, audit, db } = services;
        const city = opts.city ? await requireCity(services, opts.city) : null;
        const business = city && opts.business ? await requireBusiness(services, city, opts.business) : null;
        const grant: Grant = { role: opts.role, cityId: city?.id ?? null, businessId: business?.id ?? null };
        const result = await db.transaction(async (tx) => {
          const existing = await auth.findUserByEmail(email, tx);
          const account = existing ?? (await auth.createUser({ email, name: opts.name ?? '', password }, tx));
          if (existing && password !== undefined) await auth.setPassword(existing.id, password, tx);
          const hadGrant = (await auth.grantsOf(account.id, tx)).some((g) => sameGrant(g, grant));
          await auth.grantRole(account.id, grant, tx);
          const entry = { cityId: grant.cityId, actor, entityType: 'user', entityId: account.id } as const;
          if (!existing) await audit.record({ ...entry, action: 'user.create', data: { email } }, tx);
          if (existing && password !== undefined) await audit.record({ ...entry, action: 'user.set_password' }, tx);
          if (!hadGrant) await audit.record({ ...entry, action: 'user.grant_role', data: { role: grant.role, businessId: grant.businessId } }, tx);
          return { account, created: !existing, granted: !hadGrant, grants: await auth.grantsOf(account.id, tx) };
        });
        const where = business ? ` för ${business.name} i ${city!.name}` : city ? ` i ${city.name}` : '';
        if (opts.json) {
          const { account } = result;
          printJson({ id: account.id, email: account.email, name: account.name, created: result.created, granted: result.granted, passwordSet: password !== undefined, grants: result.grants });
        }
        if (result.created) say(`Kontot ${email} är skapat med rollen ${grant.role}${where}.`);
        else if (result.granted) say(`Kontot ${email} fanns redan och har fått rollen ${grant.role}${where}.`);
        else say(`Kontot ${email} hade redan rollen ${grant.role}${where}.`);
        if (result.created && password === undefined) say(`Inget lösenord: skicka en inloggningslänk med torget user link --email ${email}`);
        else if (!result.created && password !== undefined) say('Lösenordet är bytt.');
      });
    });

  user
    .command('link')
    .description('skriv ut en ny inloggningslänk (en gång, kort giltighet) på stdout')
    .requiredOption('--email <email>', 'kontots e-postadress')
    .option('--to <path>', 'sidan att hamna på efter inloggningen, t.ex. /demo/admin')
    .option('--json', 'skriv länken och när den går ut som JSON på stdout')
    .action(async (opts: { email: string; to?: string; json?: boolean }) => {
      const email = checkEmail(opts.email);
      if (opts.to !== undefined && !/^\/(?![/\\])/.test(opts.to)) throw new CliError('--to ska vara en sökväg på den här webbplatsen, t.ex. /demo/admin.');
      await withServices('user link', async ({ services, actor, config }) => {
        const account = await services.auth.findUserByEmail(email);
        if (!account) throw new CliError(`Det finns inget konto för ${email} (skapa det med torget user create).`);
        if (account.disabledAt) throw new CliError(`Kontot ${email} är avstängt.`);
        const token = await services.auth.createLoginToken(account.id, 'login', opts.to ?? null);
        await services.audit.record({ cityId: null, actor, action: 'user.login_link', entityType: 'user', entityId: account.id });
        const { LOGIN_LINK_TTL_MS } = await import('../../platform/auth/service.js');
        const url = `${config.publicUrl}/logga-in/lank?token=${token}`;
        if (opts.json) printJson({ email: account.email, url, expiresAt: new Date(services.clock.now().getTime() + LOGIN_LINK_TTL_MS) });
        else printLine(url);
        say(`Länken loggar in ${email}, gäller i ${Math.round(LOGIN_LINK_TTL_MS / 60_000)} minuter och kan användas en gång.`);
      });
    });

  user
    .command('list')
    .description('lista kontona med en roll i en stad')
    .requiredOption('--city <slug>', 'staden')
    .option('--json', 'skriv kontona som en JSON-array på stdout')
    .action(async (opts: { city: string; json?: boolean }) => {
      await withServices('user list', async ({ services }) => {
        const city = await requireCity(services, opts.city);
        const people = await services.auth.listCityUsers(city.id);
        if (opts.json) return printJson(people);
        if (people.length === 0) return say(`Inga konton har en roll i ${city.name}.`);
        const slugs = new Map<string, string>();
        for (const id of new Set(people.flatMap((p) => p.grants.map((g) => g.businessId)).filter((id): id is string => !!id))) {
          slugs.set(id, (await services.members.getById(city.id, id))?.slug ?? id);
        }
        printTable(
          ['E-POST', 'NAMN', 'ROLLER', '2FA'],
          people.map((p) => [
            p.email,
            p.name,
            p.grants.map((g) => (g.businessId ? `${g.role}@${slugs.get(g.businessId)}` : g.role)).join(', '),
            p.hasTwoFactor ? 'ja' : 'nej',
          ]),
        );
      });
    });
}

/**
 * The `torget` command tree: singular nouns with verbs under them (`torget city create`).
 * Every command has --help; commands that print data take --json. Built here, run by
 * main.ts, so the tree can be inspected without running anything.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerApikey } from './commands/apikey.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerBusiness } from './commands/business.js';
import { registerCampaign } from './commands/campaign.js';
import { registerCity } from './commands/city.js';
import { registerGiftcard, registerLedger } from './commands/giftcard.js';
import { registerDb } from './commands/db.js';
import { registerDemo } from './commands/demo.js';
import { registerJobs } from './commands/jobs.js';
import { registerServe } from './commands/serve.js';
import { registerAccounting, registerSettlement } from './commands/settlement.js';
import { registerRoute } from './commands/route.js';
import { registerUser } from './commands/user.js';

const environmentHelp = `
Inställningar läses från miljön:
  DATABASE_URL      PostgreSQL (postgres://…); utan den används den inbyggda databasen
  TORGET_DATA_DIR   mappen för den inbyggda databasen (standard ./data)
  PUBLIC_URL        adressen folk når Torget på; länkar byggs av den
  LOG_LEVEL         fatal|error|warn|info|debug|trace|silent

Den inbyggda databasen kan bara öppnas av en process åt gången: stoppa servern
innan du kör kommandon mot den, eller kör Torget på PostgreSQL.
Dataändringar från kommandona loggas i granskningsloggen som cli:<användare>.`;

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(): Command {
  const program = new Command('torget')
    .description('Torget: plattformen som centrumföreningar driver sin stadskärna på.')
    .version(packageVersion(), '-V, --version', 'visa versionen')
    .helpOption('-h, --help', 'visa hjälp för kommandot')
    .helpCommand('help [command]', 'visa hjälp för ett kommando')
    .option('--debug', 'visa hela felet (stack trace) vid oväntade fel')
    // Commander's own usage errors get the same one-line `torget: <reason>` shape as ours.
    .configureOutput({ outputError: (message, write) => write(`torget: ${message.replace(/^error: /, '').trimEnd().replace(/\s*\n\s*/g, ' ')}\n`) })
    .showSuggestionAfterError(true)
    .addHelpText('after', environmentHelp);

  // Subcommands made with .command() inherit the output and help settings above.
  registerServe(program);
  registerDb(program.command('db'));
  registerDemo(program.command('demo'));
  registerCity(program.command('city'));
  registerUser(program.command('user'));
  registerApikey(program.command('apikey'));
  registerBusiness(program.command('business'));
  registerJobs(program.command('jobs'));
  registerAudit(program.command('audit'));
  registerGiftcard(program.command('giftcard'));
  registerLedger(program.command('ledger'));
  registerSettlement(program.command('settlement'));
  registerAccounting(program.command('accounting'));
  registerRoute(program.command('route'));
  registerBackup(program);
  registerCampaign(program.command('campaign'));
  return program;
}

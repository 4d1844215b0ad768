/** `torget demo …`: the demo city Demoköping. */
import type { Command } from 'commander';
import { withServices } from '../context.js';
import { say } from '../output.js';

export const DEMO_SLUG = 'demo';

export function registerDemo(demo: Command): void {
  demo.description('demostaden Demoköping');

  demo
    .command('seed')
    .description('skapa Demoköping med företag och demokonton (om den inte redan finns)')
    .action(async () => {
      await withServices('demo seed', async ({ services, config }) => {
        const { seedDemo, demoLoginHelp } = await import('../../demo/seed.js');
        if (await services.cities.lookup(DEMO_SLUG)) {
          say('Demoköping finns redan.');
          return;
        }
        say('Skapar Demoköping …');
        await seedDemo(services, { progress: (step) => say(`  ${step}`) });
        say(demoLoginHelp(config.publicUrl, services.outbox.transportKind === 'dev'));
      });
    });
}

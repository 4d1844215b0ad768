/** The nightly ledger check: drift is logged and mailed to the affected city's admins. */
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.js';
import { insertCity, insertUser } from './factories/index.js';
import { systemActor } from '../src/platform/auth/roles.js';
import { createLogger } from '../src/platform/logger.js';
import { ledgerAccounts } from '../src/platform/ledger/schema.js';
import { verifyLedgerAndAlert } from '../src/services.js';
import { accounts } from '../src/modules/giftcards/index.js';

describeEachDatabase('the nightly ledger check', (ctx) => {
  it('alerts the admins of a city whose ledger drifted, and repairs nothing behind their back', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const [card] = await services.giftcards.issuePromotional(systemActor, city.id, { amountOre: 10_000, count: 1 });
    const code = accounts.card(card!.id);
    await services.db.update(ledgerAccounts).set({ balanceOre: sql`${ledgerAccounts.balanceOre} + 1` }).where(eq(ledgerAccounts.code, code));
    try {
      const result = await verifyLedgerAndAlert({ ledger: services.ledger, auth: services.auth, outbox: services.outbox, log: createLogger('silent') });
      expect(result.ok).toBe(false);
      expect(result.cities).toContain(city.id);
      const mails = (await services.outbox.list({ cityId: city.id })).filter((m) => m.template === 'ledger.drift');
      expect(mails.map((m) => m.recipient)).toEqual([admin.email]);
    } finally {
      // Other tests share this database and verify it too.
      await services.db.update(ledgerAccounts).set({ balanceOre: sql`${ledgerAccounts.balanceOre} - 1` }).where(eq(ledgerAccounts.code, code));
    }
    expect((await services.ledger.verify(city.id)).ok).toBe(true);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertCity } from '../../../test/factories/index.js';
import { systemActor } from '../../platform/auth/roles.js';
import { buildExitExport, exitCsv, openExitExport } from './exit-export.js';

describeEachDatabase('the exit export', (ctx) => {
  it('hands a receiving provider every live card, its balance and its code, readable only with its key', async () => {
    const { services, clock } = ctx();
    const city = await insertCity(services);
    const cards = await services.giftcards.issuePromotional(systemActor, city.id, { amountOre: 25_000, count: 3 });
    const receiver = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const file = await buildExitExport({ db: services.db, ledger: services.ledger, keys: services.giftcards.keys }, city.id, receiver.publicKey, clock.now());
    expect(file.totals).toEqual({ cards: 3, balanceOre: 75_000 });
    expect(JSON.stringify(file)).not.toContain(cards[0]!.code.slice(0, 8));
    const opened = openExitExport(file, receiver.privateKey);
    expect(opened.map((c) => c.code.replace(/-/g, '')).sort()).toEqual(cards.map((c) => c.code).sort());
    const someoneElse = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    expect(() => openExitExport(file, someoneElse.privateKey)).toThrow();
    expect(exitCsv(file).split('\r\n').filter(Boolean)).toHaveLength(4);
  });
});

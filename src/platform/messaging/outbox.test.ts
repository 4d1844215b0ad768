import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { insertCity, uniqueSuffix } from '../../../test/factories/index.js';
import { fixedClock } from '../clock.js';
import { createLogger } from '../logger.js';
import { createOutbox, smtpTransport } from './outbox.js';

/** A local SMTP server that speaks the real protocol and refuses one address. */
const received: Array<{ to: string[]; data: string }> = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce')) return callback(Object.assign(new Error('550 Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describeEachDatabase('outbox over SMTP', (ctx) => {
  it('delivers queued mail over SMTP and records failures, which can be resent to a corrected address', async () => {
    const { db } = ctx().services;
    const clock = fixedClock('2026-12-11T10:00:00Z');
    const outbox = createOutbox({ db, clock, log: createLogger('silent'), transport: smtpTransport(`smtp://127.0.0.1:${port}`), from: 'Torget <noreply@torget.test>' });
    const cityId = (await insertCity(ctx().services)).id;
    // Other tests share this database: deliver this test's messages only.
    const scope = { cityId };
    const suffix = uniqueSuffix();
    const good = await outbox.enqueueEmail({ cityId, to: `good-${suffix}@example.test`, subject: 'Hej från Torget', text: 'Åäö fungerar', template: 'test' });
    const bad = await outbox.enqueueEmail({ cityId, to: `bounce-${suffix}@example.test`, subject: 'Studsar', text: 'x', template: 'test' });

    await outbox.deliverPending(50, scope);
    expect((await outbox.get(good))?.status).toBe('sent');
    const mail = received.find((r) => r.to.includes(`good-${suffix}@example.test`));
    expect(mail?.data).toContain('Subject: =?UTF-8?');
    const failed = await outbox.get(bad);
    expect(failed?.status).toBe('pending');
    expect(failed?.lastError).toMatch(/550|Mailbox/);

    // After five attempts the message is marked failed for the admin to see.
    for (let i = 0; i < 5; i++) {
      clock.advance(24 * 3600 * 1000);
      await outbox.deliverPending(50, scope);
    }
    expect((await outbox.get(bad))?.status).toBe('failed');

    {
      expect(await outbox.resend(cityId, bad, `fixed-${suffix}@example.test`)).toBe(true);
      await outbox.deliverPending(50, scope);
      expect((await outbox.get(bad))?.status).toBe('sent');
      expect(received.some((r) => r.to.includes(`fixed-${suffix}@example.test`))).toBe(true);
    }
  });
});

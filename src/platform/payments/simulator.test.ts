import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { paymentProblems, formatSekAmount, parseSekAmount, type PaymentEvent } from './index.js';
import { createSimulator } from './simulator.js';

const start = (sim: ReturnType<typeof createSimulator>, orderId = randomUUID(), key = `order:${orderId}`) =>
  sim.start({ cityId: randomUUID(), orderId, amountOre: 25_000, description: 'Presentkort', returnUrl: '/tillbaka', callbackUrl: '/cb', idempotencyKey: key });

describe('payment simulator', () => {
  it('sends the browser to the simulator page and tells listeners the outcome once chosen', async () => {
    const clock = fixedClock('2026-12-11T10:00:00Z');
    const sim = createSimulator({ clock });
    const heard: PaymentEvent[] = [];
    sim.onEvent((e) => {
      heard.push(e);
    });
    const orderId = randomUUID();
    const started = await start(sim, orderId);
    expect(started).toEqual({ providerRef: `sim-${orderId}`, status: 'pending', redirectUrl: `/betala/simulator/sim-${orderId}` });
    expect(await start(sim, orderId)).toEqual(started);

    const event = await sim.complete(started.providerRef, 'paid');
    expect(event).toMatchObject({ kind: 'payment', providerRef: started.providerRef, orderId, status: 'paid', amountOre: 25_000, paidAt: new Date('2026-12-11T10:00:00Z') });
    expect(heard).toHaveLength(1);
    // A second click cannot turn a paid payment into a declined one.
    expect((await sim.complete(started.providerRef, 'declined')).status).toBe('paid');
    expect((await sim.status(started.providerRef)).status).toBe('paid');
  });

  it('declines, refunds only what was paid, and takes no callbacks from outside', async () => {
    const sim = createSimulator();
    const declined = await start(sim);
    expect((await sim.complete(declined.providerRef, 'declined')).status).toBe('declined');
    await expect(sim.refund({ providerRef: declined.providerRef, amountOre: 100, idempotencyKey: 'r0', reason: 'x' })).rejects.toMatchObject({ code: 'payments.invalid_request' });

    const paid = await start(sim);
    await sim.complete(paid.providerRef, 'paid');
    const refund = await sim.refund({ providerRef: paid.providerRef, amountOre: 20_000, idempotencyKey: 'r1', reason: 'x' });
    expect(refund.status).toBe('paid');
    expect(await sim.refund({ providerRef: paid.providerRef, amountOre: 20_000, idempotencyKey: 'r1', reason: 'x' })).toEqual(refund);
    await expect(sim.refund({ providerRef: paid.providerRef, amountOre: 10_000, idempotencyKey: 'r2', reason: 'x' })).rejects.toMatchObject({ code: 'payments.invalid_request' });

    await expect(sim.parseCallback({ headers: {}, rawBody: '{}' })).rejects.toMatchObject({ code: 'payments.callback_invalid' });
    await expect(sim.complete('sim-nothing', 'paid')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('amounts at the edges', () => {
  it('converts öre to Swish kronor strings and back without floating-point drift', () => {
    expect(formatSekAmount(50_000)).toBe('500.00');
    expect(formatSekAmount(1_005)).toBe('10.05');
    expect(parseSekAmount(500)).toBe(50_000);
    expect(parseSekAmount(10.05)).toBe(1_005);
    expect(parseSekAmount('0.1')).toBe(10);
    expect(parseSekAmount('abc')).toBeNull();
    expect(() => formatSekAmount(10.5)).toThrow();
    expect(() => formatSekAmount(0)).toThrow();
  });

  it('maps every payment problem to a status', () => {
    expect(paymentProblems['payments.provider_error'].status).toBe(502);
    expect(paymentProblems['payments.callback_invalid'].status).toBe(400);
  });
});

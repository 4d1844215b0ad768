import { expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from '../../../test/harness.js';
import { insertBusiness, insertCity, insertUser, sessionHeaders } from '../../../test/factories/index.js';
import { systemActor } from '../../platform/auth/roles.js';

const visitor = { cookie: 'torget_csrf=visitor-csrf-token-0123456789', 'x-csrf-token': 'visitor-csrf-token-0123456789' };
const form = (headers: Record<string, string>, fields: Record<string, string>) => ({
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ _csrf: headers['x-csrf-token'] ?? '', ...fields }).toString(),
});

async function setup(ctx: TestContext) {
  const { services } = ctx;
  const city = await insertCity(services);
  const shop = await insertBusiness(services, city);
  await services.bookings.createSchedule(systemActor, city.id, shop.id, { name: 'Morgonhandling', weekdays: [1], startTime: '09:00', endTime: '09:30', slotMinutes: 15, capacity: 1 });
  return { city, shop };
}

describeEachDatabase('booking pages', (ctx) => {
  it('a customer books the last place; the next one is told it is full, in Swedish', async () => {
    const { app } = ctx();
    const s = await setup(ctx());
    const page = await (await app.request(`/${s.city.slug}/foretag/${s.shop.slug}/boka`)).text();
    const slot = /name="tid" value="([^"]+)"/.exec(page)?.[1];
    expect(slot).toBeDefined();
    expect(page).toContain('1 plats kvar');
    expect(await (await app.request(`/${s.city.slug}/foretag/${s.shop.slug}`)).text()).toContain(`/${s.city.slug}/foretag/${s.shop.slug}/boka`);

    const booked = await app.request(`/${s.city.slug}/foretag/${s.shop.slug}/boka`, form(visitor, { tid: slot!, namn: 'Greta', epost: 'greta@example.test' }));
    expect(booked.status).toBe(303);
    const confirmation = await (await app.request(booked.headers.get('location')!, { headers: visitor })).text();
    expect(confirmation).toContain('Tiden är bokad');
    expect(confirmation).toContain('greta@example.test');

    const full = await app.request(`/${s.city.slug}/foretag/${s.shop.slug}/boka`, form(visitor, { tid: slot!, namn: 'Hugo', epost: 'hugo@example.test' }));
    expect(full.status).toBe(409);
    expect(await full.text()).toContain('fullbokad');

    const missing = await app.request(`/${s.city.slug}/foretag/${s.shop.slug}/boka`, form(visitor, { tid: '', namn: 'Hugo' }));
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Välj en tid.');

    // Cancelling frees the place.
    const cancelled = await app.request(booked.headers.get('location')!.replace('?bokad=1', ''), form(visitor, {}));
    expect(await cancelled.text()).toContain('Tiden är avbokad');
    expect(await (await app.request(`/${s.city.slug}/foretag/${s.shop.slug}/boka`)).text()).toContain('1 plats kvar');
  });

  it('staff see the day and mark a no-show; visitors are sent to log in', async () => {
    const { app, services } = ctx();
    const s = await setup(ctx());
    const slots = await services.bookings.openSlots(s.city.id, s.shop.id);
    await services.bookings.book(s.city.id, s.shop.id, slots[0]!, { name: 'Greta', email: 'g@example.test' });
    expect((await app.request(`/${s.city.slug}/butik/${s.shop.slug}/bokningar?dag=${slots[0]!.date}`)).status).toBe(302);
    const staff = await insertUser(services, 'merchant-staff', s.city, s.shop.id);
    const headers = await sessionHeaders(services, staff.userId);
    const day = await (await app.request(`/${s.city.slug}/butik/${s.shop.slug}/bokningar?dag=${slots[0]!.date}`, { headers })).text();
    expect(day).toContain('Greta kom inte');
    const id = /name="id" value="([0-9a-f-]{36})"/.exec(day)![1]!;
    const marked = await app.request(`/${s.city.slug}/butik/${s.shop.slug}/bokningar/utebliven`, form(headers, { id, dag: slots[0]!.date, utebliven: '1' }));
    expect(marked.status).toBe(303);
    expect(await (await app.request(marked.headers.get('location')!, { headers })).text()).toContain('Ångra: Greta kom');
  });
});

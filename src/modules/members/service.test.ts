import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import { buildBusinessInput, buildOrgNumber, insertBusiness, insertCity, insertUser } from '../../../test/factories/index.js';
import { systemActor } from '../../platform/auth/roles.js';

describeEachDatabase('members service', (ctx) => {
  it('validates and normalises a new business: org. number, phone, postal code, slug', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await services.members.create(systemActor, city.id, buildBusinessInput({ name: 'Sjöbergs Skor & Väskor', orgNumber: '5560360793', phone: '070-123 45 67', postalCode: '53230' }));
    expect(b).toMatchObject({ slug: 'sjobergs-skor-vaskor', orgNumber: '556036-0793', isSoleTrader: false, phone: '+46701234567', postalCode: '532 30' });
    const twin = await services.members.create(systemActor, city.id, buildBusinessInput({ name: 'Sjöbergs Skor & Väskor' }));
    expect(twin.slug).toBe('sjobergs-skor-vaskor-2');
  });

  it('recognises a sole trader’s personnummer and keeps it private', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await services.members.create(systemActor, city.id, buildBusinessInput({ orgNumber: '811218-9876' }));
    expect(b.isSoleTrader).toBe(true);
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const error = await services.members.create(systemActor, city.id, buildBusinessInput({ name: '', orgNumber: '556036-0794', phone: 'ring mig' })).catch((e) => e);
    expect(error.code).toBe('validation');
    const paths = error.extra.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/name', '/orgNumber', '/phone']));
    expect(await services.members.count(city.id)).toBe(0);
  });

  it('lets the owner edit the listing but not the legal facts, and nobody else’s', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const mine = await insertBusiness(services, city);
    const theirs = await insertBusiness(services, city);
    const owner = await insertUser(services, 'merchant-owner', city, mine.id);
    const updated = await services.members.update(owner.actor, city.id, mine.id, { description: 'Nyrostat kaffe varje morgon.' });
    expect(updated.description).toBe('Nyrostat kaffe varje morgon.');
    await expect(services.members.update(owner.actor, city.id, mine.id, { orgNumber: buildOrgNumber() } as never)).rejects.toMatchObject({ code: 'validation' });
    await expect(services.members.update(owner.actor, city.id, theirs.id, { description: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    const staff = await insertUser(services, 'merchant-staff', city, mine.id);
    await expect(services.members.update(staff.actor, city.id, mine.id, { description: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps a renamed slug redirecting', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const b = await insertBusiness(services, city, { slug: 'gamla-namnet' });
    await services.members.update(systemActor, city.id, b.id, { slug: 'nya-namnet' });
    expect(await services.members.lookup(city.id, 'gamla-namnet')).toEqual({ redirectTo: 'nya-namnet' });
    const other = await insertCity(services);
    expect(await services.members.lookup(other.id, 'nya-namnet')).toBeNull();
  });

  it('imports CSV all or nothing, with a per-row report', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const header = 'namn;kategori;organisationsnummer;gatuadress;postnummer;ort;telefon;tjänster';
    const good1 = `Bokhandeln Pärmen;Böcker & papper;${buildOrgNumber()};Storgatan 3;532 30;Teststad;070-111 22 33;giftcard;click_collect`;
    const good2 = `Blomsterhörnan;blommor;${buildOrgNumber()};Kyrkogatan 2;53231;Teststad;;Hemleverans`;
    const bad = `Trasiga AB;mode;556036-0794;Ågatan 1;532 32;Teststad;;`;
    const failure = await services.members.importCsv(systemActor, city.id, ['\uFEFF' + header, good1, bad, good2].join('\r\n')).catch((e) => e);
    expect(failure.code).toBe('members.import_failed');
    expect(failure.extra.errors).toEqual([expect.objectContaining({ path: '/rows/2/orgNumber' })]);
    expect(await services.members.count(city.id)).toBe(0);

    const ok = await services.members.importCsv(systemActor, city.id, [header, good1, good2].join('\n'));
    expect(ok.created).toBe(2);
    const page = await services.members.list(city.id, { services: ['home_delivery'] });
    expect(page.items.map((b) => b.name)).toEqual(['Blomsterhörnan']);
  });

  it('only association admins create, archive and import', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const staff = await insertUser(services, 'association-staff', city);
    await expect(services.members.create(staff.actor, city.id, buildBusinessInput())).rejects.toMatchObject({ code: 'forbidden' });
    const otherCity = await insertCity(services);
    const foreignAdmin = await insertUser(services, 'association-admin', otherCity);
    const b = await insertBusiness(services, city);
    await expect(services.members.archive(foreignAdmin.actor, city.id, b.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.members.update(foreignAdmin.actor, city.id, b.id, { name: 'Kapad' })).rejects.toMatchObject({ code: 'forbidden' });
    // Even with the right role, another city's business id is not found through this city.
    const admin = await insertUser(services, 'association-admin', otherCity);
    await expect(services.members.update(admin.actor, otherCity.id, b.id, { name: 'Kapad' })).rejects.toMatchObject({ code: 'members.business_not_found' });
  });

  it('writes the audit log for every change', async () => {
    const { services } = ctx();
    const city = await insertCity(services);
    const admin = await insertUser(services, 'association-admin', city);
    const b = await services.members.create(admin.actor, city.id, buildBusinessInput(), { ip: '203.0.113.9', requestId: 'req-1' });
    await services.members.archive(admin.actor, city.id, b.id);
    const entries = await services.audit.list(city.id, { entityId: b.id });
    expect(entries.map((e) => e.action)).toEqual(['business.archive', 'business.create']);
    expect(entries[1]).toMatchObject({ actor: `user:${admin.userId}`, ip: '203.0.113.9', requestId: 'req-1' });
  });
});

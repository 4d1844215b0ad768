/** The city guide's printed material: lunch flyer, events booklet, window sticker. */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.js';
import { insertBusiness, insertCity } from './factories/index.js';
import { systemActor } from '../src/platform/auth/roles.js';
import { pdfToText } from '../src/platform/pdf/index.js';
import type { City } from '../src/modules/cities/index.js';

describeEachDatabase('printable QR material', (ctx) => {
  let city: City;
  beforeAll(async () => {
    const s = ctx().services;
    city = await insertCity(s, { name: 'Tryckköping' });
    const bistro = await insertBusiness(s, city, { name: 'Bistro Tryck', category: 'restaurang', slug: 'bistro-tryck' });
    await s.events.create(systemActor, city.id, { title: 'Sommarkonsert', category: 'musik', startDate: '2027-06-20', startTime: '19:00', endTime: '21:00', address: 'Stadsparken', organiser: 'Föreningen' });
    await s.offers.create(systemActor, city.id, bistro.id, { kind: 'offer', title: 'Glass på köpet', validFrom: '2027-06-01', validTo: '2027-08-31' });
  });

  const pdf = async (path: string) => {
    const res = await ctx().app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    return { bytes, text: (await pdfToText(bytes)) ?? '' };
  };

  it('prints the lunch flyer (A5) with every restaurant', async () => {
    const { bytes, text } = await pdf(`/${city.slug}/lunch.pdf`);
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 419\.\d+ 595\.\d+\]/);
    if (text) expect(text).toContain('Bistro Tryck');
  });

  it('prints the booklet with its title, the events by day and the offers', async () => {
    const { bytes, text } = await pdf(`/${city.slug}/evenemang.pdf?titel=Sommar%20p%C3%A5%20stan&fran=2027-06-01&till=2027-08-31`);
    // Cover, events, offers: three A5 pages (text is checked where pdftotext is installed).
    expect(bytes.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(3);
    if (text) {
      expect(text).toContain('Sommar på stan');
      expect(text).toContain('Sommarkonsert');
      expect(text).toContain('Glass på köpet');
    }
  });

  it('prints a window sticker per business, and none for an unknown one', async () => {
    const { text } = await pdf(`/${city.slug}/foretag/bistro-tryck/dekal.pdf`);
    if (text) expect(text).toContain('Bistro Tryck');
    expect((await ctx().app.request(`/${city.slug}/foretag/finns-inte/dekal.pdf`)).status).toBe(404);
  });
});

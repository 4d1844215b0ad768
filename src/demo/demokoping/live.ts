/**
 * Demoköping's crowd levels and booked visits: a capacity for every business (by kind
 * of place), Stora torget as a counted area, a doorbell queue at the pharmacy and the
 * café, a few counts so the displays show all three colours, and booking schedules —
 * the pharmacy's morning shopping (weekdays 9–10, 15 minutes, one person).
 */
import { systemActor } from '../../platform/auth/roles.js';
import type { Services } from '../../services.js';
import { demoBusinesses } from './businesses.js';

const capacityByCategory: Record<string, number> = {
  kafe: 25,
  restaurang: 40,
  bar: 40,
  hotell: 60,
  kultur: 120,
  mode: 15,
  skor: 12,
  apotek: 10,
  bocker: 20,
  livsmedel: 15,
  halsa: 15,
  sport: 15,
  frisor: 6,
  skonhet: 6,
  tjanster: 8,
};

/** Shares of capacity for the demo's counts: green, yellow, red and empty in turn. */
const shares = [0.3, 0.8, 1, 0];

export const demoArea = { slug: 'stora-torget', name: 'Stora torget', capacity: 400, count: 140 };

export const demoSchedules = [
  { businessSlug: 'apoteket-lejonet', name: 'Morgonhandling för riskgrupper', weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '10:00', slotMinutes: 15, capacity: 1 },
  { businessSlug: 'sjobergs-skor', name: 'Skoprovning i lugn och ro', weekdays: [1, 2, 3, 4, 5, 6], startTime: '10:00', endTime: '12:00', slotMinutes: 20, capacity: 2 },
  { businessSlug: 'kaffebaren', name: 'Bord för fika', weekdays: [6, 7], startTime: '11:00', endTime: '15:00', slotMinutes: 30, capacity: 4 },
];

export async function seedLive(services: Services, cityId: string, businessIds: Map<string, string>): Promise<void> {
  const { occupancy, bookings } = services;
  for (const [i, b] of demoBusinesses.entries()) {
    const capacity = capacityByCategory[b.category] ?? 12;
    const queueEnabled = b.slug === 'apoteket-lejonet' || b.slug === 'kaffebaren';
    await occupancy.configure(systemActor, cityId, b.slug, { capacity, queueEnabled });
    const count = Math.round(capacity * shares[i % shares.length]!);
    if (count > 0) await occupancy.record(systemActor, cityId, b.slug, { count }, `demo-${b.slug}`);
  }
  await occupancy.createArea(systemActor, cityId, { slug: demoArea.slug, name: demoArea.name, capacity: demoArea.capacity });
  await occupancy.record(systemActor, cityId, demoArea.slug, { count: demoArea.count }, 'demo-area');
  for (const s of demoSchedules) {
    const { businessSlug, ...schedule } = s;
    await bookings.createSchedule(systemActor, cityId, businessIds.get(businessSlug)!, schedule);
  }
}

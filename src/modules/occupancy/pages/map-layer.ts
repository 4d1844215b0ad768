/**
 * The crowd level on the city map: every counted business with coordinates, its level in
 * words and its count, linking to its live display. Areas such as a square have no
 * coordinates of their own yet, so they stay on the city display (`/{city}/live`).
 */
import type { MapLayer, MapPoint } from '../../directory/index.js';
import { tr } from '../../cities/index.js';
import type { Level } from '../levels.js';
import type { OccupancyService } from '../service.js';
import { stateOf } from '../service.js';

const inWords: Record<Level, [sv: string, en: string]> = {
  green: ['Gott om plats', 'Plenty of room'],
  yellow: ['Det börjar bli fullt', 'Getting busy'],
  red: ['Fullt just nu', 'Full right now'],
};

export function liveLevelMapLayer(occupancy: OccupancyService): MapLayer {
  return {
    id: 'trangsel',
    label: (locale) => tr(locale, 'Trängsel just nu', 'Crowd levels right now'),
    async points({ city, locale, prefix, businesses }) {
      const places = await occupancy.list(city.id);
      const where = new Map(businesses.flatMap((b) => (b.lat !== null && b.lng !== null ? [[b.id, { lat: b.lat, lng: b.lng }] as const] : [])));
      const out: MapPoint[] = [];
      for (const place of places) {
        const at = place.businessId ? where.get(place.businessId) : undefined;
        if (!at || place.capacity === null) continue;
        const s = stateOf(place);
        out.push({ lat: at.lat, lng: at.lng, title: s.name, text: `${tr(locale, ...inWords[s.level])} (${s.count} / ${s.capacity})`, href: `${prefix}/${city.slug}/live/${s.slug}` });
      }
      return out;
    },
  };
}

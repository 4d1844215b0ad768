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

/** Where businesses are: the members module's list, as id → coordinates. */
export type BusinessCoordinates = (cityId: string) => Promise<Map<string, { lat: number; lng: number }>>;

export function liveLevelMapLayer(occupancy: OccupancyService, coordinates: BusinessCoordinates): MapLayer {
  return {
    id: 'trangsel',
    label: (locale) => tr(locale, 'Trängsel just nu', 'Crowd levels right now'),
    async points({ city, locale, prefix }) {
      const [places, where] = await Promise.all([occupancy.list(city.id), coordinates(city.id)]);
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

/** @jsxImportSource hono/jsx */
/**
 * The crowd level on a business's public page: a coloured dot, the level in words and
 * the count, with links to the live display and (when open) the doorbell queue. Only
 * for businesses with a capacity.
 */
import type { BusinessPageSection } from '../../directory/index.js';
import type { OccupancyService } from '../service.js';
import { stateOf } from '../service.js';

const words = {
  sv: { green: 'Gott om plats', yellow: 'Det börjar bli fullt', red: 'Fullt just nu', now: 'Just nu', live: 'Visa live', queue: 'Ställ dig i kö', inside: 'inne', of: 'av' },
  en: { green: 'Plenty of room', yellow: 'Getting busy', red: 'Full right now', now: 'Right now', live: 'Live view', queue: 'Join the queue', inside: 'inside', of: 'of' },
};

export function liveLevelBox(occupancy: OccupancyService): BusinessPageSection {
  return { placement: 'status', render: async ({ city, business, locale }) => {
    const citySlug = city.slug;
    const place = await occupancy.forBusiness(city.id, business.id);
    if (!place || place.capacity === null) return null;
    const s = stateOf(place);
    const w = words[locale];
    const prefix = locale === 'en' ? '/en' : '';
    return { html: (
      <p class="live-line">
        <link rel="stylesheet" href="/static/live.css" />
        <span class={`level-dot level-${s.level}`} aria-hidden="true"></span> {w.now}: <strong>{w[s.level]}</strong> ({s.count} {w.of} {s.capacity} {w.inside}). <a href={`${prefix}/${citySlug}/live/${s.slug}`}>{w.live}</a>
        {place.queueEnabled ? (
          <>
            {' · '}
            <a href={`${prefix}/${citySlug}/ko/${s.slug}`}>{w.queue}</a>
          </>
        ) : null}
      </p>
    ) };
  } };
}

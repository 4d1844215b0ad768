/** @jsxImportSource hono/jsx */
/** What the events module's pages share: their dependencies, paths and small pieces of view. */
import type { Clock } from '../../platform/clock.js';
import { ResponsiveImage, type MediaStore } from '../../platform/media/index.js';
import { formatDateLong, formatOre, formatTime, formatTimeRange } from '../../platform/i18n/format.js';
import type { Locale } from '../../platform/i18n/locale.js';
import { zonedParts } from '../../platform/time/zoned.js';
import { type City, tr, type CityService } from '../cities/index.js';
import type { Business, MembersService } from '../members/index.js';
import type { BookletOffer } from './pdf.js';
import { eventCategories, type EventCategory } from './recurrence.js';
import type { Event, EventsService } from './service.js';

export interface EventsHttpDeps {
  cities: CityService;
  members: MembersService;
  events: EventsService;
  /** Decodes and checks an uploaded picture before the event (and it) is saved. */
  media: Pick<MediaStore, 'prepare'>;
  clock: Clock;
  /** Printed QR codes point here. */
  config: { publicUrl: string };
  /** Offers for the booklet's last pages, valid on a date. */
  bookletOffers?: (cityId: string, date: string) => Promise<BookletOffer[]>;
}

export const today = (now: Date) => zonedParts(now).date;

export const categoryLabel = (slug: string, locale: Locale) => eventCategories[slug as EventCategory]?.[locale] ?? slug;
export const eventPath = (citySlug: string, id: string, prefix = '') => `${prefix}/${citySlug}/evenemang/${id}`;

/**
 * The event forms take a picture, so they get the media store's body limit: the
 * association's and a member's new-event forms and their edit forms (`…/evenemang/{id}`).
 */
export const EVENT_FORM_PATHS = /^\/[^/]+\/(admin|butik\/[^/]+)\/evenemang(\/[0-9a-f-]{36})?$/;

/** A card's thumbnail: small and decorative (the card's title says what it is), lazy below the first cards. */
export function Thumbnail(props: { cityId: string; e: Event; eager: boolean; class: string; sizes: string }) {
  return props.e.image ? <ResponsiveImage class={props.class} cityId={props.cityId} image={props.e.image} alt="" sizes={props.sizes} loading={props.eager ? 'eager' : 'lazy'} preferred={320} /> : null;
}

/** "Inställt": the occurrence stays listed (people look for it), plainly marked as not happening. */
export function CancelledTag(props: { locale: Locale }) {
  return <strong class="tag tag-cancelled">{tr(props.locale, 'Inställt', 'Cancelled')}</strong>;
}

export function whenText(o: { date: string; event: Pick<Event, 'startTime' | 'endTime'> }, locale: Locale): string {
  const day = formatDateLong(o.date, locale, { withYear: false });
  const time = o.event.endTime ? formatTimeRange(o.event.startTime, o.event.endTime, locale) : `${locale === 'sv' ? 'kl. ' : ''}${formatTime(o.event.startTime, locale)}`;
  return `${day}, ${time}`;
}

export const priceLabel = (e: Pick<Event, 'priceOre'>, locale: Locale) => (e.priceOre === null || e.priceOre === 0 ? tr(locale, 'Fri entré', 'Free') : formatOre(e.priceOre, locale));

export async function placeOf(deps: Pick<EventsHttpDeps, 'members'>, city: City, e: Event, cache: Map<string, Business | null>): Promise<{ name: string; href: string | null; address: string }> {
  if (e.placeBusinessId) {
    if (!cache.has(e.placeBusinessId)) cache.set(e.placeBusinessId, await deps.members.getById(city.id, e.placeBusinessId));
    const b = cache.get(e.placeBusinessId);
    if (b && !b.archivedAt) return { name: b.name, href: `/${city.slug}/foretag/${b.slug}`, address: [b.street, b.postalTown].filter(Boolean).join(', ') };
  }
  return { name: e.address, href: null, address: e.address };
}

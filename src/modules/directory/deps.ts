import type { Child } from 'hono/jsx';
import type { Clock } from '../../platform/clock.js';
import type { Locale } from '../../platform/i18n/locale.js';
import type { City, CityService } from '../cities/index.js';
import type { Business, MembersService } from '../members/index.js';

/**
 * A part of the business page that another module contributes (its lunch menu, its
 * offers, its crowd level). The directory asks each section in order and knows
 * nothing of what is inside; `onChange` lets it forget cached pages when the data
 * behind a section changes.
 */
export interface BusinessPageSection {
  /** `status`: a line under the open/closed status (a crowd level, "Boka tid"); `body` (default): a section further down. */
  placement?: 'status' | 'body';
  render(input: { city: City; business: Business; locale: Locale; prefix: string; now: Date }): Promise<BusinessSectionContent | null>;
  onChange?(listener: () => void): void;
}

export interface BusinessSectionContent {
  html: Child;
  placement?: 'status' | 'body';
  /** Merged into the business's schema.org JSON-LD (e.g. `hasMenu`). */
  jsonLd?: Record<string, unknown>;
}

/** A place on the city map with a line of text and a link (an event, later a crowd level). */
export interface MapPoint {
  lat: number;
  lng: number;
  title: string;
  text: string;
  href: string;
}

/** Points another module adds to the city map, as a named layer with its own list. */
export interface MapLayer {
  id: string;
  label: (locale: Locale) => string;
  /** `businesses`: the city's businesses the map already shows, so a layer need not load them again. */
  points(input: { city: City; locale: Locale; prefix: string; now: Date; businesses: readonly Business[] }): Promise<MapPoint[]>;
  /** Lets the map page forget its cached copy when the data behind the layer changes. */
  onChange?(listener: () => void): void;
}

/** What the directory's routes use; app.ts passes the full services object. */
export interface DirectoryHttpDeps {
  cities: CityService;
  members: MembersService;
  /** "Open now" is judged at this clock's now, per request. */
  clock: Clock;
  /** Sections other modules add to the business page, in order. */
  businessSections?: readonly BusinessPageSection[];
  /** Layers other modules add to the city map, after the businesses. */
  mapLayers?: readonly MapLayer[];
  /** Printed QR codes (window stickers) point here; the request's origin when unset. */
  publicUrl?: string;
  /** Map tiles; null: the map page is a list only. */
  mapTiles?: { url: string | null; attribution: string };
}

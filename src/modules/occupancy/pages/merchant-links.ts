/**
 * The occupancy pages a business's people need from their phone, as tiles on the
 * business's home page (`/{city}/butik/{business}`; see the members module's
 * `merchantLinks`): the counter, the doorbell queue, the window display and the history.
 */
import type { MerchantLink } from '../../members/index.js';

const counter = (city: string, slug: string) => `${city}/butik/rakna?plats=${encodeURIComponent(slug)}`;

export const occupancyMerchantLinks: readonly MerchantLink[] = [
  { href: counter, label: 'Räkna besökare', hint: 'Stora plus och minus vid dörren; färgen i fönstret följer med', activeOnly: true },
  { href: (city, slug) => `${counter(city, slug)}#ko-rubrik`, label: 'Kö vid dörren', hint: 'Vem som väntar, släpp in nästa och QR-koden till dörren', nav: false, activeOnly: true },
  { href: (city, slug) => `${city}/butik/rakna/historik?plats=${encodeURIComponent(slug)}`, label: 'Besökare per timme', hint: 'Hur många som var inne, timme för timme', nav: false, activeOnly: true },
  { href: (city, slug) => `${city}/live/${encodeURIComponent(slug)}`, label: 'Skyltfönstret', hint: 'Skärmen i fönstret: grönt, gult eller rött', nav: false, activeOnly: true },
];

/**
 * The booking pages for a business's people, as tiles on the business's home page
 * (see the members module's `merchantLinks`): the day's bookings, and the bookable times.
 */
import type { MerchantLink } from '../../members/index.js';

export const bookingMerchantLinks: readonly MerchantLink[] = [
  { path: 'bokningar', label: 'Bokningar', hint: 'Dagens bokade besök; markera den som inte kom', activeOnly: true },
  { path: 'bokningar#scheman', label: 'Bokningsbara tider', hint: 'Dagar, tider, hur många per tid och stängda dagar', nav: false, activeOnly: true },
];

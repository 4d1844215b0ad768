/** @jsxImportSource hono/jsx */
/** "Boka tid" on a business's public page, when it takes bookings. */
import type { Child } from 'hono/jsx';
import type { Locale } from '../../../platform/i18n/locale.js';
import type { BookingService } from '../service.js';

export function bookingLinkBox(bookings: BookingService) {
  return async (cityId: string, citySlug: string, business: { id: string; slug: string }, locale: Locale): Promise<Child | null> => {
    if (!(await bookings.takesBookings(cityId, business.id))) return null;
    return (
      <p>
        <a class="button" href={`${locale === 'en' ? '/en' : ''}/${citySlug}/foretag/${business.slug}/boka`} lang="sv">
          Boka tid
        </a>
      </p>
    );
  };
}

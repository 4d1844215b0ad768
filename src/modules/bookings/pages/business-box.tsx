/** @jsxImportSource hono/jsx */
/** "Boka tid" on a business's public page, when it takes bookings. */
import type { BusinessPageSection } from '../../directory/index.js';
import type { BookingService } from '../service.js';

export function bookingLinkBox(bookings: BookingService): BusinessPageSection {
  return { placement: 'status', render: async ({ city, business, locale }) => {
    if (!(await bookings.takesBookings(city.id, business.id))) return null;
    const citySlug = city.slug;
    return { html: (
      <p>
        <a class="button" href={`${locale === 'en' ? '/en' : ''}/${citySlug}/foretag/${business.slug}/boka`} lang="sv">
          Boka tid
        </a>
      </p>
    ) };
  } };
}

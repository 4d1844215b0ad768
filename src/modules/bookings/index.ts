/** The bookings module's public face: schedules, free slots, booking, cancelling, reminders. */
export { createBookingService, cancelTokenFor, slotText, type BookingService, type Booking, type Schedule, type OpenSlot, type BookingBusinessPort } from './service.js';
export { bookingProblems } from './errors.js';
export { icsFile } from './ics.js';
export { slotsOn } from './slots.js';
export { mountBookingPages } from './pages/mount.js';
export type { BookingHttpDeps } from './deps.js';
export { bookingLinkBox } from './pages/business-box.js';
export { bookingMerchantLinks } from './pages/merchant-links.js';

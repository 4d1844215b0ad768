import type { ProblemCatalogue } from '../../platform/errors.js';

export const bookingProblems = {
  'bookings.slot_full': { status: 409, title: 'Tiden är fullbokad', titleEn: 'Slot full', description: 'Every place in this slot is taken. Choose another time.' },
  'bookings.slot_past': { status: 422, title: 'Tiden har passerat', titleEn: 'Slot in the past', description: 'The slot has already started or passed. Choose a later time.' },
  'bookings.slot_not_found': { status: 404, title: 'Tiden finns inte', titleEn: 'Slot not found', description: 'The business does not take bookings at that time (no schedule covers it, or that day is closed).' },
  'bookings.not_found': { status: 404, title: 'Bokningen finns inte', titleEn: 'Booking not found', description: 'The link is unknown, or the booking belongs to another city.' },
  'bookings.invalid_schedule': { status: 400, title: 'Schemat är ogiltigt', titleEn: 'Invalid schedule', description: 'Days, times, slot length or capacity are missing or out of range. `errors` lists each field.' },
} as const satisfies ProblemCatalogue;

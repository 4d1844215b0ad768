/**
 * The events module's public face: events by the association and its members with
 * recurrence, moderation, iCalendar feeds, the /{city}/evenemang pages and the API.
 */
export { createEventsService, EventInput, type EventsService, type Event, type EventOccurrence } from './service.js';
export { eventProblems } from './errors.js';
export { eventCategories, eventCategorySlugs, occurrencesBetween, nextOccurrence, describeRule, parseRule, type EventCategory } from './recurrence.js';
export { toIcs, type IcsEvent } from './ics.js';
export { mountEventPages, mountEventApi, eventMapLayer, EVENT_FORM_PATHS, type EventsHttpDeps } from './http.js';
export { mountEventMerchantPages, mountEventAdminPages } from './manage.js';
export type { EventImage } from './schema.js';

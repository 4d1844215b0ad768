/**
 * Pure helpers for changing events: the editable fields of a row, which of them an edit
 * changes, and which occurrences are called off. No I/O.
 */
import { occurrencesBetween, type Occurrence } from './recurrence.js';
import type { EventFields, events } from './schema.js';

type EventRow = typeof events.$inferSelect;

/** The fields an edit may change, in the order forms and reviews show them. */
export const eventFieldNames = ['title', 'description', 'category', 'startDate', 'startTime', 'endTime', 'rrule', 'placeBusinessId', 'address', 'priceOre', 'image', 'link', 'organiser'] as const satisfies ReadonlyArray<keyof EventFields>;
export type EventFieldName = (typeof eventFieldNames)[number];

/** The row's editable fields (the published version). */
export function fieldsOf(e: EventRow): EventFields {
  return { title: e.title, description: e.description, category: e.category, startDate: e.startDate, startTime: e.startTime, endTime: e.endTime, rrule: e.rrule, placeBusinessId: e.placeBusinessId, address: e.address, priceOre: e.priceOre, image: e.image, link: e.link, organiser: e.organiser };
}

/** The fields that differ; a picture differs when its file or its alt text does. */
export function changedFields(before: EventFields, after: EventFields): EventFieldName[] {
  return eventFieldNames.filter((k) => {
    if (k === 'image') return (before.image?.hash ?? null) !== (after.image?.hash ?? null) || (before.image?.alt ?? null) !== (after.image?.alt ?? null);
    return (before[k] ?? null) !== (after[k] ?? null);
  });
}

/** Called-off dates that are still dates of the (possibly re-timed) event; the others mean nothing any more. */
export function keptCancelledDates(timing: Pick<EventFields, 'startDate' | 'startTime' | 'endTime' | 'rrule'>, dates: readonly string[]): string[] {
  return dates.filter((d) => occurrencesBetween(timing, d, d).length > 0);
}

/** True when this occurrence does not take place: the whole event or this date is called off. */
function isCancelledOn(e: Pick<EventRow, 'cancelledAt' | 'cancelledDates'>, date: string): boolean {
  return e.cancelledAt !== null || e.cancelledDates.includes(date);
}

/** The event's occurrences on `from`–`to`, each marked when it is called off. */
export function occurrencesOf<E extends EventRow>(e: E, from: string, to: string): Array<Occurrence & { event: E; cancelled: boolean }> {
  return occurrencesBetween(e, from, to).map((o) => ({ ...o, event: e, cancelled: isCancelledOn(e, o.date) }));
}

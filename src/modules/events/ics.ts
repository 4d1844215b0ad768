/**
 * iCalendar (RFC 5545) for the city's events: one VCALENDAR with the Europe/Stockholm
 * VTIMEZONE, each event a VEVENT with a stable UID, DTSTAMP, local DTSTART/DTEND with
 * TZID, and its RRULE kept so calendars repeat it themselves (content lines: platform/ical).
 * A called-off event stays in the feed as STATUS:CANCELLED, a called-off date of a series
 * is an EXDATE, and SEQUENCE grows with every change, so subscribed calendars take the
 * newer version over the one they hold (RFC 5545 §3.8.1.11, §3.8.7.4, §3.8.5.1).
 */
import { addDays, minutesOfTime } from '../../platform/time/zoned.js';
import { escapeText, icsText, utcDateTime } from '../../platform/ical/content-lines.js';
import { parseRule } from './recurrence.js';

export interface IcsEvent {
  id: string;
  title: string;
  description: string;
  location: string;
  url: string;
  category: string;
  startDate: string;
  startTime: string;
  endTime: string | null;
  rrule: string | null;
  updatedAt: Date;
  /** The revision (bumped by every change subscribers must take over); 0 when never changed. */
  sequence?: number;
  /** The whole event is called off. */
  cancelled?: boolean;
  /** Dates ('YYYY-MM-DD') of the series that are called off. */
  cancelledDates?: readonly string[];
}

/** Stockholm's rules since 1996: CEST from the last Sunday of March 02:00, CET from the last Sunday of October 03:00. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Stockholm',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const local = (date: string, time: string) => `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;

export function toIcs(events: IcsEvent[], options: { name: string; host: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Torget//Evenemang//SV', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name)}`, 'X-WR-TIMEZONE:Europe/Stockholm', ...VTIMEZONE];
  for (const e of events) {
    const endDate = e.endTime && minutesOfTime(e.endTime) <= minutesOfTime(e.startTime) ? addDays(e.startDate, 1) : e.startDate;
    const rule = e.rrule ? parseRule(e.rrule) : null;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.id}@${options.host}`,
      `DTSTAMP:${utcDateTime(e.updatedAt)}`,
      `DTSTART;TZID=Europe/Stockholm:${local(e.startDate, e.startTime)}`,
      ...(e.endTime ? [`DTEND;TZID=Europe/Stockholm:${local(endDate, e.endTime)}`] : []),
      ...(rule ? [`RRULE:${rule}`] : []),
      // One EXDATE per called-off date, at the series' own local start time (what it excludes must match DTSTART).
      ...(rule ? (e.cancelledDates ?? []).map((d) => `EXDATE;TZID=Europe/Stockholm:${local(d, e.startTime)}`) : []),
      `SEQUENCE:${e.sequence ?? 0}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      `SUMMARY:${escapeText(e.cancelled ? `Inställt: ${e.title}` : e.title)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      `URL:${e.url}`,
      `CATEGORIES:${escapeText(e.category)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return icsText(lines);
}

/**
 * iCalendar (RFC 5545) for the city's events: one VCALENDAR with the Europe/Stockholm
 * VTIMEZONE, each event a VEVENT with a stable UID, DTSTAMP, local DTSTART/DTEND with
 * TZID, and its RRULE kept so calendars repeat it themselves. Lines end in CRLF and are
 * folded at 75 octets; text is escaped.
 */
import { addDays, minutesOfTime } from '../../platform/time/zoned.js';
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

export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const local = (date: string, time: string) => `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
const utcStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function toIcs(events: IcsEvent[], options: { name: string; host: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Torget//Evenemang//SV', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(options.name)}`, 'X-WR-TIMEZONE:Europe/Stockholm', ...VTIMEZONE];
  for (const e of events) {
    const endDate = e.endTime && minutesOfTime(e.endTime) <= minutesOfTime(e.startTime) ? addDays(e.startDate, 1) : e.startDate;
    const rule = e.rrule ? parseRule(e.rrule) : null;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.id}@${options.host}`,
      `DTSTAMP:${utcStamp(e.updatedAt)}`,
      `DTSTART;TZID=Europe/Stockholm:${local(e.startDate, e.startTime)}`,
      ...(e.endTime ? [`DTEND;TZID=Europe/Stockholm:${local(endDate, e.endTime)}`] : []),
      ...(rule ? [`RRULE:${rule}`] : []),
      `SUMMARY:${escapeText(e.title)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      `URL:${e.url}`,
      `CATEGORIES:${escapeText(e.category)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

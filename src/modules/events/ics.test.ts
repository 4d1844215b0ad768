import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine } from '../../platform/ical/content-lines.js';
import { toIcs, type IcsEvent } from './ics.js';

const base: IcsEvent = {
  id: '7f1c9a2e-0000-4000-8000-000000000001',
  title: 'Lördagsmarknad på Stora torget; grönsaker, bröd, hantverk',
  description: 'Rad ett\nRad två med å, ä och ö – och ett långt slut som måste vikas över flera rader i filen, eftersom RFC 5545 säger 75 oktetter.',
  location: 'Stora torget, Demoköping',
  url: 'https://torget.example/demo/evenemang/7f1c9a2e-0000-4000-8000-000000000001',
  category: 'Marknad',
  startDate: '2026-03-21',
  startTime: '10:00',
  endTime: '14:00',
  rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=4',
  updatedAt: new Date('2026-03-01T12:00:00Z'),
};

describe('iCalendar output', () => {
  const text = toIcs([base, { ...base, id: '7f1c9a2e-0000-4000-8000-000000000002', title: 'Nyårsfest', rrule: null, startDate: '2026-12-31', startTime: '22:00', endTime: '01:00' }], { name: 'Demoköping: evenemang', host: 'torget.example' });

  it('is CRLF, folded at 75 octets, with the Stockholm VTIMEZONE', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm');
    expect(text).toContain('DTSTART;TZID=Europe/Stockholm:20260321T100000');
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=4');
    expect(foldLine('å'.repeat(50)).split('\r\n ').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });

  it('parses back with an independent parser: UID, DTSTAMP, zone, times across DST, RRULE kept, text intact', () => {
    const cal = new ICAL.Component(ICAL.parse(text));
    const zone = cal.getFirstSubcomponent('vtimezone')!;
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
    const [market, party] = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(market!.uid).toBe(`${base.id}@torget.example`);
    expect(market!.summary).toBe(base.title);
    expect(market!.description).toBe(base.description);
    expect(market!.location).toBe(base.location);
    expect(market!.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-03-01T12:00:00Z');
    expect(market!.startDate.zone!.tzid).toBe('Europe/Stockholm');
    expect(market!.isRecurring()).toBe(true);
    const it = market!.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next; next = it.next()) starts.push(next.toJSDate().toISOString());
    // 10:00 local each Saturday: +01 before 29 March, +02 after.
    expect(starts).toEqual(['2026-03-21T09:00:00.000Z', '2026-03-28T09:00:00.000Z', '2026-04-04T08:00:00.000Z', '2026-04-11T08:00:00.000Z']);
    expect(party!.isRecurring()).toBe(false);
    expect(party!.endDate.toJSDate().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('iCalendar output for changed and called-off events', () => {
  const host = 'torget.example';
  const parse = (text: string) => {
    const cal = new ICAL.Component(ICAL.parse(text));
    ICAL.TimezoneService.register(new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone')!));
    return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  };

  it('keeps a called-off event as STATUS:CANCELLED with a higher SEQUENCE and the same UID, so subscribed calendars replace it', () => {
    const before = parse(toIcs([{ ...base, rrule: null }], { name: 'x', host }))[0]!;
    const after = parse(toIcs([{ ...base, rrule: null, cancelled: true, sequence: 3, updatedAt: new Date('2026-03-10T08:00:00Z') }], { name: 'x', host }))[0]!;
    expect(before.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(before.sequence).toBe(0);
    expect(after.uid).toBe(before.uid);
    expect(after.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(after.sequence).toBe(3);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-03-10T08:00:00Z');
    expect(after.summary).toBe(`Inställt: ${base.title}`);
  });

  it('drops a called-off date of a series with an EXDATE at the local start time, on both sides of a DST change', () => {
    const [market] = parse(toIcs([{ ...base, cancelledDates: ['2026-03-28', '2026-04-04'], sequence: 2 }], { name: 'x', host }));
    expect(market!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(market!.sequence).toBe(2);
    expect(market!.component.getAllProperties('exdate').map((p) => p.getParameter('tzid'))).toEqual(['Europe/Stockholm', 'Europe/Stockholm']);
    const it = market!.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next; next = it.next()) starts.push(next.toJSDate().toISOString());
    // The rule still says four Saturdays; 28 March (+01) and 4 April (+02) are gone.
    expect(starts).toEqual(['2026-03-21T09:00:00.000Z', '2026-04-11T08:00:00.000Z']);
  });
});

/**
 * The slots a schedule offers on a date: pure arithmetic on Stockholm wall-clock times.
 * A slot starts every `slotMinutes` from `startTime` and must end by `endTime`.
 */
import { isoWeekday, minutesOfTime, timeOfMinutes, zonedDateTimeToInstant } from '../../platform/time/zoned.js';

export interface ScheduleShape {
  weekdays: number[];
  startTime: string;
  endTime: string;
  slotMinutes: number;
  capacity: number;
  validFrom: string | null;
  validUntil: string | null;
}

export interface SlotTime {
  date: string;
  /** 'HH:MM' Stockholm time. */
  time: string;
  endTime: string;
  startsAt: Date;
  endsAt: Date;
}

export function slotsOn(schedule: ScheduleShape, date: string, closedDates: ReadonlySet<string> = new Set()): SlotTime[] {
  if (!schedule.weekdays.includes(isoWeekday(date))) return [];
  if (schedule.validFrom && date < schedule.validFrom) return [];
  if (schedule.validUntil && date > schedule.validUntil) return [];
  if (closedDates.has(date)) return [];
  const start = minutesOfTime(schedule.startTime);
  const end = minutesOfTime(schedule.endTime, true);
  const out: SlotTime[] = [];
  for (let m = start; m + schedule.slotMinutes <= end; m += schedule.slotMinutes) {
    const time = timeOfMinutes(m);
    const endTime = timeOfMinutes(m + schedule.slotMinutes);
    out.push({ date, time, endTime, startsAt: zonedDateTimeToInstant(date, time), endsAt: zonedDateTimeToInstant(date, endTime) });
  }
  return out;
}

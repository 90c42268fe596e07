import { parseClock } from '../time/parse.js';
import { localParts } from '../time/zone.js';

/** Opening hours in the business time zone. */
export interface BusinessHours {
  /** Opening time, `HH:mm` (e.g. `09:00`). */
  start: string;
  /** Closing time, `HH:mm` (e.g. `17:00`); an appointment must end by then. */
  end: string;
  /** Open days, 0 = Sunday … 6 = Saturday (default Monday to Friday). */
  days?: readonly number[] | undefined;
}

/** The booking rules of a business. */
export interface Schedule {
  /** IANA time zone of the business, e.g. `America/Los_Angeles`. */
  timeZone: string;
  /** Length of an appointment in minutes. */
  durationMinutes: number;
  businessHours?: BusinessHours;
  /** The shortest notice accepted, in minutes. */
  minNoticeMinutes: number;
  /** Slot granularity for availability and alternatives, in minutes. */
  slotMinutes: number;
}

/** A time range, epoch milliseconds, end exclusive. */
export interface Interval {
  start: number;
  end: number;
}

const weekdaysOnly = [1, 2, 3, 4, 5] as const;

/** Why a slot cannot be booked, in words an agent can say; `undefined` when it can. */
export function slotProblem(slot: Interval, schedule: Schedule, now: number): string | undefined {
  if (slot.start <= now) return 'That time has already passed; please choose a time in the future.';
  if (slot.start < now + schedule.minNoticeMinutes * 60_000) {
    return `We need at least ${describeMinutes(schedule.minNoticeMinutes)} notice; please choose a later time.`;
  }
  const hours = schedule.businessHours;
  if (hours && !withinHours(slot, hours, schedule.timeZone)) {
    return `That time is outside our business hours (${hours.start} to ${hours.end}, ${describeDays(hours.days ?? weekdaysOnly)}, ${schedule.timeZone} time).`;
  }
  return undefined;
}

function withinHours(slot: Interval, hours: BusinessHours, timeZone: string): boolean {
  const open = parseClock(hours.start) ?? 0;
  const close = parseClock(hours.end) ?? 24 * 60;
  const first = localParts(slot.start, timeZone);
  const last = localParts(slot.end - 1, timeZone);
  if (first.day !== last.day || !(hours.days ?? weekdaysOnly).includes(first.weekday)) return false;
  const startMinute = first.hour * 60 + first.minute;
  const endMinute = startMinute + Math.round((slot.end - slot.start) / 60_000);
  return startMinute >= open && endMinute <= close;
}

/** True when two intervals share any time. */
export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

/**
 * Every bookable slot that starts in `range` and is free of `busy`, in time order, at most `limit`.
 */
export function freeSlots(range: Interval, busy: readonly Interval[], schedule: Schedule, now: number, limit = 200): Interval[] {
  const step = schedule.slotMinutes * 60_000;
  const length = schedule.durationMinutes * 60_000;
  const slots: Interval[] = [];
  for (let start = Math.ceil(range.start / step) * step; start < range.end && slots.length < limit; start += step) {
    const slot = { start, end: start + length };
    if (slotProblem(slot, schedule, now) === undefined && !busy.some((b) => overlaps(b, slot))) slots.push(slot);
  }
  return slots;
}

/** The `count` free slots nearest to `wanted` within `searchDays` either side of it. */
export function nearestFreeSlots(wanted: Interval, busy: readonly Interval[], schedule: Schedule, now: number, count: number, searchDays = 7): Interval[] {
  const range = searchRange(wanted, searchDays);
  return freeSlots(range, busy, schedule, now, 10_000)
    .sort((a, b) => Math.abs(a.start - wanted.start) - Math.abs(b.start - wanted.start) || a.start - b.start)
    .slice(0, count)
    .sort((a, b) => a.start - b.start);
}

/** The range searched for alternatives to `wanted`. */
export function searchRange(wanted: Interval, searchDays = 7): Interval {
  return { start: wanted.start - searchDays * 86_400_000, end: wanted.start + searchDays * 86_400_000 };
}

/** Busy intervals with `own` taken out (an appointment does not conflict with itself when moved). */
export function withoutInterval(busy: readonly Interval[], own: Interval): Interval[] {
  return busy.flatMap((b) => {
    if (!overlaps(b, own)) return [b];
    const pieces: Interval[] = [];
    if (b.start < own.start) pieces.push({ start: b.start, end: own.start });
    if (b.end > own.end) pieces.push({ start: own.end, end: b.end });
    return pieces;
  });
}

function describeMinutes(minutes: number): string {
  const [count, unit] = minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return count === 1 ? `1 ${unit}'s` : `${count} ${unit}s'`;
}

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function describeDays(days: readonly number[]): string {
  const sorted = [...days].sort();
  const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (consecutive && sorted.length > 2) return `${dayNames[sorted[0]!]} to ${dayNames[sorted.at(-1)!]}`;
  return sorted.map((d) => dayNames[d]).join(', ');
}

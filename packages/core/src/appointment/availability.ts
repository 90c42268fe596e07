import { CallwireError } from '../errors.js';
import type { AppointmentContext } from './context.js';
import { freeSlots, type Interval } from './schedule.js';
import { formatForPeople, toZonedIso } from '../time/format.js';
import { parseIsoTime } from '../time/parse.js';
import { zonedToInstant } from '../time/zone.js';

/** What to look for: one day (`YYYY-MM-DD`, business time) or a range; default the next 7 days. */
export interface AvailabilityQuery {
  date?: string;
  from?: string;
  to?: string;
  /** At most this many slots (default 12, at most 100). */
  limit?: number;
}

/** Free slots, for the voice agent to offer. */
export interface Availability {
  status: 'success';
  time_zone: string;
  slots: { start: string; end: string; label: string }[];
  agent_message: string;
}

const maxRangeMs = 31 * 86_400_000;

function rangeOf(ctx: AppointmentContext, query: AvailabilityQuery, now: number): Interval {
  const zone = ctx.rt.schedule.timeZone;
  const invalid = (path: string, message: string) => new CallwireError('invalid_payload', message, { issues: [{ path, message }] });
  if (query.date !== undefined) {
    const match = typeof query.date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(query.date) : null;
    const day = match && parseIsoTime(`${query.date}T00:00`, zone);
    if (!match || !day) throw invalid('date', 'The date must look like 2026-11-24.');
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    return { start: day.instant, end: zonedToInstant({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 }, zone) };
  }
  const read = (value: unknown, path: string, fallback: number) => {
    if (value === undefined || value === null || value === '') return fallback;
    const parsed = typeof value === 'string' ? parseIsoTime(value, zone) : undefined;
    if (!parsed) throw invalid(path, 'Times must be ISO 8601, like 2026-11-24T09:00:00-08:00.');
    return parsed.instant;
  };
  const start = read(query.from, 'from', now);
  const end = read(query.to, 'to', start + 7 * 86_400_000);
  if (end <= start) throw invalid('to', '"to" must be after "from".');
  if (end - start > maxRangeMs) throw invalid('to', 'The range may span at most 31 days.');
  return { start, end };
}

/**
 * Free slots in a day or range, checked against the calendar's free/busy and the business rules.
 *
 * @example
 * ```ts
 * const { slots, agent_message } = await appointments.availability({ date: '2026-11-24' });
 * ```
 */
export async function findAvailability(ctx: AppointmentContext, query: AvailabilityQuery): Promise<Availability> {
  const now = ctx.rt.clock();
  const range = rangeOf(ctx, query, now);
  const limit = Math.min(Math.max(Math.trunc(Number(query.limit ?? 12)) || 12, 1), 100);
  const busy = ctx.rt.calendar
    ? (await ctx.rt.calendar.freeBusy({ start: new Date(range.start).toISOString(), end: new Date(range.end).toISOString() })).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }))
    : [];
  const zone = ctx.rt.schedule.timeZone;
  const slots = freeSlots(range, busy, ctx.rt.schedule, now, limit).map((slot) => ({
    start: toZonedIso(slot.start, zone),
    end: toZonedIso(slot.end, zone),
    label: formatForPeople(slot.start, zone),
  }));
  const spoken = slots.slice(0, 4).map((slot) => slot.label);
  const agent_message = slots.length === 0 ? 'There are no free times in that period; please suggest another day.' : `Free times include ${spoken.join('; ')}.`;
  return { status: 'success', time_zone: zone, slots, agent_message };
}

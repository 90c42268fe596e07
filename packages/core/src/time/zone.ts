/**
 * Wall-clock arithmetic in IANA time zones with `Intl` only (no date library), shared by both
 * pipelines: the local fields of an instant, a zone's offset, and the instant a wall-clock time
 * names — with Temporal's `compatible` rule at DST changes.
 */

/** Calendar and clock fields without a zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The local calendar and clock fields of an instant in a zone. */
export interface LocalParts extends WallTime {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const DAY_MS = 86_400_000;

function partFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    partFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    partFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `instant` (epoch milliseconds) in `timeZone`. */
export function localParts(instant: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of partFormatter(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays[parts.weekday ?? 'Sun'] ?? 0,
  };
}

/** `fields` read as if they were UTC, in epoch milliseconds. */
function wallAsUtc(fields: WallTime): number {
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
}

/** The zone's offset from UTC at `instant`, in minutes (e.g. -480 for PST, 330 for IST). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const asUtc = wallAsUtc(localParts(instant, timeZone));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant (epoch milliseconds) at which the wall clock in `timeZone` shows `fields`, by
 * Temporal's `compatible` rule: a time repeated by a DST change (01:30 on a fall-back night) is its
 * earlier occurrence; a time skipped by one (02:30 on a spring-forward night) reads in the offset
 * before the change, so it lands after the gap (03:30).
 *
 * @example
 * ```ts
 * zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, 'America/New_York');
 * // Date.parse('2026-03-08T07:30:00Z'), i.e. 03:30 EDT
 * ```
 */
export function zonedToInstant(fields: WallTime, timeZone: string): number {
  const wall = wallAsUtc(fields);
  const before = offsetMinutes(wall - DAY_MS, timeZone);
  const after = offsetMinutes(wall + DAY_MS, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => wallAsUtc(localParts(instant, timeZone)) === Math.floor(wall / 1000) * 1000)
    .sort((a, b) => a - b);
  return matches[0] ?? wall - before * 60_000;
}

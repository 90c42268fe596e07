/**
 * Wall-clock arithmetic in IANA time zones with `Intl` only (no date library): reading a local time
 * in a zone, formatting an instant for people, and the local parts of an instant.
 */

/** The local calendar and clock fields of an instant in a zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

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
  try {
    partFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `instant` in `timeZone`. */
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

/** The zone's offset from UTC at `instant`, in minutes (e.g. -480 for PST). */
export function offsetMinutes(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows the given fields. A time skipped by a DST
 * change (02:30 on a spring-forward night) reads as the same wall time in the offset before it.
 */
export function zonedToInstant(fields: Omit<LocalParts, 'weekday'>, timeZone: string): number {
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  const second = wall - offsetMinutes(first, timeZone) * 60_000;
  return offsetMinutes(second, timeZone) === offsetMinutes(first, timeZone) ? second : Math.max(first, second);
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** What {@link parseIsoTime} found. */
export interface ParsedTime {
  instant: number;
  /** Whether the text carried its own offset (`Z` or `±hh:mm`). */
  hadOffset: boolean;
}

/**
 * Reads an ISO 8601 date-time. With an offset it is exact; without one it is read on the wall
 * clock of `timeZone`. Returns `undefined` for anything else (including impossible dates).
 *
 * @example
 * ```ts
 * parseIsoTime('2026-11-24T15:00:00', 'America/Los_Angeles'); // { instant: Date.parse('2026-11-24T23:00:00Z'), hadOffset: false }
 * ```
 */
export function parseIsoTime(text: string, timeZone: string): ParsedTime | undefined {
  const match = isoPattern.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match;
  const fields = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s ?? 0) };
  if (fields.month < 1 || fields.month > 12 || fields.day < 1 || fields.hour > 23 || fields.minute > 59 || fields.second > 59) return undefined;
  const check = new Date(Date.UTC(fields.year, fields.month - 1, fields.day));
  if (check.getUTCDate() !== fields.day) return undefined;
  if (!zone) return { instant: zonedToInstant(fields, timeZone), hadOffset: false };
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  if (zone.toUpperCase() === 'Z') return { instant: wall, hadOffset: true };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  return { instant: wall - offset * 60_000, hadOffset: true };
}

/** `instant` as ISO 8601 with the zone's offset, e.g. `2026-11-24T15:00:00-08:00`. */
export function toZonedIso(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
  const sign = offset < 0 ? '-' : '+';
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/**
 * `instant` for people, in their zone: `Tuesday, November 24 at 3:00 PM PST`.
 */
export function formatForPeople(instant: number, timeZone: string, locale = 'en-US'): string {
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(instant);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(instant);
  return `${date} at ${time}`;
}

/** Minutes since local midnight, from `HH:mm`. */
export function parseClock(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 24 * 60 ? minutes : undefined;
}

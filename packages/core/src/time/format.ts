/** Showing instants in a time zone: for APIs (ISO with offset, Exotel's wall clock) and for people. */
import { localParts, offsetMinutes } from './zone.js';

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `instant` as ISO 8601 with the zone's offset, e.g. `2026-11-24T15:00:00-08:00`. */
export function toZonedIso(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/**
 * An instant as a zone-less wall-clock time `YYYY-MM-DD HH:mm:ss` in `timeZone` — the form Exotel's
 * filters (`DateCreated=gte:…`) expect; the inverse of `parseCallTime` for such times.
 *
 * @example
 * ```ts
 * formatWallClock(new Date('2026-11-20T09:40:02Z'), 'Asia/Kolkata'); // '2026-11-20 15:10:02'
 * ```
 */
export function formatWallClock(date: Date, timeZone: string): string {
  const p = localParts(date.getTime(), timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/**
 * Shows an instant as `YYYY-MM-DD HH:mm:ss ZONE` in a time zone, with the zone's abbreviation
 * (`IST`, `UTC`, `EST`), or its `GMT+x` offset where no abbreviation is in common use.
 *
 * @example
 * ```ts
 * formatCallTime('2026-11-20T09:42:17Z', 'Asia/Kolkata'); // '2026-11-20 15:12:17 IST'
 * ```
 */
export function formatCallTime(iso: string, timeZone: string): string {
  const epoch = Date.parse(iso);
  return `${formatWallClock(new Date(epoch), timeZone)} ${zoneAbbreviation(epoch, timeZone)}`;
}

function zoneAbbreviation(epoch: number, timeZone: string): string {
  let fallback = 'UTC';
  for (const locale of ['en-US', 'en-IN', 'en-GB', 'en-AU']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(epoch).find((part) => part.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback = name;
  }
  return fallback;
}

/** `instant` for people, in their zone: `Tuesday, November 24 at 3:00 PM PST`. */
export function formatForPeople(instant: number, timeZone: string, locale = 'en-US'): string {
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(instant);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(instant);
  return `${date} at ${time}`;
}

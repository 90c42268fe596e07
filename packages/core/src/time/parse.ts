/** Reading times as people and providers write them, in a business or provider time zone. */
import { zonedToInstant } from './zone.js';

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** What {@link parseIsoTime} found. */
export interface ParsedTime {
  /** Epoch milliseconds. */
  instant: number;
  /** Whether the text carried its own offset (`Z` or `±hh:mm`). */
  hadOffset: boolean;
}

/**
 * Reads an ISO 8601 date-time. With an offset it is exact; without one it is read on the wall
 * clock of `timeZone` (see {@link zonedToInstant} for DST changes). Returns `undefined` for anything
 * else, including impossible dates.
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

/**
 * Reads a call time as providers send it: ISO 8601 with a zone, epoch seconds or milliseconds, or
 * Exotel's `2026-11-20 15:10:02` (a wall-clock time in `providerTimeZone`). Returns an ISO instant,
 * or `undefined` when the text is not a time (Exotel sends `1970-01-01 05:30:00` for "none").
 *
 * @example
 * ```ts
 * parseCallTime('2026-11-20 15:10:02', 'Asia/Kolkata'); // '2026-11-20T09:40:02.000Z'
 * ```
 */
export function parseCallTime(raw: string, providerTimeZone: string): string | undefined {
  const text = raw.trim();
  let epoch: number;
  if (/^\d{10}$/.test(text)) epoch = Number(text) * 1000;
  else if (/^\d{13}$/.test(text)) epoch = Number(text);
  else {
    const parsed = parseIsoTime(text, providerTimeZone);
    if (parsed) epoch = parsed.hadOffset ? Date.parse(text.replace(' ', 'T')) : parsed.instant; // Date.parse keeps the milliseconds
    else epoch = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(text) ? Number.NaN : Date.parse(text); // an impossible date, never the host's zone
  }
  if (!Number.isFinite(epoch) || epoch < 86_400_000) return undefined;
  return new Date(epoch).toISOString();
}

/** Minutes since local midnight, from `HH:mm` (`24:00` allowed as the end of a day). */
export function parseClock(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 24 * 60 ? minutes : undefined;
}

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
  const common = offsetIsoInstant(text); // the usual shape, without the general reading below (same result)
  if (common !== undefined) {
    if (common < 86_400_000) return undefined;
    // `YYYY-MM-DD?HH:mm:ssZ`, its fields checked: the ISO instant is the same digits (no Date to make and format)
    if (text.length === 20 && (text.charCodeAt(19) === 90 || text.charCodeAt(19) === 122)) return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
    return new Date(common).toISOString();
  }
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

const zero = 48; // '0'

/** The digits of `text` from `start` to `end` as a number, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - zero;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Days in a month (1–12) of a proleptic Gregorian year. */
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/**
 * Epoch milliseconds of `YYYY-MM-DD[T ]HH:mm:ss[.fraction](Z|±HH:mm)` — the shape providers usually send —
 * read character by character; `undefined` for any other text (and for impossible fields), which
 * {@link parseCallTime}'s general path then reads. Milliseconds are the fraction's first three digits, as `Date.parse` reads them.
 */
function offsetIsoInstant(text: string): number | undefined {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && separator !== 32) return undefined; // T, t or a space
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  let index = 19;
  let milliseconds = 0;
  if (text.charCodeAt(index) === 46) {
    // '.' and 1 to 9 digits
    const start = ++index;
    while (index < length && index - start < 10) {
      const digit = text.charCodeAt(index) - zero;
      if (digit < 0 || digit > 9) break;
      if (index - start < 3) milliseconds += digit * (index - start === 0 ? 100 : index - start === 1 ? 10 : 1);
      index++;
    }
    if (index === start || index - start > 9) return undefined;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(index);
  if (zone === 90 || zone === 122) {
    // Z or z
    if (index + 1 !== length) return undefined;
  } else if (zone === 43 || zone === 45) {
    // +HH:mm or -HH:mm
    if (index + 6 !== length || text.charCodeAt(index + 3) !== 58) return undefined;
    const hours = digitsAt(text, index + 1, index + 3);
    const minutes = digitsAt(text, index + 4, index + 6);
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined;
    offsetMinutes = (zone === 45 ? -1 : 1) * (hours * 60 + minutes);
  } else {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMinutes * 60_000;
}

/** Minutes since local midnight, from `HH:mm` (`24:00` allowed as the end of a day). */
export function parseClock(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 24 * 60 ? minutes : undefined;
}

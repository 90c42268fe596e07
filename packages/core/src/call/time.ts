/** Call timestamps: reading provider times (often without a zone) and showing them in a zone. */

const localDateTime = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

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
  const local = localDateTime.exec(text);
  if (/^\d{10}$/.test(text)) epoch = Number(text) * 1000;
  else if (/^\d{13}$/.test(text)) epoch = Number(text);
  else if (local) {
    const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
    epoch = zonedToEpoch(Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0), providerTimeZone);
  } else epoch = Date.parse(text);
  if (!Number.isFinite(epoch) || epoch < 86_400_000) return undefined;
  return new Date(epoch).toISOString();
}

/** The instant whose wall-clock time in `timeZone` is `wallClockAsUtc` (read as if it were UTC). */
function zonedToEpoch(wallClockAsUtc: number, timeZone: string): number {
  let guess = wallClockAsUtc - offsetMs(wallClockAsUtc, timeZone);
  guess = wallClockAsUtc - offsetMs(guess, timeZone);
  return guess;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetMs(epoch: number, timeZone: string): number {
  const parts = wallClock(epoch, timeZone);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(epoch / 1000) * 1000;
}

function wallClock(epoch: number, timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const value = (type: string) => Number(format.formatToParts(epoch).find((p) => p.type === type)?.value ?? 0);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}

/**
 * An instant as a zone-less wall-clock time `YYYY-MM-DD HH:mm:ss` in `timeZone` — the form Exotel's
 * filters (`DateCreated=gte:…`) expect; the inverse of {@link parseCallTime} for such times.
 *
 * @example
 * ```ts
 * formatWallClock(new Date('2026-11-20T09:40:02Z'), 'Asia/Kolkata'); // '2026-11-20 15:10:02'
 * ```
 */
export function formatWallClock(date: Date, timeZone: string): string {
  const p = wallClock(date.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
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

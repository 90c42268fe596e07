/**
 * Exotel's bulk Call Details query accepts "a maximum date range of 1 month" in `DateCreated`
 * (https://developer.exotel.com/api/call-details-bulk). A window of 28 days is within one month by
 * any reading of "month" (February included), so longer ranges are split into 28-day windows.
 */
export const maxCallQueryWindowMs = 28 * 24 * 3600_000;

/** One `DateCreated` window: both ends inclusive, whole seconds. */
export interface DateWindow {
  since: Date;
  until: Date;
}

/**
 * Splits `since..until` (inclusive, whole seconds) into consecutive, non-overlapping windows of at most
 * `maxWindowMs`; none when `until` is before `since`.
 *
 * @example
 * ```ts
 * dateWindows(new Date('2026-01-01'), new Date('2026-03-01')).length; // 3 (28 + 28 + 4 days)
 * ```
 */
export function dateWindows(since: Date, until: Date, maxWindowMs = maxCallQueryWindowMs): DateWindow[] {
  const windows: DateWindow[] = [];
  const last = Math.floor(until.getTime() / 1000) * 1000;
  for (let start = Math.floor(since.getTime() / 1000) * 1000; start <= last; start += maxWindowMs) {
    windows.push({ since: new Date(start), until: new Date(Math.min(last, start + maxWindowMs - 1000)) });
  }
  return windows;
}

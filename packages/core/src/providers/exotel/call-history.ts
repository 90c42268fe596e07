import * as z from 'zod';
import { parseCallPayload } from '../../call/intake/parse-call.js';
import type { CallHistory, PortCallOptions } from '../../call/ports.js';
import type { CallInput } from '../../call/types.js';
import type { CountryCode } from '../../phone.js';
import { isTimeZone } from '../../time/zone.js';
import { formatWallClock } from '../../time/format.js';
import { createExotelApi, exotelApiOptionsSchema, type ExotelApiOptions } from './api-client.js';
import { dateWindows } from './date-windows.js';
import { optionError, parseOptions } from '../../options.js';

/** Options of {@link exotelCallHistory}. */
export interface ExotelCallHistoryOptions extends ExotelApiOptions {
  /**
   * @deprecated Use `region` (it takes a full base URL too). `https://api.exotel.com` (Singapore) or
   * `https://api.in.exotel.com` (Mumbai).
   */
  /** Deprecated spelling of `region` for a base URL (set `region` only). */
  baseUrl?: string | undefined;
  /** Zone of the account's times (default `Asia/Kolkata`). */
  timeZone?: string | undefined;
  /** Region for national numbers in the listing (default `IN`). */
  defaultRegion?: CountryCode | undefined;
  /** Calls per page (default 100, Exotel's maximum). */
  pageSize?: number | undefined;
  /** The current time, for the end of an open range (default `() => new Date()`). */
  clock?: (() => Date) | undefined;
}

interface CallsPage {
  Calls?: Record<string, unknown>[];
  Metadata?: { NextPageUri?: string | null };
}

const optionsSchema = exotelApiOptionsSchema.extend({
  baseUrl: z.string({ error: 'must be a URL string' }).optional(),
  timeZone: z.string({ error: 'must be an IANA time zone' }).refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata').optional(),
  pageSize: z.number({ error: 'must be a whole number from 1 to 100' }).int('must be a whole number from 1 to 100').min(1, 'must be at least 1').max(100, 'must be at most 100 (Exotel\'s maximum)').optional(),
});

/**
 * A {@link CallHistory} on Exotel's Bulk Call Details API (`GET /v1/Accounts/<sid>/Calls.json`,
 * filtered by `DateCreated` and `Status=completed`, following `NextPageUri`;
 * https://developer.exotel.com/api/call-details-bulk). Used by `calls.reconcile({ since })` to find
 * calls whose callbacks never arrived.
 *
 * Exotel answers at most one month per query, so `since..until` (until: now, when open) is asked in
 * consecutive windows of 28 days, each with both `gte:` and `lte:`. Paging links are followed on the
 * API's own origin only: a `NextPageUri` naming another host never receives the credentials.
 *
 * @example
 * ```ts
 * const history = exotelCallHistory({ accountSid: 'acme1', apiKey, apiToken, region: 'mumbai' });
 * const calls = createCallPipeline({ ..., history });
 * await calls.reconcile({ since: new Date(Date.now() - 24 * 3600_000) });
 * ```
 */
export function exotelCallHistory(options: ExotelCallHistoryOptions): CallHistory {
  const checked = parseOptions(optionsSchema, options, 'exotelCallHistory');
  if (checked.baseUrl !== undefined && checked.region !== undefined && checked.baseUrl !== checked.region) {
    throw optionError('exotelCallHistory', 'baseUrl', 'disagrees with `region`; set `region` only');
  }
  const api = createExotelApi({ ...options, region: checked.region ?? checked.baseUrl }, 'exotelCallHistory');
  const timeZone = checked.timeZone ?? 'Asia/Kolkata';
  const clock = options.clock ?? (() => new Date());

  return {
    name: 'exotel-call-details',
    async *completedCalls({ since, until, signal }: { since: Date; until?: Date } & PortCallOptions): AsyncIterable<CallInput> {
      for (const window of dateWindows(since, until ?? clock())) {
        let url: URL | undefined = api.accountUrl('Calls.json', {
          DateCreated: `gte:${formatWallClock(window.since, timeZone)};lte:${formatWallClock(window.until, timeZone)}`,
          Status: 'completed',
          PageSize: String(checked.pageSize ?? 100),
          SortBy: 'DateCreated:asc',
        });
        while (url) {
          const page = (await api.getJson(url, signal)) as CallsPage;
          for (const call of page.Calls ?? []) {
            yield parseCallPayload(call, { source: 'reconcile', providerTimeZone: timeZone, defaultRegion: options.defaultRegion });
          }
          const next = page.Metadata?.NextPageUri;
          url = next ? api.confine(next) : undefined;
        }
      }
    },
  };
}

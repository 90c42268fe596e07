import { CallwireError } from '../../errors.js';
import { parseCallPayload } from '../../call/intake/parse-call.js';
import type { CallHistory, PortCallOptions } from '../../call/ports.js';
import type { CallInput } from '../../call/types.js';
import type { CountryCode } from '../../phone.js';

/** Options of {@link exotelCallHistory}. */
export interface ExotelCallHistoryOptions {
  accountSid: string;
  apiKey: string;
  apiToken: string;
  /** API origin: `https://api.exotel.com` (Singapore, default) or `https://api.in.exotel.com` (Mumbai). */
  baseUrl?: string;
  /** Zone of the account's times (default `Asia/Kolkata`). */
  timeZone?: string;
  defaultRegion?: CountryCode;
  /** Calls per page (default 100, Exotel's maximum). */
  pageSize?: number;
}

interface CallsPage {
  Calls?: Record<string, unknown>[];
  Metadata?: { NextPageUri?: string | null };
}

/**
 * A {@link CallHistory} on Exotel's Bulk Call Details API (`GET /v1/Accounts/<sid>/Calls.json`,
 * filtered by `DateCreated` and `Status=completed`, following `NextPageUri`). Used by
 * `calls.reconcile({ since })` to find calls whose callbacks never arrived.
 *
 * @example
 * ```ts
 * const history = exotelCallHistory({ accountSid: 'acme1', apiKey, apiToken, baseUrl: 'https://api.in.exotel.com' });
 * const calls = createCallPipeline({ ..., history });
 * await calls.reconcile({ since: new Date(Date.now() - 24 * 3600_000) });
 * ```
 */
export function exotelCallHistory(options: ExotelCallHistoryOptions): CallHistory {
  const base = new URL(options.baseUrl ?? 'https://api.exotel.com');
  const timeZone = options.timeZone ?? 'Asia/Kolkata';
  const authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiToken}`).toString('base64')}`;

  async function fetchPage(url: URL, signal?: AbortSignal): Promise<CallsPage> {
    const response = await fetch(url, { headers: { authorization, accept: 'application/json' }, signal }).catch((error: unknown) => {
      throw new CallwireError('provider_error', 'Exotel Call Details could not be reached.', { provider: 'exotel', cause: error });
    });
    if (!response.ok) {
      const retryable = response.status === 429 || response.status >= 500;
      throw new CallwireError(retryable ? 'provider_error' : 'provider_rejected', `Exotel Call Details answered ${response.status}.`, { provider: 'exotel', providerStatus: response.status, retryable });
    }
    return (await response.json()) as CallsPage;
  }

  return {
    name: 'exotel-call-details',
    async *completedCalls({ since, until, signal }: { since: Date; until?: Date } & PortCallOptions): AsyncIterable<CallInput> {
      let url: URL | undefined = new URL(`/v1/Accounts/${encodeURIComponent(options.accountSid)}/Calls.json`, base);
      const range = `gte:${wallClock(since, timeZone)}${until ? `;lte:${wallClock(until, timeZone)}` : ''}`;
      url.search = new URLSearchParams({ DateCreated: range, Status: 'completed', PageSize: String(options.pageSize ?? 100), SortBy: 'DateCreated:asc' }).toString();
      while (url) {
        const page = await fetchPage(url, signal);
        for (const call of page.Calls ?? []) {
          yield parseCallPayload(call, { source: 'reconcile', providerTimeZone: timeZone, defaultRegion: options.defaultRegion });
        }
        // Only ever follow the API's own host: a page cannot send credentials elsewhere.
        const next = page.Metadata?.NextPageUri;
        url = next ? new URL(next, base) : undefined;
        if (url && url.origin !== base.origin) url = new URL(url.pathname + url.search, base);
      }
    },
  };
}

/** `YYYY-MM-DD HH:mm:ss` in a zone, as Exotel's filters expect. */
function wallClock(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

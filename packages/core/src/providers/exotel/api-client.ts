import * as z from 'zod';
import { CallwireError } from '../../errors.js';
import { parseRetryAfter } from '../../engine/classify-error.js';
import { isLoopbackLiteral } from './address-policy.js';
import { parseOptions } from '../../options.js';

/**
 * Exotel's API regions ("stamps"): an account lives on one of them and is known only there.
 * Singapore is `api.exotel.com`, Mumbai (India) is `api.in.exotel.com`
 * (https://developer.exotel.com/api/call-details, "Replace <subdomain> with the region of your account").
 */
export type ExotelRegion = 'singapore' | 'mumbai';

/** The API origin of each {@link ExotelRegion}. */
export const exotelRegionBaseUrls: Readonly<Record<ExotelRegion, string>> = {
  singapore: 'https://api.exotel.com',
  mumbai: 'https://api.in.exotel.com',
};

/** The options every Exotel REST API client takes. */
export interface ExotelApiOptions {
  /** Your Exotel account SID (API settings page of the Exotel dashboard). */
  accountSid: string;
  /** API key: the user name of HTTP Basic auth. */
  apiKey: string;
  /** API token: the password of HTTP Basic auth. */
  apiToken: string;
  /**
   * Where the account lives: `'singapore'` (default, `https://api.exotel.com`), `'mumbai'`
   * (`https://api.in.exotel.com`), or a full base URL. A base URL must be `https://`; plain `http://`
   * is accepted only for a loopback address (`http://127.0.0.1:4010`, a local fake or proxy), so the
   * credentials never cross a network in clear text.
   */
  region?: ExotelRegion | (string & {}) | undefined;
  /** Time allowed for one API request, in ms (default 30 000). */
  timeoutMs?: number | undefined;
  /** The `fetch` used for API requests (default: the global `fetch`); for proxies, instrumentation and tests. */
  fetch?: typeof fetch | undefined;
}

/** One authenticated JSON API of Exotel, shared by the Call Details and call history clients. */
export interface ExotelApi {
  /** The API origin, e.g. `https://api.in.exotel.com`. */
  readonly baseUrl: URL;
  /** `<base>/v1/Accounts/<sid>/<path>` with a query. */
  accountUrl(path: string, query?: Record<string, string>): URL;
  /**
   * A paging link from an answer (`Metadata.NextPageUri`), confined to the API origin: whatever host
   * the answer names, the next request goes to {@link baseUrl} (credentials never follow a link away).
   */
  confine(link: string): URL;
  /** GETs `url` (on the API origin) with Basic auth and returns its JSON; errors are `CallwireError`s. */
  getJson(url: URL, signal?: AbortSignal): Promise<unknown>;
}

const nonEmpty = (what: string) => z.string({ error: `must be ${what}` }).trim().min(1, `must be ${what}`);

/** Validation of {@link ExotelApiOptions}, shared by every client built on them. */
export const exotelApiOptionsSchema = z.object({
  accountSid: nonEmpty('a non-empty string').regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "_" or "-" (your Exotel account SID)'),
  apiKey: nonEmpty('a non-empty string'),
  apiToken: nonEmpty('a non-empty string'),
  region: z.string({ error: "must be 'singapore', 'mumbai' or an https:// base URL" }).optional(),
  timeoutMs: z.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').positive('must be positive').optional(),
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', { error: 'must be a fetch function' }).optional(),
});

/**
 * The API origin for a region name or a base URL; throws a `TypeError` naming `option` when it is
 * neither, or when a base URL could carry the credentials over plain HTTP beyond this machine.
 *
 * @example
 * ```ts
 * exotelApiBaseUrl('mumbai').href; // 'https://api.in.exotel.com/'
 * ```
 */
export function exotelApiBaseUrl(region: string = 'singapore', owner = 'exotelApi', option = 'region'): URL {
  const named = exotelRegionBaseUrls[region as ExotelRegion];
  if (named) return new URL(named);
  const problem = (why: string) => new TypeError(`${owner}: option \`${option}\` ${why} (got ${JSON.stringify(region)}).`);
  let url: URL;
  try {
    url = new URL(region);
  } catch {
    throw problem("must be 'singapore', 'mumbai' or an https:// base URL");
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackLiteral(url.hostname))) {
    throw problem('must be an https:// URL (plain http:// only to a loopback address, for local fakes)');
  }
  if (url.username || url.password) throw problem('must not carry credentials (use apiKey and apiToken)');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw problem('must be an origin only, without a path or query');
  return new URL(url.origin);
}

/**
 * An HTTP error from Exotel (or a recording host) as a `CallwireError`: 408, 429 and 5xx are
 * transient (`provider_error`, retried, honouring `Retry-After`); every other status is permanent
 * (`provider_rejected`: 400, 401, 403, 404…).
 */
export function exotelHttpError(status: number, message: string, retryAfter?: string | null): CallwireError {
  const retryable = status === 408 || status === 429 || status >= 500;
  const retryAfterMs = retryAfter ? parseRetryAfter(retryAfter) : undefined;
  return new CallwireError(retryable ? 'provider_error' : 'provider_rejected', message, {
    provider: 'exotel',
    providerStatus: status,
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/**
 * Builds the one piece of code that talks to Exotel's REST API: base URL from the region, HTTP Basic
 * auth, a timeout, no redirects followed (an API answer never sends the credentials elsewhere), and
 * errors classified by {@link exotelHttpError}. Options are validated first (`owner` names the caller
 * in the `TypeError`).
 */
export function createExotelApi(input: ExotelApiOptions, owner: string): ExotelApi {
  const options = parseOptions(exotelApiOptionsSchema, input, owner);
  const baseUrl = exotelApiBaseUrl(options.region, owner);
  const authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiToken}`).toString('base64')}`;
  const accountPath = `/v1/Accounts/${encodeURIComponent(options.accountSid)}/`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fetchImpl = options.fetch ?? globalThis.fetch;

  return {
    baseUrl,
    accountUrl(path, query) {
      const url = new URL(accountPath + path.replace(/^\/+/, ''), baseUrl);
      if (query) url.search = new URLSearchParams(query).toString();
      return url;
    },
    confine(link) {
      const url = new URL(link, baseUrl);
      return new URL(url.pathname + url.search, baseUrl);
    },
    async getJson(url, signal) {
      if (url.origin !== baseUrl.origin) throw new CallwireError('forbidden', `Refusing to send Exotel credentials to ${url.origin}.`, { provider: 'exotel', retryable: false });
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetchImpl(url, {
          headers: { authorization, accept: 'application/json' },
          redirect: 'manual',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (timeout.aborted) throw new CallwireError('timeout', `Exotel's API did not answer within ${timeoutMs} ms.`, { provider: 'exotel', cause: error });
        throw new CallwireError('provider_error', `Exotel's API (${baseUrl.host}) could not be reached.`, { provider: 'exotel', cause: error });
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw new CallwireError('provider_rejected', `Exotel's API answered a redirect (${response.status}); not followed, so the credentials stay on ${baseUrl.host}.`, { provider: 'exotel', providerStatus: response.status, retryable: false });
      }
      if (!response.ok) {
        const detail = restExceptionMessage(await response.text().catch(() => ''));
        throw exotelHttpError(response.status, `Exotel's API answered ${response.status}${detail ? `: ${detail}` : ''}.`, response.headers.get('retry-after'));
      }
      try {
        return await response.json();
      } catch (error) {
        throw new CallwireError('provider_error', "Exotel's API answered 2xx with a body that is not JSON.", { provider: 'exotel', providerStatus: response.status, cause: error });
      }
    },
  };
}

/** `RestException.Message` of an Exotel error body (JSON), cut short; '' when there is none. */
function restExceptionMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { RestException?: { Message?: unknown } };
    const message = parsed.RestException?.Message;
    return typeof message === 'string' ? message.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200) : '';
  } catch {
    return '';
  }
}

import { received, sendJson, listen, type LocalServer, type ReceivedRequest } from '../http-server.js';
import { createFakeCallDetails, type FakeCallPublishing, type FakeExotelCall } from './exotel-call-details.js';

export type { FakeCallPublishing, FakeExotelCall } from './exotel-call-details.js';

/**
 * Exotel's API hosts per region ("stamp"): Singapore `api.exotel.com`, Mumbai `api.in.exotel.com`
 * (https://developer.exotel.com/api/call-details). An account is known on its own stamp only.
 */
const regionOrigins = { singapore: 'https://api.exotel.com', mumbai: 'https://api.in.exotel.com' } as const;

/** Options of {@link createFakeExotel}. */
export interface FakeExotelOptions {
  /** The API key the fake accepts. */
  apiKey?: string | undefined;
  /** The API token the fake accepts. */
  apiToken?: string | undefined;
  /** The account SID in its paths. */
  accountSid?: string | undefined;
  /** The region the account lives in (default `singapore`); see `regionFetch`. */
  region?: keyof typeof regionOrigins | undefined;
  /** The fake's clock, for `lateUntil` and a recording's `publishedAt` (default `Date.now`). */
  clock?: (() => number) | undefined;
}

/**
 * A local Exotel: recordings under `/exotelrecordings/<tenant>/<sid>.mp3` behind HTTP Basic auth
 * (404 for the first N tries of each, as while Exotel is still publishing it; redirects on demand),
 * the Call Details API for one call (`GET /v1/Accounts/<sid>/Calls/<CallSid>.json`, `details=true`,
 * late fields) and in bulk (`Calls.json`, `DateCreated=gte:…;lte:…` at most one month, `Status`,
 * `PageSize`, `After` cursor, `Metadata.NextPageUri`). HTTP Basic auth is required everywhere but on
 * redirects added with `addRedirect` ("Authentication through API Key & API Token" — Exotel support
 * article 3000129985; API docs: https://developer.exotel.com/api/call-details). Every request's
 * headers are kept.
 *
 * @example
 * ```ts
 * const exotel = createFakeExotel();
 * const server = await exotel.start();
 * const url = exotel.addRecording(server, 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90');
 * exotel.addCall({ Sid: 'c8a3…', From: '09876543210', To: '09631084471', Status: 'completed', DateCreated: '2026-11-20 15:10:02', RecordingUrl: url }, { lateForRequests: 1 });
 * ```
 */
export function createFakeExotel(options: FakeExotelOptions = {}) {
  const apiKey = options.apiKey ?? 'fake-exotel-key';
  const apiToken = options.apiToken ?? 'fake-exotel-token';
  const accountSid = options.accountSid ?? 'acme1';
  const region = options.region ?? 'singapore';
  const expected = `Basic ${Buffer.from(`${apiKey}:${apiToken}`).toString('base64')}`;
  const recordings = new Map<string, { bytes: Buffer; notFoundLeft: number; publishedAt?: number; redirectTo?: string }>();
  const clock = options.clock ?? Date.now;
  const callDetails = createFakeCallDetails(accountSid, clock);
  const requests: ReceivedRequest[] = [];

  function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    requests.push(received(req));
    const url = new URL(req.url ?? '/', 'http://fake');
    const recording = recordings.get(url.pathname);
    if (recording?.redirectTo) {
      res.writeHead(302, { location: recording.redirectTo });
      return res.end();
    }
    if (req.headers.authorization !== expected) return sendJson(res, 401, { RestException: { Status: 401, Message: 'Authentication is required' } });
    if (recording) {
      const unpublished = recording.publishedAt !== undefined && clock() < recording.publishedAt;
      if (recording.notFoundLeft > 0 || unpublished) {
        if (!unpublished) recording.notFoundLeft -= 1;
        return sendJson(res, 404, { RestException: { Status: 404, Message: 'Recording not found' } });
      }
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(recording.bytes.length) });
      return res.end(recording.bytes);
    }
    if (callDetails.handle(url, res)) return;
    return sendJson(res, 404, { RestException: { Status: 404, Message: 'Not found' } });
  }

  return {
    apiKey,
    apiToken,
    accountSid,
    /** Every request with its headers (check that no credentials went where they should not). */
    requests,
    /** Calls the Call Details API knows (push plain calls here, or use `addCall` for late fields). */
    calls: callDetails.calls,
    /** Adds a call to the Call Details API; `publishing` makes its late fields empty for a while, and presigns recordings. */
    addCall: callDetails.addCall,
    /** The region the fake account lives in. */
    region,
    /**
     * A `fetch` for API clients (their `fetch` option) that plays the regional DNS: requests to this
     * account's API origin (`https://api.exotel.com` or `https://api.in.exotel.com`) reach `server`;
     * the other region's host answers 401 (the account does not exist on that stamp); any other host
     * fails like an unknown host. A client that picks the wrong region is caught.
     */
    regionFetch(server: LocalServer): typeof fetch {
      return async (input, init) => {
        const target = new URL(input instanceof Request ? input.url : String(input));
        if (target.origin === regionOrigins[region]) return fetch(`${server.url}${target.pathname}${target.search}`, init);
        if (Object.values(regionOrigins).includes(target.origin as never)) {
          return Response.json({ RestException: { Status: 401, Message: 'Authentication failed' } }, { status: 401 });
        }
        throw new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${target.hostname}`), { code: 'ENOTFOUND' }) });
      };
    },
    /**
     * Serves a recording for `callSid`; 404 for its first `notFoundFirst` tries, and until the fake's clock reaches
     * `publishedAt` (epoch ms) — Exotel publishes a recording 1–5 minutes after the call ends, at worst 15
     * (https://developer.exotel.com/docs/reporting/recording-access). Returns its URL on `server`.
     */
    addRecording(server: LocalServer, callSid: string, { bytes = Buffer.alloc(64 * 1024, 7), notFoundFirst = 0, publishedAt }: { bytes?: Buffer; notFoundFirst?: number; publishedAt?: number } = {}): string {
      const path = `/exotelrecordings/${accountSid}/${callSid}.mp3`;
      recordings.set(path, { bytes, notFoundLeft: notFoundFirst, ...(publishedAt === undefined ? {} : { publishedAt }) });
      return `${server.url}${path}`;
    },
    /** Makes `path` answer `302 Location: target` (without asking for credentials). Returns its URL. */
    addRedirect(server: LocalServer, path: string, target: string): string {
      recordings.set(path, { bytes: Buffer.alloc(0), notFoundLeft: 0, redirectTo: target });
      return `${server.url}${path}`;
    },
    start(): Promise<LocalServer> {
      return listen(handle);
    },
  };
}

export type FakeExotel = ReturnType<typeof createFakeExotel>;

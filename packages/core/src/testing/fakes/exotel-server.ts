import { received, sendJson, listen, type LocalServer, type ReceivedRequest } from '../http-server.js';

/** A call the fake's Call Details API lists (Exotel's wire shape). */
export interface FakeExotelCall {
  Sid: string;
  From: string;
  To: string;
  Status: string;
  Direction?: string;
  StartTime?: string;
  DateCreated: string;
  Duration?: string;
  RecordingUrl?: string | null;
}

/**
 * A local Exotel: recordings under `/exotelrecordings/<tenant>/<sid>.mp3` behind HTTP Basic auth
 * (404 for the first N tries of each, as while Exotel is still publishing it; redirects on demand),
 * and the Bulk Call Details API `GET /v1/Accounts/<sid>/Calls.json` (`DateCreated` `gte:` filter,
 * `Status`, `PageSize`, `After` cursor, `Metadata.NextPageUri`). Every request's headers are kept.
 *
 * @example
 * ```ts
 * const exotel = createFakeExotel();
 * const server = await exotel.start();
 * const url = exotel.addRecording(server, 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90');
 * ```
 */
export function createFakeExotel(options: { apiKey?: string; apiToken?: string; accountSid?: string } = {}) {
  const apiKey = options.apiKey ?? 'fake-exotel-key';
  const apiToken = options.apiToken ?? 'fake-exotel-token';
  const accountSid = options.accountSid ?? 'acme1';
  const expected = `Basic ${Buffer.from(`${apiKey}:${apiToken}`).toString('base64')}`;
  const recordings = new Map<string, { bytes: Buffer; notFoundLeft: number; redirectTo?: string }>();
  const calls: FakeExotelCall[] = [];
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
      if (recording.notFoundLeft > 0) {
        recording.notFoundLeft -= 1;
        return sendJson(res, 404, { RestException: { Status: 404, Message: 'Recording not found' } });
      }
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(recording.bytes.length) });
      return res.end(recording.bytes);
    }
    if (url.pathname === `/v1/Accounts/${accountSid}/Calls.json`) return listCalls(url, res);
    return sendJson(res, 404, { RestException: { Status: 404, Message: 'Not found' } });
  }

  function listCalls(url: URL, res: import('node:http').ServerResponse) {
    const since = /gte:([^;]+)/.exec(url.searchParams.get('DateCreated') ?? '')?.[1] ?? '';
    const status = url.searchParams.get('Status');
    const pageSize = Number(url.searchParams.get('PageSize') ?? 50);
    const after = Number(url.searchParams.get('After') ?? 0);
    const matching = calls.filter((c) => c.DateCreated >= since && (!status || c.Status === status));
    const page = matching.slice(after, after + pageSize);
    const nextAfter = after + pageSize;
    const next = new URLSearchParams(url.searchParams);
    next.set('After', String(nextAfter));
    sendJson(res, 200, {
      Metadata: { Total: matching.length, PageSize: pageSize, NextPageUri: nextAfter < matching.length ? `${url.pathname}?${next}` : null },
      Calls: page,
    });
  }

  return {
    apiKey,
    apiToken,
    accountSid,
    /** Every request with its headers (check that no credentials went where they should not). */
    requests,
    /** Calls listed by the Call Details API. */
    calls,
    /** Serves a recording for `callSid`; 404 for its first `notFoundFirst` tries. Returns its URL on `server`. */
    addRecording(server: LocalServer, callSid: string, { bytes = Buffer.alloc(64 * 1024, 7), notFoundFirst = 0 }: { bytes?: Buffer; notFoundFirst?: number } = {}): string {
      const path = `/exotelrecordings/${accountSid}/${callSid}.mp3`;
      recordings.set(path, { bytes, notFoundLeft: notFoundFirst });
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

import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, sendJson, type LocalServer } from '../http-server.js';
import { verifyServiceAccountGrant, type OAuthError } from './google-oauth.js';

/** An event as the fake stores it (the Google `Event` resource fields callwire uses). */
export interface FakeCalendarEvent {
  id: string;
  calendarId: string;
  status: 'confirmed' | 'cancelled';
  summary?: string;
  description?: string;
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  attendees?: { email: string; displayName?: string }[];
  reminders?: { useDefault: boolean; overrides?: { method: string; minutes: number }[] };
  htmlLink: string;
  sequence: number;
  updated: string;
}

/** A request the fake received. */
export interface FakeCalendarRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** Options of {@link startFakeGoogleCalendar}. */
export interface FakeGoogleCalendarOptions {
  /**
   * Behave like a service account without domain-wide delegation: inserting attendees answers 403
   * `forbiddenForServiceAccounts` (default true).
   */
  serviceAccount?: boolean | undefined;
  /**
   * The calendars shared with the service account. When given, any other calendar is invisible to it,
   * as on Google: free/busy answers 200 with `calendars[id].errors: [{ domain: 'global', reason: 'notFound' }]`
   * (https://developers.google.com/calendar/api/v3/reference/freebusy/query, response `calendars.(key).errors[]`),
   * and events of that calendar answer 404 `notFound` (https://developers.google.com/calendar/api/guides/errors#404_not_found).
   * Default: every calendar is shared.
   */
  sharedCalendars?: readonly string[] | undefined;
  /** Epoch-millisecond clock the token endpoint checks `iat`/`exp` against (default `Date.now`). */
  now?: (() => number) | undefined;
}

/** A running fake Google Calendar API with its OAuth token endpoint. */
export interface FakeGoogleCalendar extends LocalServer {
  /** The `rootUrl` to give `googleCalendar()`. */
  rootUrl: string;
  /** The token endpoint (`token_uri` of {@link FakeGoogleCalendar.serviceAccountKey}). */
  tokenUrl: string;
  /** A service-account key (a real RSA key) whose `token_uri` points at this fake. */
  serviceAccountKey: { type: 'service_account'; client_email: string; private_key: string; private_key_id: string; project_id: string; token_uri: string };
  /** Events by id, cancelled ones included. */
  events(): FakeCalendarEvent[];
  requests: FakeCalendarRequest[];
  /** How many access tokens were issued. */
  tokensIssued(): number;
  /** Token requests the fake refused, with Google's OAuth error answer. */
  tokenFailures: OAuthError[];
  /** Adds a busy block (another meeting) to the calendar. */
  addBusy(start: string, end: string): void;
  /** The next `count` API calls (not token calls) answer `status` with `reason`. */
  failNext(status: number, reason?: string, count?: number): void;
}

const googleError = (status: number, reason: string, message: string) => ({ error: { code: status, message, errors: [{ domain: 'global', reason, message }] } });

/**
 * Starts a fake of the Google Calendar v3 API on 127.0.0.1: events insert/get/patch/delete,
 * freeBusy (per-calendar `errors` for calendars not shared with the service account, 400
 * `timeRangeEmpty`), 409 on a reused event id, 403 for attendees under a service account, and the
 * OAuth JWT-bearer token endpoint, which verifies the assertion as Google does (RS256 signature with
 * the key it issued in {@link FakeGoogleCalendar.serviceAccountKey}, `iss`, `aud`, `scope`, `iat`/`exp`).
 * The real `@googleapis/calendar` SDK talks to it through `rootUrl`.
 *
 * @example
 * ```ts
 * const google = await startFakeGoogleCalendar();
 * const calendar = googleCalendar({ credentials: google.serviceAccountKey, calendarId: 'bookings@acme.test', rootUrl: google.rootUrl });
 * ```
 */
export async function startFakeGoogleCalendar(options: FakeGoogleCalendarOptions = {}): Promise<FakeGoogleCalendar> {
  const serviceAccount = options.serviceAccount ?? true;
  const events = new Map<string, FakeCalendarEvent>();
  const busy: { start: string; end: string }[] = [];
  const requests: FakeCalendarRequest[] = [];
  const tokens = new Set<string>();
  const failures: { status: number; reason: string }[] = [];
  const tokenFailures: OAuthError[] = [];
  const shared = options.sharedCalendars ? new Set(options.sharedCalendars) : undefined;
  const visible = (calendarId: string) => !shared || shared.has(calendarId);
  const now = options.now ?? Date.now;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKey = createPublicKey(privateKey);
  const clientEmail = 'callwire-test@fake-project.iam.gserviceaccount.com';
  let baseUrl = '';

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const text = (await readBody(request)).toString('utf8');
    if (url.pathname === '/token' && request.method === 'POST') {
      const grant = verifyServiceAccountGrant(new URLSearchParams(text), { publicKey, clientEmail, now: now() });
      if ('error' in grant) {
        tokenFailures.push(grant.error);
        return sendJson(response, 400, grant.error);
      }
      const token = `ya29.fake-${randomUUID()}`;
      tokens.add(token);
      return sendJson(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 3599 });
    }
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    requests.push({ method: request.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    const auth = request.headers.authorization ?? '';
    if (!tokens.has(auth.replace(/^Bearer /, ''))) return sendJson(response, 401, googleError(401, 'authError', 'Invalid Credentials'));
    const failure = failures.shift();
    if (failure) return sendJson(response, failure.status, googleError(failure.status, failure.reason, `Injected ${failure.status}`));

    if (url.pathname === '/calendar/v3/freeBusy' && request.method === 'POST') return freeBusy(response, body ?? {});
    const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return sendJson(response, 404, googleError(404, 'notFound', 'Not Found'));
    const calendarId = decodeURIComponent(match[1]!);
    const eventId = match[2] && decodeURIComponent(match[2]);
    if (!visible(calendarId)) return sendJson(response, 404, googleError(404, 'notFound', 'Not Found'));
    if (!eventId && request.method === 'POST') return insert(response, calendarId, body ?? {});
    const event = eventId ? events.get(eventId) : undefined;
    if (!event || event.calendarId !== calendarId) return sendJson(response, 404, googleError(404, 'notFound', 'Not Found'));
    if (request.method === 'GET') return sendJson(response, 200, event);
    if (request.method === 'DELETE') {
      if (event.status === 'cancelled') return sendJson(response, 410, googleError(410, 'deleted', 'Resource has been deleted'));
      event.status = 'cancelled';
      event.sequence += 1;
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'PATCH' || request.method === 'PUT') {
      Object.assign(event, pick(body ?? {}, ['summary', 'description', 'start', 'end', 'attendees', 'reminders']));
      event.sequence += 1;
      event.updated = new Date().toISOString();
      return sendJson(response, 200, event);
    }
    return sendJson(response, 405, googleError(405, 'methodNotAllowed', 'Method Not Allowed'));
  };

  function insert(response: ServerResponse, calendarId: string, body: Record<string, unknown>) {
    const id = typeof body.id === 'string' ? body.id : randomUUID().replace(/-/g, '');
    if (!/^[a-v0-9]{5,1024}$/.test(id)) return sendJson(response, 400, googleError(400, 'invalid', 'Invalid resource id value.'));
    if (events.has(id)) return sendJson(response, 409, googleError(409, 'duplicate', 'The requested identifier already exists.'));
    const attendees = body.attendees as FakeCalendarEvent['attendees'];
    if (serviceAccount && attendees && attendees.length > 0) {
      return sendJson(response, 403, googleError(403, 'forbiddenForServiceAccounts', 'Service accounts cannot invite attendees without Domain-Wide Delegation of Authority.'));
    }
    const event: FakeCalendarEvent = {
      ...(pick(body, ['summary', 'description', 'reminders']) as Partial<FakeCalendarEvent>),
      id,
      calendarId,
      status: 'confirmed',
      start: body.start as FakeCalendarEvent['start'],
      end: body.end as FakeCalendarEvent['end'],
      ...(attendees ? { attendees } : {}),
      htmlLink: `${baseUrl}/calendar/event?eid=${id}`,
      sequence: 0,
      updated: new Date().toISOString(),
    };
    events.set(id, event);
    return sendJson(response, 200, event);
  }

  function freeBusy(response: ServerResponse, body: Record<string, unknown>) {
    const min = Date.parse(String(body.timeMin));
    const max = Date.parse(String(body.timeMax));
    // https://developers.google.com/calendar/api/v3/reference/freebusy/query: an empty or reversed range is a
    // 400 with reason `timeRangeEmpty` ("The specified time range is empty.").
    if (!(max > min)) return sendJson(response, 400, googleError(400, 'timeRangeEmpty', 'The specified time range is empty.'));
    const items = (body.items as { id: string }[] | undefined) ?? [];
    const calendars: Record<string, { busy: { start: string; end: string }[]; errors?: { domain: string; reason: string }[] }> = {};
    for (const { id } of items) {
      if (!visible(id)) {
        calendars[id] = { busy: [], errors: [{ domain: 'global', reason: 'notFound' }] };
        continue;
      }
      const blocks = [
        ...busy,
        ...[...events.values()].filter((e) => e.calendarId === id && e.status !== 'cancelled').map((e) => ({ start: e.start.dateTime, end: e.end.dateTime })),
      ]
        .map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }))
        .filter((b) => b.start < max && b.end > min)
        .sort((a, b) => a.start - b.start)
        .map((b) => ({ start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString() }));
      calendars[id] = { busy: blocks };
    }
    return sendJson(response, 200, { kind: 'calendar#freeBusy', timeMin: body.timeMin, timeMax: body.timeMax, calendars });
  }

  const server = await listen(handle);
  baseUrl = server.url;
  return {
    ...server,
    rootUrl: `${server.url}/`,
    tokenUrl: `${server.url}/token`,
    serviceAccountKey: {
      type: 'service_account',
      client_email: clientEmail,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      private_key_id: 'fake-key-1',
      project_id: 'fake-project',
      token_uri: `${server.url}/token`,
    },
    events: () => [...events.values()],
    requests,
    tokensIssued: () => tokens.size,
    tokenFailures,
    addBusy: (start, end) => void busy.push({ start, end }),
    failNext: (status, reason = 'backendError', count = 1) => {
      for (let i = 0; i < count; i++) failures.push({ status, reason });
    },
  };
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

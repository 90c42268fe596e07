/**
 * The Call Details API of the fake Exotel: one call (`Calls/<CallSid>.json`, `details=true`) and the
 * bulk listing (`Calls.json`), with the fields Exotel publishes late. Each rule cites its source.
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-server.js';

/** A call the fake's Call Details API knows (Exotel's wire shape; `null`/absent = not known). */
export interface FakeExotelCall {
  Sid: string;
  From: string;
  To: string;
  Status: string;
  Direction?: string;
  StartTime?: string;
  DateCreated: string;
  DateUpdated?: string;
  EndTime?: string;
  /** Seconds, as Exotel sends them (a string). */
  Duration?: string;
  Price?: string;
  PhoneNumberSid?: string;
  ParentCallSid?: string | null;
  RecordingUrl?: string | null;
  /** Seconds the two parties talked (`Details.ConversationDuration` with `details=true`). */
  ConversationDuration?: number;
  /** `Details.Legs` (with `details=true`): one entry per leg. */
  Legs?: { Id: number; OnCallDuration: number }[];
}

/** How a call's late fields publish, and its presigned recording URLs (see `addCall`). */
export interface FakeCallPublishing {
  /**
   * Answer the first N single-call requests with the late fields empty (`null`): `Duration`,
   * `EndTime`, `Price`, `RecordingUrl`, `PreSignedRecordingUrl`, `Details.ConversationDuration`.
   * Exotel: "Some of the parameters of the call (like Duration, Price, EndTime etc.) are updated
   * asynchronously after the call ends … ~5 mins on average"
   * (https://support.exotel.com/support/solutions/articles/56523-call-api-to-get-details-of-a-call).
   */
  lateForRequests?: number;
  /** Same, until this time (epoch ms, by the fake's clock) — Exotel's ~5 minutes after the call. */
  lateUntil?: number;
  /**
   * Makes a `PreSignedRecordingUrl` for an answer, valid for `validityMinutes` (the request's
   * `RecordingUrlValidity`, else 5, Exotel's default). Only accounts with Exotel's signed-URL feature
   * get one (https://developer.exotel.com/api/call-details; Exotel support article 3000129985).
   */
  presign?: (validityMinutes: number) => string;
}

/** Exotel keeps at most one month per bulk query; the fake allows 31 days, Exotel's own default range. */
export const fakeExotelMaxRangeMs = 31 * 24 * 3600_000;

const restException = (res: ServerResponse, status: number, message: string) => sendJson(res, status, { RestException: { Status: status, Message: message } });

/** The state and handlers of the fake's Call Details API. */
export function createFakeCallDetails(accountSid: string, clock: () => number) {
  const calls: FakeExotelCall[] = [];
  const publishing = new Map<string, FakeCallPublishing & { served: number }>();

  function isLate(sid: string): boolean {
    const rule = publishing.get(sid);
    if (!rule) return false;
    return (rule.lateForRequests !== undefined && rule.served < rule.lateForRequests) || (rule.lateUntil !== undefined && clock() < rule.lateUntil);
  }

  function wire(call: FakeExotelCall, { details, validity }: { details: boolean; validity: number }): Record<string, unknown> {
    const late = isLate(call.Sid);
    const presign = publishing.get(call.Sid)?.presign;
    const published = <T>(value: T | undefined): T | null => (late || value === undefined ? null : value);
    return {
      Sid: call.Sid,
      ParentCallSid: call.ParentCallSid ?? null,
      DateCreated: call.DateCreated,
      DateUpdated: call.DateUpdated ?? call.DateCreated,
      AccountSid: accountSid,
      To: call.To,
      From: call.From,
      PhoneNumberSid: call.PhoneNumberSid ?? null,
      Status: call.Status,
      StartTime: call.StartTime ?? call.DateCreated,
      EndTime: published(call.EndTime),
      Duration: published(call.Duration),
      Price: published(call.Price),
      Direction: call.Direction ?? 'inbound',
      AnsweredBy: null,
      ForwardedFrom: null,
      CallerName: null,
      Uri: `/v1/Accounts/${accountSid}/Calls/${call.Sid}.json`,
      RecordingUrl: published(call.RecordingUrl ?? undefined),
      ...(presign ? { PreSignedRecordingUrl: late ? null : presign(validity) } : {}),
      // `details=true` adds leg-level information
      // (https://developer.exotel.com/docs/voice-v1/api-reference/call-details, "Response (with details=true)").
      ...(details
        ? {
            Details: {
              ConversationDuration: published(call.ConversationDuration),
              Leg1Status: call.Status,
              Leg2Status: call.Status,
              Legs: (call.Legs ?? []).map((leg) => ({ Leg: leg })),
            },
          }
        : {}),
    };
  }

  /** `RecordingUrlValidity` must be 5–60: "If the value is greater than 60 or less than 5 then it will return a 4XX Error" (https://developer.exotel.com/api/call-details). */
  function validityOf(url: URL, res: ServerResponse): number | undefined {
    const raw = url.searchParams.get('RecordingUrlValidity');
    if (raw === null) return 5;
    const minutes = Number(raw);
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 60) {
      restException(res, 400, 'RecordingUrlValidity must be an integer from 5 to 60');
      return undefined;
    }
    return minutes;
  }

  function getCall(sid: string, format: 'json' | 'xml', url: URL, res: ServerResponse): void {
    const call = calls.find((c) => c.Sid === sid);
    if (!call) return restException(res, 404, `Call ${sid} not found`);
    const validity = validityOf(url, res);
    if (validity === undefined) return;
    const body = wire(call, { details: url.searchParams.get('details') === 'true', validity });
    const rule = publishing.get(sid);
    if (rule) rule.served += 1;
    if (format === 'json') return sendJson(res, 200, { Call: body });
    // Without `.json` Exotel answers XML (<TwilioResponse><Call>…) — support article 56523 above.
    const xml = Object.entries(body)
      .filter(([, value]) => typeof value !== 'object' || value === null)
      .map(([key, value]) => (value === null ? `<${key}/>` : `<${key}>${String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${key}>`))
      .join('');
    res.writeHead(200, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n<TwilioResponse><Call>${xml}</Call></TwilioResponse>`);
  }

  /**
   * Bulk Call Details: `DateCreated=gte:…;lte:…` (both honoured, inclusive), `Status`, `PageSize`,
   * `After` cursor, `Metadata.NextPageUri`. "You can query call records only up to 6 months old and
   * provide maximum date range of 1 month. Default if not set: Last 31 days"
   * (https://developer.exotel.com/api/call-details-bulk). How Exotel refuses a longer range is not
   * documented; the fake answers 400 with a RestException (the stricter plausible behaviour).
   */
  function listCalls(url: URL, res: ServerResponse): void {
    const range = url.searchParams.get('DateCreated') ?? '';
    const since = /gte:([^;]+)/.exec(range)?.[1];
    const until = /lte:([^;]+)/.exec(range)?.[1];
    if (since && until && wallClockMs(until) - wallClockMs(since) > fakeExotelMaxRangeMs) {
      return restException(res, 400, 'DateCreated range cannot be more than 1 month');
    }
    const status = url.searchParams.get('Status');
    const pageSize = Number(url.searchParams.get('PageSize') ?? 50);
    const after = Number(url.searchParams.get('After') ?? 0);
    const matching = calls.filter((c) => (!since || c.DateCreated >= since) && (!until || c.DateCreated <= until) && (!status || c.Status === status));
    const page = matching.slice(after, after + pageSize);
    const nextAfter = after + pageSize;
    const next = new URLSearchParams(url.searchParams);
    next.set('After', String(nextAfter));
    sendJson(res, 200, {
      Metadata: { Total: matching.length, PageSize: pageSize, NextPageUri: nextAfter < matching.length ? `${url.pathname}?${next}` : null },
      Calls: page.map((call) => wire(call, { details: false, validity: 5 })),
    });
  }

  return {
    calls,
    addCall(call: FakeExotelCall, rule: FakeCallPublishing = {}): void {
      calls.push(call);
      publishing.set(call.Sid, { ...rule, served: 0 });
    },
    /** Answers `/v1/Accounts/<sid>/Calls…` requests; false when the path is not the Call Details API. */
    handle(url: URL, res: ServerResponse): boolean {
      const prefix = `/v1/Accounts/${accountSid}/Calls`;
      if (url.pathname === `${prefix}.json`) return listCalls(url, res), true;
      const single = new RegExp(`^${prefix}/([^/.]+)(\\.json)?$`).exec(url.pathname);
      if (single) return getCall(decodeURIComponent(single[1]!), single[2] ? 'json' : 'xml', url, res), true;
      return false;
    },
  };
}

/** `YYYY-MM-DD HH:mm:ss` read as if it were UTC (only differences between two such times matter). */
function wallClockMs(text: string): number {
  return Date.parse(`${text.trim().replace(' ', 'T')}Z`);
}

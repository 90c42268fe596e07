import * as z from 'zod';
import { CallwireError } from '../../errors.js';
import { parseCallPayload } from '../../call/intake/parse-call.js';
import type { CallRecord, CallRecords, PortCallOptions } from '../../call/ports.js';
import { isTimeZone } from '../../time/zone.js';
import type { CountryCode } from '../../phone.js';
import { createExotelApi, exotelApiOptionsSchema, type ExotelApiOptions } from './api-client.js';
import { notReady, notReadyBackoff } from '../../engine/waits.js';
import { isCallDetailsComplete, parseExotelCall, pendingCallFields, type ExotelCall } from './call-record.js';
import { parseOptions, withDefaults } from '../../options.js';
import { kind } from '../../option-kinds.js';

/** Options of {@link exotelCallDetails}. */
export interface ExotelCallDetailsOptions extends ExotelApiOptions {
  /**
   * Minutes the `PreSignedRecordingUrl` of an answer stays valid, 5–60 (Exotel's `RecordingUrlValidity`;
   * default: the account's setting, 5 minutes unless changed). Only accounts with Exotel's signed-URL
   * feature get a `PreSignedRecordingUrl`
   * (https://developer.exotel.com/api/call-details; Exotel support article 3000129985 "Signed URL approach").
   */
  recordingUrlValidityMinutes?: number | undefined;
  /**
   * While Exotel is still publishing a call (see {@link isCallDetailsComplete}), `lookup` throws
   * `notReady(…)`: the job parks and looks again after doubling delays from `initialDelayMs` (default
   * 30 000) up to `maxDelayMs` (default 120 000), for at most `deadlineMs` (default 30 minutes).
   */
  notYetPublished?: {
    /** The first look again, in ms. */
    initialDelayMs?: number | undefined;
    /** The longest interval between looks, in ms. */
    maxDelayMs?: number | undefined;
    /** How long to keep looking before failing, in ms. */
    deadlineMs?: number | undefined;
  } | undefined;
  /** Zone of the account's zone-less times, for {@link ExotelCallDetails.lookup} (default `Asia/Kolkata`). */
  timeZone?: string | undefined;
  /** Region of national numbers, for {@link ExotelCallDetails.lookup} (default `IN`). */
  defaultRegion?: CountryCode | undefined;
}

/** Looks up one call; what `exotelRecordings({ callDetails })` needs to refresh a recording URL. */
export interface CallDetailsSource {
  /** Exotel's record of a call, by its `CallSid`. */
  get(callSid: string, options?: PortCallOptions): Promise<ExotelCall>;
}

/** A client of Exotel's Call Details API for one account; also the call pipeline's `callDetails`. */
export interface ExotelCallDetails extends CallDetailsSource, CallRecords {
  readonly name: 'exotel-call-details';
  /** The API origin the client uses (from `region`), e.g. `https://api.in.exotel.com`. */
  readonly baseUrl: string;
  /** The URL {@link get} requests for `callSid` (without credentials). */
  urlFor(callSid: string): string;
  /**
   * The call `callSid` with `details=true` (legs, conversation duration). Resolves with what Exotel
   * knows now, which may be incomplete shortly after the call: check it with `isCallDetailsComplete()`.
   * Rejects with a `CallwireError` (provider `exotel`): `provider_error` (retryable) for network
   * errors, timeouts, 408, 429 and 5xx; `provider_rejected` (permanent) for 400, 401, 403, 404 and
   * an answer without a call.
   */
  get(callSid: string, options?: PortCallOptions): Promise<ExotelCall>;
  /**
   * The call as the call pipeline stores it (`From`, `To`, `Direction`, ExoPhone, start time, talk time
   * from `Details.ConversationDuration`, recording URLs), once Exotel has finished publishing it
   * ({@link isCallDetailsComplete}, without requiring a recording: unrecorded calls never get one);
   * until then it throws `notReady(…)` (see `notYetPublished`).
   */
  lookup(callSid: string, options?: PortCallOptions): Promise<CallRecord>;
}

const optionsSchema = exotelApiOptionsSchema.extend({
  defaultRegion: kind.region().optional(),
  notYetPublished: z.object({ initialDelayMs: kind.ms(1).optional(), maxDelayMs: kind.ms(1).optional(), deadlineMs: kind.ms().optional() }, { error: 'must be { initialDelayMs?, maxDelayMs?, deadlineMs? }' }).optional(),
  timeZone: z.string({ error: 'must be an IANA time zone' }).refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata').optional(),
  recordingUrlValidityMinutes: z.number({ error: 'must be a whole number of minutes from 5 to 60' }).int('must be a whole number of minutes from 5 to 60').min(5, 'must be at least 5 (minutes)').max(60, 'must be at most 60 (minutes)').optional(),
});

/**
 * A client of Exotel's Call Details API: `GET /v1/Accounts/<sid>/Calls/<CallSid>.json?details=true`
 * with HTTP Basic auth, on the account's region (`api.exotel.com` Singapore, `api.in.exotel.com`
 * Mumbai) — https://developer.exotel.com/api/call-details and
 * https://developer.exotel.com/docs/voice-v1/api-reference/call-details. Answers are parsed into an
 * {@link ExotelCall} with Exotel's field names.
 *
 * Exotel fills `Duration`, `EndTime`, `Price` (and the recording) about 5 minutes after a call ends:
 * an answer right after the call is usually incomplete. `isCallDetailsComplete(call)` tells which
 * (rule: `pendingCallFields()`); ask again later for an incomplete one rather than storing it as final.
 *
 * Options are checked at once: a bad one throws a `TypeError` naming it.
 *
 * @example
 * ```ts
 * import { exotelCallDetails, isCallDetailsComplete } from '@callwire/core/exotel';
 *
 * const details = exotelCallDetails({ accountSid: 'acme1', apiKey, apiToken, region: 'mumbai' });
 * const call = await details.get('c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90');
 * if (isCallDetailsComplete(call)) console.log(call.From, call.To, call.Direction, call.Details?.ConversationDuration);
 * ```
 */
export function exotelCallDetails(options: ExotelCallDetailsOptions): ExotelCallDetails {
  const { recordingUrlValidityMinutes, timeZone } = parseOptions(optionsSchema, options, 'exotelCallDetails');
  const publishing = withDefaults({ initialDelayMs: 30_000, maxDelayMs: 120_000, deadlineMs: 30 * 60_000 }, options.notYetPublished);
  const api = createExotelApi(options, 'exotelCallDetails');
  const urlFor = (callSid: string) => {
    const sid = String(callSid ?? '').trim();
    if (!sid) throw new CallwireError('bad_request', 'exotelCallDetails.get() needs a call SID.', { provider: 'exotel' });
    return api.accountUrl(`Calls/${encodeURIComponent(sid)}.json`, {
      details: 'true',
      ...(recordingUrlValidityMinutes !== undefined ? { RecordingUrlValidity: String(recordingUrlValidityMinutes) } : {}),
    });
  };

  async function get(callSid: string, { signal }: PortCallOptions = {}): Promise<ExotelCall> {
    const body = await api.getJson(urlFor(callSid), signal);
    const call = parseExotelCall(body);
    if (!call) throw new CallwireError('provider_rejected', `Exotel's Call Details answer for ${callSid} has no call in it.`, { provider: 'exotel', retryable: false });
    return call;
  }

  return {
    name: 'exotel-call-details',
    baseUrl: api.baseUrl.origin,
    urlFor: (callSid) => urlFor(callSid).href,
    get,
    async lookup(callSid, callOptions = {}) {
      const call = await get(callSid, callOptions);
      if (!isCallDetailsComplete(call)) {
        const delay = notReadyBackoff(callOptions.attempt ?? 1, publishing.initialDelayMs, publishing.maxDelayMs);
        throw notReady(delay, { deadlineMs: publishing.deadlineMs, reason: `Exotel is still publishing call ${callSid} (${pendingCallFields(call).join(', ')})` });
      }
      // `Duration` includes ringing; the talk time is `Details.ConversationDuration`, which the aliases prefer.
      const payload = { ...call, ConversationDuration: call.Details?.ConversationDuration };
      const { callId: _callId, source: _source, ...fields } = parseCallPayload(payload, { source: 'exotel-status-callback', providerTimeZone: timeZone ?? 'Asia/Kolkata', defaultRegion: options.defaultRegion });
      return fields;
    },
  };
}

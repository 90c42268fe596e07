import * as z from 'zod';

/**
 * One leg of a call, from `Details.Legs[].Leg` of Call Details with `details=true`
 * (https://developer.exotel.com/docs/voice-v1/api-reference/call-details). Other fields Exotel adds are kept.
 */
export interface ExotelCallLeg {
  Id?: number;
  /** Seconds this leg was on the call. */
  OnCallDuration?: number;
  [field: string]: unknown;
}

/** What `details=true` adds to a call. */
export interface ExotelCallDetailsBlock {
  /** Seconds `From` and `To` were connected to each other; published late (see {@link pendingCallFields}). */
  ConversationDuration?: number;
  Leg1Status?: string;
  Leg2Status?: string;
  Legs: ExotelCallLeg[];
}

/**
 * A call as Exotel's Call Details API describes it (`{"Call": {…}}`), with Exotel's own field names
 * so it can be handed to `parseCallPayload()` unchanged. Cleaned: `null` and empty strings are left
 * out, numbers are numbers. Fields Exotel publishes late (about 5 minutes after the call) are simply
 * absent until then — see {@link isCallDetailsComplete}.
 */
export interface ExotelCall {
  Sid: string;
  ParentCallSid?: string;
  AccountSid?: string;
  DateCreated?: string;
  DateUpdated?: string;
  /** For a Connect-API call, the first number dialled (usually the agent); for an incoming call, the caller. */
  From?: string;
  /** For a Connect-API call, the customer; for an incoming call, the ExoPhone dialled. */
  To?: string;
  /** The ExoPhone (virtual number) of the call. */
  PhoneNumberSid?: string;
  /** `queued`, `ringing`, `in-progress`, `completed`, `failed`, `busy`, `no-answer`, `canceled`. */
  Status?: string;
  /** `inbound`, `outbound-dial` or `outbound-api`. */
  Direction?: string;
  /** `YYYY-MM-DD HH:mm:ss` in the account's time zone. */
  StartTime?: string;
  EndTime?: string;
  /** Seconds of the whole call, ringing included. */
  Duration?: number;
  Price?: string;
  AnsweredBy?: string;
  ForwardedFrom?: string;
  CallerName?: string;
  Uri?: string;
  RecordingUrl?: string;
  /** A time-limited S3 URL of the recording, when the account has Exotel's signed-URL feature. */
  PreSignedRecordingUrl?: string;
  /** Present when requested with `details=true`. */
  Details?: ExotelCallDetailsBlock;
}

const text = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined ? undefined : String(value).trim() || undefined));
const nonNegativeNumber = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((value) => {
    if (value === null || value === undefined || String(value).trim() === '') return undefined;
    const number = Number(value);
    return Number.isFinite(number) && number >= 0 ? number : undefined;
  });

const legSchema = z
  .object({ Leg: z.object({ Id: nonNegativeNumber, OnCallDuration: nonNegativeNumber }).catchall(z.unknown()) })
  .transform(({ Leg }) => compact(Leg) as ExotelCallLeg);

const callSchema = z.object({
  Sid: z.union([z.string(), z.number()]).transform((value) => String(value).trim()).pipe(z.string().min(1)),
  ParentCallSid: text, AccountSid: text, DateCreated: text, DateUpdated: text, From: text, To: text, PhoneNumberSid: text,
  Status: text.transform((value) => value?.toLowerCase()), Direction: text.transform((value) => value?.toLowerCase()),
  StartTime: text, EndTime: text, Duration: nonNegativeNumber, Price: text, AnsweredBy: text, ForwardedFrom: text, CallerName: text, Uri: text,
  RecordingUrl: text, PreSignedRecordingUrl: text,
  Details: z
    .object({ ConversationDuration: nonNegativeNumber, Leg1Status: text, Leg2Status: text, Legs: z.array(z.unknown()).nullish() })
    .nullish()
    .transform((details) => {
      if (!details) return undefined;
      const legs = (details.Legs ?? []).flatMap((leg) => {
        const parsed = legSchema.safeParse(leg);
        return parsed.success ? [parsed.data] : [];
      });
      return compact({ ConversationDuration: details.ConversationDuration, Leg1Status: details.Leg1Status, Leg2Status: details.Leg2Status, Legs: legs }) as ExotelCallDetailsBlock;
    }),
});

/**
 * Reads a Call Details answer (`{"Call": {…}}`) into an {@link ExotelCall}; `undefined` when the body
 * has no call with a `Sid`. `exotelCallDetails().get()` does this for you.
 *
 * @example
 * ```ts
 * parseExotelCall({ Call: { Sid: 'c1', Status: 'Completed', Duration: '17', EndTime: null } }); // { Sid: 'c1', Status: 'completed', Duration: 17 }
 * ```
 */
export function parseExotelCall(body: unknown): ExotelCall | undefined {
  const call = (body as { Call?: unknown } | null)?.Call;
  const parsed = callSchema.safeParse(call);
  return parsed.success ? (compact(parsed.data) as ExotelCall) : undefined;
}

/** Statuses after which a call does not change any more (Exotel's `Status` values). */
export const terminalCallStatuses: readonly string[] = ['completed', 'failed', 'busy', 'no-answer', 'canceled'];

/** A field of Call Details that may be missing because Exotel has not published it yet. */
export type LateCallField = 'Status' | 'EndTime' | 'Duration' | 'ConversationDuration' | 'RecordingUrl';

/** Options of {@link pendingCallFields} and {@link isCallDetailsComplete}. */
export interface CompletenessOptions {
  /**
   * The call was recorded (the flow or API call had recording on): a completed, connected call then
   * also waits for its `RecordingUrl` (or `PreSignedRecordingUrl`). Default `false`, because an
   * unrecorded call never gets one and would otherwise never be complete.
   */
  expectRecording?: boolean | undefined;
}

/**
 * The fields of a Call Details answer that Exotel has not published yet. Exotel updates "Duration,
 * Price, EndTime etc." asynchronously, "~5 mins on average" after the call ends
 * (https://support.exotel.com/support/solutions/articles/56523-call-api-to-get-details-of-a-call), and
 * recordings 1–5 minutes after, up to 15 (https://developer.exotel.com/docs/reporting/recording-access).
 *
 * The rule, in order:
 * 1. `Status` is not terminal (queued, ringing, in-progress): the call is still going → `Status`.
 * 2. `EndTime` or `Duration` is missing → that field (every ended call gets both; `Price` is not
 *    required, as accounts without per-call pricing may never get one).
 * 3. The answer has `Details` (asked with `details=true`) and the call `completed`, but no
 *    `ConversationDuration` → `ConversationDuration`.
 * 4. With `expectRecording`, a `completed` call whose conversation lasted > 0 s (or is unknown) and
 *    has neither `RecordingUrl` nor `PreSignedRecordingUrl` → `RecordingUrl`.
 *
 * An empty list means complete: the answer is final and may be stored as such.
 *
 * @example
 * ```ts
 * pendingCallFields({ Sid: 'c1', Status: 'completed', StartTime: '2026-11-20 15:10:02' }); // ['EndTime', 'Duration']
 * ```
 */
export function pendingCallFields(call: ExotelCall, options: CompletenessOptions = {}): LateCallField[] {
  const pending: LateCallField[] = [];
  const status = call.Status ?? '';
  if (!terminalCallStatuses.includes(status)) pending.push('Status');
  if (!call.EndTime) pending.push('EndTime');
  if (call.Duration === undefined) pending.push('Duration');
  if (call.Details && status === 'completed' && call.Details.ConversationDuration === undefined) pending.push('ConversationDuration');
  const connected = (call.Details?.ConversationDuration ?? 1) > 0;
  if (options.expectRecording && status === 'completed' && connected && !call.RecordingUrl && !call.PreSignedRecordingUrl) pending.push('RecordingUrl');
  return pending;
}

/**
 * True when a Call Details answer is final (no {@link pendingCallFields}). An incomplete answer is not
 * an error: ask again later (Exotel publishes the missing fields about 5 minutes after the call).
 *
 * @example
 * ```ts
 * const call = await details.get(callSid);
 * if (!isCallDetailsComplete(call)) throw new CallwireError('provider_error', 'Call details not final yet'); // retried later
 * ```
 */
export function isCallDetailsComplete(call: ExotelCall, options: CompletenessOptions = {}): boolean {
  return pendingCallFields(call, options).length === 0;
}

function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

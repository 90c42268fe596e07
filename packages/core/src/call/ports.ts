/**
 * The injectable interfaces of the call pipeline. callwire ships one implementation of each in a
 * provider subpath (`@callwire/core/exotel`, `/assemblyai`, `/slack`); any object of the same shape works.
 */
import type { CallInput, CallMinutes, Transcript } from './types.js';

/** Which recording to open. */
export interface RecordingRef {
  url: string;
  callId: string;
  /**
   * A time-limited, signed URL of the same recording (Exotel's `PreSignedRecordingUrl`), preferred
   * over `url` when present. Sources that do not know signed URLs ignore it.
   */
  presignedUrl?: string;
}

/** An open recording: a byte stream that is read once, never buffered whole. */
export interface Audio {
  stream: ReadableStream<Uint8Array>;
  contentType?: string;
  /** Bytes, when the server said. */
  size?: number;
}

/** Common per-call options of the ports. */
export interface PortCallOptions {
  /** Aborts the provider call (the step's deadline or the worker stopping). */
  signal?: AbortSignal | undefined;
  /**
   * The calling step's run number (1 on its first run): a port that answers "not ready yet"
   * (`notReady(…)`) backs off by it.
   */
  attempt?: number | undefined;
}

/** Where recordings come from (Exotel's recording hosts, S3, …). */
export interface RecordingSource {
  /** A short provider name for `/health` (e.g. `exotel`). */
  readonly name?: string | undefined;
  /** Opens the recording as a stream, waiting (to a deadline) while it is not yet published. */
  open(ref: RecordingRef, options?: PortCallOptions): Promise<Audio>;
}

/** What a transcriber needs to know about the audio. */
export interface TranscribeOptions extends PortCallOptions {
  /** 1 = mono (speaker diarisation), 2 = dual-channel (left agent, right customer). */
  channels: 1 | 2;
  /** How many speakers the recording holds, when known (mono recordings). */
  speakersExpected?: number | undefined;
  /**
   * With {@link Transcriber.callbacks}: ask the provider to call back when the transcript is ready,
   * naming this key (the job's), which `callbacks.verify` gives back for an authentic callback.
   */
  callbackKey?: string | undefined;
  /**
   * Names this submission (the step's idempotency key): a transcriber with {@link Transcriber.findSubmitted}
   * submits it with the transcription, so that a resumed job can find it again.
   */
  submissionKey?: string | undefined;
}

/** What {@link Transcriber.findSubmitted} looks for. */
export interface SubmittedQuery extends PortCallOptions {
  /** The {@link TranscribeOptions.submissionKey} of the interrupted submission. */
  submissionKey: string;
  channels: 1 | 2;
  /** Epoch ms: when the interrupted run began (look from then). */
  since: number;
}

/** How a transcriber's provider calls back when a transcript is ready (`POST /webhook/assemblyai`). */
export interface TranscriptCallbacks {
  /** The `callbackKey` of an authentic callback request, or `undefined` when it is not authentic. */
  verify(request: { url: URL; headers: Headers }): string | undefined;
  /** How long a job waits for the callback before it looks at the transcript itself, in ms (callbacks get lost). */
  readonly timeoutMs: number;
}

/** A submitted transcription, as stored between steps (plain JSON). */
export interface TranscriptionHandle {
  id: string;
  channels: 1 | 2;
}

/**
 * Turns audio into a speaker-labelled transcript. Split in two so that a resumed job never pays
 * for a second transcription: `submit` (memoised with the recording fetch) and `wait`.
 */
export interface Transcriber {
  /** A name for logs and the console (e.g. `assemblyai`). */
  readonly name?: string | undefined;
  /** Sends the audio (streamed) and starts a transcription; returns at once. */
  submit(audio: Audio, options: TranscribeOptions): Promise<TranscriptionHandle>;
  /** Waits (to a deadline) for a submitted transcription; a failed transcription throws a permanent error. */
  wait(handle: TranscriptionHandle, options?: PortCallOptions): Promise<Transcript>;
  /**
   * One look at a submitted transcription: the transcript when it is finished; while it is still being
   * made, throws `notReady(…)` (the job parks and looks again — no loop in the process); a failed
   * transcription throws a permanent error. Preferred over `wait` by the call pipeline when present.
   */
  check?(handle: TranscriptionHandle, options?: PortCallOptions): Promise<Transcript>;
  /** Set when the provider calls back once a transcript is ready (see {@link TranscriptCallbacks}). */
  readonly callbacks?: TranscriptCallbacks | undefined;
  /**
   * Finds a transcription submitted with `submissionKey` since `since` — by a run interrupted after the provider
   * accepted it and before the job recorded it — and returns its handle, or `undefined` when there is none. With
   * it, a resumed job neither uploads nor submits (pays) twice; without it, a repeat is reported
   * (`step.maybe-duplicated`).
   */
  findSubmitted?(query: SubmittedQuery): Promise<TranscriptionHandle | undefined>;
}

/** A message for a chat channel. Only call minutes for now; the union leaves room for more. */
export type ChatMessage = { kind: 'call-minutes'; minutes: CallMinutes };

/** Options of {@link ChatNotifier.post}. */
export interface PostOptions extends PortCallOptions {
  /** A route name (a department, or the missed-call route); the notifier maps it to a destination. */
  route?: string | undefined;
  /** Which part of a message that needs several (1-based, default 1). */
  part?: number | undefined;
  /**
   * For parts 2…: what part 1 returned as {@link PostResult.thread}, so that the notifier can continue the
   * message where part 1 went (the Slack Web API notifier replies in part 1's thread). The pipeline stores
   * part 1's result with its step, so this survives restarts.
   */
  thread?: string | undefined;
  /** True when the caller already spaced this post by {@link ChatNotifier.pace} (a slot booked in the store): send at once. */
  paced?: boolean | undefined;
}

/** A provider rate limit the posts of a destination share (e.g. Slack: about one message a second per webhook). */
export interface PostPace {
  /** Names the destination's pace, the same in every process (e.g. a hash of the webhook URL). */
  key: string;
  /** Least time between two posts to it, in ms. */
  intervalMs: number;
}

/** What {@link ChatNotifier.post} reports. */
export interface PostResult {
  /** How many parts the whole message needs; the pipeline posts parts 2… as their own steps. */
  parts: number;
  /**
   * An opaque reference to where part 1 went (the Slack Web API notifier: the channel and `ts` of the MOM),
   * passed back as {@link PostOptions.thread} with parts 2…. Plain JSON: it is stored with the step.
   */
  thread?: string;
}

/** Posts messages to a chat (Slack, …). A long message may need several parts, posted one per call. */
export interface ChatNotifier {
  /** A name for logs and the console (e.g. `slack-webhook`). */
  readonly name?: string | undefined;
  /** Posts one message (a part of the minutes); answers where it went. */
  post(message: ChatMessage, options?: PostOptions): Promise<PostResult>;
  /**
   * The pace a post to `route` must keep. When present, the call pipeline books each post a slot of that
   * pace in the job store — shared by every process and container — and parks the job until its slot,
   * instead of each process pacing (and sleeping) on its own.
   */
  pace?(options: Pick<PostOptions, 'route' | 'part' | 'thread'>): PostPace | undefined;
  /**
   * Finds a post of `message` made since `options.since` (epoch ms) — by a run that was interrupted before its
   * result was stored — and returns what `post()` returned for it, or `undefined` when it was not made. With it,
   * a resumed job never posts twice (the Slack Web API notifier finds its posts by their metadata); without it,
   * the re-post is reported as a possible duplicate (`step.maybe-duplicated`).
   */
  confirm?(message: ChatMessage, options: Pick<PostOptions, 'route' | 'part' | 'thread' | 'signal'> & { since: number }): Promise<PostResult | undefined>;
}

/** The provider's record of one call (Exotel: its Call Details API), in the pipeline's input shape. */
export type CallRecord = Partial<Omit<CallInput, 'callId' | 'source'>>;

/**
 * Looks one call up in the provider's records, to fill what a webhook left out (Exotel's default
 * StatusCallback carries no numbers) — e.g. `exotelCallDetails(...)` from `@callwire/core/exotel`.
 */
export interface CallRecords {
  /** A name for logs and the console (e.g. `exotel-call-details`). */
  readonly name?: string | undefined;
  /**
   * The provider's final record of `callId`. While the provider is still publishing it (Exotel fills
   * `Duration`, `EndTime` and the recording about 5 minutes after the call), throws `notReady(…)`: the
   * job parks and looks again. Throws a permanent error when the provider does not know the call.
   */
  lookup(callId: string, options?: PortCallOptions): Promise<CallRecord>;
}

/** A provider's record of past calls, for reconciliation. */
export interface CallHistory {
  /** A name for logs and the console (e.g. `exotel-call-history`). */
  readonly name?: string | undefined;
  /** Completed calls that started at or after `since`, as pipeline inputs. */
  completedCalls(query: { since: Date; until?: Date } & PortCallOptions): AsyncIterable<CallInput>;
}

/**
 * The data of the call pipeline: a call as it is stored in a job, a transcript, and the "minutes of
 * meeting" handed to a chat notifier. All plain JSON, so that steps can memoise them.
 */

/** A {@link CallInput} whose numbers are known (after the provider's call record filled them). */
export type KnownCall = CallInput & { from: string; to: string };

/** Which way a call went, seen from the support team. */
export type CallDirection = 'incoming' | 'outgoing';

/** Where a call came from. */
export type CallSource = 'zapier' | 'exotel-passthru' | 'exotel-status-callback' | 'reconcile';

/** What the payload says about the agent (any of these may be missing). */
export interface AgentHint {
  name?: string;
  /** `U…` Slack user id, or a `@handle` (which notifies nobody). */
  slackHandle?: string;
  email?: string;
  phone?: string;
}

/**
 * One call as accepted from a webhook: the job input. Numbers are kept as they arrived. An Exotel
 * delivery may lack `from` and `to` (its default StatusCallback sends only `CallSid`, `Status`,
 * `RecordingUrl` and `DateUpdated`): the job then fills them from the provider's call record first.
 */
export interface CallInput {
  /** The provider's call id (Exotel CallSid); the job's idempotency key. */
  callId: string;
  source: CallSource;
  /** Exotel `From`/`CallFrom`: the caller, or for a Connect-API call the first leg dialled (usually the agent). */
  from?: string;
  /** Exotel `To`/`CallTo`: the number called (an ExoPhone on incoming calls, the customer on Connect-API calls). */
  to?: string;
  /** The ExoPhone (virtual number) the call used: Exotel `CallerId` or `PhoneNumberSid`, when it is a number. */
  exophone?: string;
  /** The provider's direction, lower-cased as sent: `inbound`/`incoming`, `outbound-dial`, `outbound-api`. */
  providerDirection?: string;
  /** Seconds of conversation, when known. */
  durationSeconds?: number;
  recordingUrl?: string;
  /** A time-limited S3 URL of the recording (Exotel `PreSignedRecordingUrl`), preferred when present. */
  presignedRecordingUrl?: string;
  /** ISO 8601 instant the call started. */
  startedAt?: string;
  /** The provider's status, lower-cased (`completed`, `no-answer`, `busy`, …). */
  status?: string;
  /** The direction the payload claims (used only when no support numbers are configured). */
  directionHint?: CallDirection;
  agent?: AgentHint;
  department?: string;
  customerSegment?: string;
}

/** One stretch of speech. */
export interface Utterance {
  /** The provider's label (`A`, `B`, or a channel number for dual-channel audio). */
  speaker: string;
  /** The audio channel (1 = left, 2 = right) for dual-channel audio. */
  channel?: number;
  text: string;
  /** Milliseconds from the start. */
  start?: number;
  end?: number;
}

/** A finished transcription. */
export interface Transcript {
  /** The provider's transcript id. */
  id?: string;
  text: string;
  utterances: Utterance[];
  /** 1 for mono (speaker diarisation), 2 for dual-channel. */
  channels: 1 | 2;
  languageCode?: string;
  /** Seconds of audio. */
  audioDurationSeconds?: number;
}

/** Who spoke a line of the minutes. */
export type SpeakerRole = 'Agent' | 'Customer';

/** A transcript line with its speaker's role (or the raw label when roles are unknown). */
export interface TranscriptLine {
  speaker: SpeakerRole | string;
  text: string;
}

/** Everything the default MOM layout shows, resolved (directory, direction, roles, concern). */
export interface CallMinutes {
  callId: string;
  direction: CallDirection;
  supportNumber: string;
  customerNumber: string;
  /** The customer's own words, at most 200 characters. */
  concern?: string;
  /** `email`: the directory's e-mail of an agent with no Slack user id, for notifiers that can look the user up. */
  agent: { name?: string; slackUserId?: string; email?: string };
  department?: string;
  customerSegment?: string;
  /** ISO 8601 instant of the call. */
  timestamp?: string;
  /** IANA time zone to show the timestamp in. */
  timeZone: string;
  durationSeconds?: number;
  status?: string;
  /** True for a missed or unanswered call. */
  missed: boolean;
  /** `transcribed` when a recording was transcribed, `none` when there was no recording. */
  recording: 'transcribed' | 'none';
  /** Speaker-labelled transcript lines (empty when there was no recording). */
  lines: TranscriptLine[];
}

import { createPipeline, type Pipeline } from '../engine/pipeline.js';
import type { RetryPolicy } from '../engine/retry-policy.js';
import type { Job, JobStore, RetryOptions, StepRecord } from '../engine/types.js';
import type { HttpContribution } from '../http/route.js';
import type { Logger } from '../logger.js';
import type { Overrides } from '../options.js';
import type { CountryCode } from '../phone.js';
import type { AgentEntry } from './agents.js';
import { buildMinutes, type MinutesConfig } from './minutes.js';
import { completeCall, knownCall } from './complete-call.js';
import { checkCallOptions } from './options.js';
import { postPaced } from './post-paced.js';
import { receiveCall, type ReceiveResult } from './receive.js';
import type { CallHistory, CallRecords, ChatMessage, ChatNotifier, RecordingSource, Transcriber } from './ports.js';
import { reconcileCalls, type ReconcileResult } from './reconcile.js';
import { createRetention } from './retention.js';
import type { RoleHeuristic } from './roles.js';
import { callRoutes, callServices, transcriptEventKey } from './routes.js';
import type { CallInput, CallMinutes, CallSource, Transcript } from './types.js';

/** What {@link createCallPipeline} needs. */
export interface CallPipelineOptions {
  /** Where jobs and steps are kept (`createSqliteStore()`, `createPostgresStore()`, `createMemoryStore()` in tests). */
  store: JobStore;
  /** Where recordings are downloaded from, e.g. `exotelRecordings(...)` from `@callwire/core/exotel`. */
  recordings: RecordingSource;
  /** e.g. `assemblyAITranscriber(...)` from `@callwire/core/assemblyai`. */
  transcriber: Transcriber;
  /** e.g. `slackWebhookNotifier(...)` from `@callwire/core/slack`. */
  notifier: ChatNotifier;
  /** Your support lines; a call *from* one of them is outgoing. Any common notation. */
  supportNumbers?: readonly string[] | undefined;
  /** Region for national numbers (default `IN`). */
  defaultRegion?: CountryCode | undefined;
  /** The agent directory: e-mail, phone, handle or name → name, Slack user id, department. */
  agents?: readonly AgentEntry[] | undefined;
  /** Zone the MOM shows times in (default `UTC`). */
  timeZone?: string | undefined;
  /** Zone of Exotel's zone-less times (default `Asia/Kolkata`). */
  providerTimeZone?: string | undefined;
  /** 2 when your Exotel account records dual-channel (left agent, right customer); default 1. */
  recordingChannels?: 1 | 2 | undefined;
  /** Passed to the transcriber for mono recordings (default 2). */
  speakersExpected?: number | undefined;
  /** Decides who is the agent in mono recordings (default: first speaker is the agent on incoming calls, the customer on outgoing). */
  roleHeuristic?: RoleHeuristic | undefined;
  /** The agent's channel in dual-channel recordings (default 1). */
  agentChannel?: 1 | 2 | undefined;
  /** Route name for missed calls (the notifier maps it to a channel); by default they go by department. */
  missedCallRoute?: string | undefined;
  /**
   * Purge stored payloads and transcripts of this pipeline's jobs finished this many days ago (a worker does it
   * hourly; `purgeExpired()` does it now). Other pipelines keep their own policies. A scrubbed call answers 410.
   */
  retentionDays?: number | undefined;
  /** For {@link CallPipeline.reconcile}: e.g. `exotelCallHistory(...)` from `@callwire/core/exotel`. */
  history?: CallHistory | undefined;
  /**
   * Where a job looks up what a delivery left out — e.g. `exotelCallDetails({ accountSid, apiKey, apiToken, region })`
   * from `@callwire/core/exotel`. Exotel's default StatusCallback sends only `CallSid`, `Status`, `RecordingUrl`
   * and `DateUpdated`: without this option such a callback is refused (422) with a message naming it.
   */
  callDetails?: CallRecords | undefined;
  /**
   * How long a delivery that does not yet say how the call ended (Exotel Passthru `CallType=call-attempt`,
   * placed before Connect) waits for the delivery that completes it, before it is processed as it is (and
   * looked up with `callDetails`, when set), in ms (default 20 minutes: Exotel publishes a recording up to
   * 15 minutes after the call).
   */
  completionWaitMs?: number | undefined;
  /** Pipeline name (default `calls`). */
  name?: string | undefined;
  /** How failed steps are retried (default 5 attempts, 2 s doubling to 5 min, with jitter). */
  retry?: Overrides<RetryPolicy> | undefined;
  /** A pino-compatible logger (default: silent). Phone numbers and e-mail addresses are redacted. */
  logger?: Logger | undefined;
  /** Epoch-millisecond clock (tests). */
  clock?: (() => number) | undefined;
}

/** The steps that submit and await a transcription; redone together when a transcription failed for good. */
const transcriptionSteps = ['fetch-recording', 'transcribe'];

/**
 * True when the job's transcription failed for good (the provider answered `error`): re-reading the
 * saved submission would only fetch the same failed transcript, so a re-drive must submit again.
 */
function transcriptionFailedForGood(steps: Record<string, StepRecord>): boolean {
  const transcribe = steps.transcribe;
  return transcribe?.status === 'failed' && transcribe.error?.retryable === false;
}

/** What a finished call job stores. */
export interface CallOutput {
  direction: 'incoming' | 'outgoing';
  transcribed: boolean;
  /** Chat messages posted (more than one for long transcripts). */
  messages: number;
}

/** The call pipeline: the engine pipeline, its HTTP routes, reconciliation and retention. */
export interface CallPipeline extends Pipeline<CallInput, CallOutput>, HttpContribution {
  /**
   * Validates a webhook body and enqueues its call (idempotent on the call id). A later delivery of a call
   * whose job has not begun posting completes the stored one (`updated: true`); otherwise it is a duplicate.
   */
  receive(body: unknown, source: CallSource): Promise<ReceiveResult>;
  /** Enqueues completed calls the provider knows and callwire never received. Safe to run on a schedule. */
  reconcile(query: { since: Date; until?: Date; signal?: AbortSignal }): Promise<ReconcileResult>;
  /** Scrubs payloads and transcripts of this pipeline's jobs finished more than `retentionDays` ago; returns how many. */
  purgeExpired(): Promise<number>;
  /**
   * The minutes a call job posts (or would post): its input and its stored transcript, resolved with
   * this pipeline's directory, numbers and time zone. `undefined` for a scrubbed job. For previews.
   */
  minutes(job: Job<CallInput>): CallMinutes | undefined;
}

/** The transcript the job saved, if its transcription succeeded. */
function storedTranscript(steps: Record<string, StepRecord>): Transcript | undefined {
  const transcribe = steps.transcribe;
  return transcribe?.status === 'succeeded' ? (transcribe.result as Transcript | undefined) : undefined;
}

/**
 * Creates the call pipeline: a call ends at Exotel (directly or via Zapier) → `fetch-recording` →
 * `transcribe` → `post-slack`, each step memoised, exactly one post per call id.
 *
 * @example
 * ```ts
 * import { createCallPipeline, createWorker } from '@callwire/core';
 * import { exotelRecordings } from '@callwire/core/exotel';
 * import { assemblyAITranscriber } from '@callwire/core/assemblyai';
 * import { slackWebhookNotifier } from '@callwire/core/slack';
 *
 * const calls = createCallPipeline({
 *   store,
 *   recordings: exotelRecordings({ apiKey, apiToken }),
 *   transcriber: assemblyAITranscriber({ apiKey: process.env.ASSEMBLYAI_API_KEY! }),
 *   notifier: slackWebhookNotifier({ url: process.env.SLACK_WEBHOOK_URL!, routes: { Sales: salesUrl } }),
 *   supportNumbers: ['09631084471'],
 *   agents: [{ name: 'Asha Verma', slackUserId: 'U04ASHA123', department: 'Customer Success' }],
 *   timeZone: 'Asia/Kolkata',
 * });
 * createWorker({ pipelines: [calls] }).start();
 * ```
 */
export function createCallPipeline(options: CallPipelineOptions): CallPipeline {
  checkCallOptions(options);
  const { recordings, transcriber, notifier } = options;
  const defaultRegion = options.defaultRegion ?? 'IN';
  const config: MinutesConfig = {
    supportNumbers: options.supportNumbers ?? [],
    defaultRegion,
    agents: options.agents ?? [],
    timeZone: options.timeZone ?? 'UTC',
    roleHeuristic: options.roleHeuristic,
    agentChannel: options.agentChannel,
  };
  const channels = options.recordingChannels ?? 1;
  const receiveOptions = {
    defaultRegion,
    providerTimeZone: options.providerTimeZone,
    lookupConfigured: options.callDetails !== undefined,
    completionWaitMs: options.completionWaitMs ?? 20 * 60_000,
  };

  const pipeline = createPipeline<CallInput, CallOutput>({
    name: options.name ?? 'calls',
    store: options.store,
    retry: options.retry,
    logger: options.logger,
    clock: options.clock,
    // The agent named in the payload, and the directory's names (an error may echo the agent it resolved).
    personalNames: (input) => [input.agent?.name, ...(options.agents ?? []).map((agent) => agent.name)],
    async run(input, { step, sleep, waitForEvent, job }) {
      const call = await completeCall(input, { step }, options.callDetails);
      let transcript: Transcript | undefined;
      const url = call.recordingUrl ?? call.presignedRecordingUrl;
      if (url) {
        const { callbacks } = transcriber;
        // The recording streams straight into the transcriber; the stored handle means a resumed job never re-submits.
        // A submission is paid for: its intent is recorded, and a job resumed after a crash in between finds the
        // transcription it made (findSubmitted) instead of uploading and submitting again — or reports the repeat.
        const findSubmitted = transcriber.findSubmitted?.bind(transcriber);
        const handle = await step('fetch-recording', async ({ signal, attempt, idempotencyKey }) => {
          const audio = await recordings.open({ url, callId: call.callId, ...(call.presignedRecordingUrl ? { presignedUrl: call.presignedRecordingUrl } : {}) }, { signal, attempt });
          return transcriber.submit(audio, {
            channels,
            speakersExpected: channels === 1 ? (options.speakersExpected ?? 2) : undefined,
            signal,
            ...(callbacks ? { callbackKey: job.key } : {}),
            ...(findSubmitted ? { submissionKey: idempotencyKey } : {}),
          });
        }, findSubmitted
          ? { confirm: ({ idempotencyKey, since, signal }) => findSubmitted({ submissionKey: idempotencyKey, channels, since, signal }) }
          : { sideEffect: true });
        // Parked until the provider calls back (or its timeout: callbacks get lost), then one look; parked re-checks after that.
        if (callbacks) await waitForEvent('transcript-ready', { key: transcriptEventKey(job.key), timeoutMs: callbacks.timeoutMs });
        transcript = await step('transcribe', ({ signal, attempt }) => (transcriber.check ? transcriber.check(handle, { signal, attempt }) : transcriber.wait(handle, { signal })));
      }
      const minutes = buildMinutes(call, transcript, config);
      const message: ChatMessage = { kind: 'call-minutes', minutes };
      const route = minutes.missed && options.missedCallRoute ? options.missedCallRoute : minutes.department;
      const ports = { notifier, store: options.store, clock: pipeline.clock };
      const first = await postPaced({ step, sleep }, ports, message, { route, part: 1 });
      // Each further part is its own step: a retry never re-posts a part that already went out.
      for (let part = 2; part <= first.parts; part++) {
        await postPaced({ step, sleep }, ports, message, { route, part, thread: first.thread });
      }
      return { direction: minutes.direction, transcribed: transcript !== undefined, messages: first.parts };
    },
  });

  const retention = createRetention(pipeline, options.retentionDays);
  const redriveKeepingSteps = pipeline.redrive;
  const calls: CallPipeline = Object.assign(pipeline, {
    /** Re-drives a job; after a transcription that failed for good, the recording is submitted again. */
    async redrive(jobId: string, redriveOptions: RetryOptions = {}) {
      const job = await pipeline.get(jobId);
      const reset = job && transcriptionFailedForGood(job.steps) ? transcriptionSteps : [];
      return redriveKeepingSteps(jobId, { resetSteps: [...reset, ...(redriveOptions.resetSteps ?? [])] });
    },
    receive: (body: unknown, source: CallSource) => receiveCall(pipeline, body, source, receiveOptions),
    reconcile: (query: { since: Date; until?: Date; signal?: AbortSignal }) => reconcileCalls(pipeline, options.history, query),
    purgeExpired: retention.purge,
    minutes(job: Job<CallInput>) {
      const call = knownCall(job);
      return call?.from && call.to ? buildMinutes({ ...call, from: call.from, to: call.to }, storedTranscript(job.steps), config) : undefined;
    },
    routes: () => callRoutes(calls, { transcriber }),
    services: () => callServices({ recordings, transcriber, notifier, history: options.history, callDetails: options.callDetails }),
  });
  return calls;
}

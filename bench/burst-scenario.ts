/**
 * The burst of the `burst` bench case (its budget is stated in docs/bench.md): calls ending at once, each recording published R after
 * the call, transcribed in T, posted to one of four department webhooks that Slack paces at 1 message/s each.
 * Shared by the driver (bench/cases/burst.ts) and the server under test (bench/servers/burst.ts).
 *
 * Time runs `scale` times faster than real (1:`scale`). Every duration in play is divided by it: the scenario's
 * (R, T, Slack's pace and its Retry-After) and every time-based default of the code under test that the burst
 * reaches — Exotel's not-published back-off, AssemblyAI's poll back-off and callback timeout, the Slack notifier's
 * pace, the retry policy and the worker's idle poll. What is not time (the worker's concurrency of 4, attempts,
 * batch sizes) keeps its default. The lease (30 s) is kept: it only matters when a worker dies, which never happens
 * here, and a lease of 1.5 s would be lost to ordinary event-loop pauses at 1:20. At `scale` 1 every option below
 * is its default and the worker is exactly `createWorker({ pipelines: [calls] })`.
 */
import type { RetryPolicy, WorkerOptions } from '@callwire/core';

/** The burst in real time. */
export const burst = {
  /** Recording published this long after the call ended (Exotel: 1–5 minutes, at worst 15). */
  recordingMs: 6_000,
  /** Transcription time, from submission. */
  transcriptionMs: 9_000,
  /** Slack incoming webhooks: about 1 message per second each (https://api.slack.com/apis/rate-limits). */
  slackPerSecond: 1,
  routes: ['Sales', 'Support', 'Billing', 'Onboarding'] as const,
};

/** The ideal makespan of `calls` in real ms: max(R + T, calls ÷ Slack's rate over all routes). */
export function idealMs(calls: number): number {
  return Math.max(burst.recordingMs + burst.transcriptionMs, (calls / (burst.slackPerSecond * burst.routes.length)) * 1000);
}

/** The defaults of the code under test that are durations, in real ms (see each provider's and the engine's docs). */
const defaults = {
  exotelNotYetAvailable: { initialDelayMs: 2_000, maxDelayMs: 30_000, deadlineMs: 15 * 60_000 },
  assemblyAI: { pollIntervalMs: 3_000, maxPollIntervalMs: 20_000, deadlineMs: 30 * 60_000, callbackTimeoutMs: 10 * 60_000 },
  slackMinIntervalMs: 1_000,
  retry: { baseDelayMs: 2_000, maxDelayMs: 5 * 60_000, maxRetryAfterMs: 60 * 60_000 },
  workerPollIntervalMs: 1_000,
  /** AssemblyAI retries an unanswered callback after 10 s (https://www.assemblyai.com/docs/deployment/webhooks). */
  assemblyAIWebhookRetryMs: 10_000,
};

/** Every duration of the run at 1:`scale`, in ms. */
export function scaled(scale: number) {
  const s = (ms: number) => Math.max(1, Math.round(ms / scale));
  const worker: Partial<WorkerOptions> = scale === 1 ? {} : { pollIntervalMs: s(defaults.workerPollIntervalMs) };
  const retry: Partial<RetryPolicy> | undefined = scale === 1 ? undefined : {
    baseDelayMs: s(defaults.retry.baseDelayMs),
    maxDelayMs: s(defaults.retry.maxDelayMs),
    maxRetryAfterMs: s(defaults.retry.maxRetryAfterMs),
  };
  return {
    recordingMs: s(burst.recordingMs),
    transcriptionMs: s(burst.transcriptionMs),
    slackPerSecond: burst.slackPerSecond * scale,
    exotelNotYetAvailable: {
      initialDelayMs: s(defaults.exotelNotYetAvailable.initialDelayMs),
      maxDelayMs: s(defaults.exotelNotYetAvailable.maxDelayMs),
      deadlineMs: s(defaults.exotelNotYetAvailable.deadlineMs),
    },
    assemblyAI: {
      pollIntervalMs: s(defaults.assemblyAI.pollIntervalMs),
      maxPollIntervalMs: s(defaults.assemblyAI.maxPollIntervalMs),
      deadlineMs: s(defaults.assemblyAI.deadlineMs),
    },
    assemblyAICallbackTimeoutMs: s(defaults.assemblyAI.callbackTimeoutMs),
    assemblyAIWebhookRetryMs: s(defaults.assemblyAIWebhookRetryMs),
    slackMinIntervalMs: s(defaults.slackMinIntervalMs),
    retry,
    worker,
  };
}

/** How the server under test is configured, passed to it as JSON in `BURST`. */
export interface BurstServerConfig {
  scale: number;
  dbFile: string;
  /** `webhook`: AssemblyAI calls back (a public URL is configured); `poll`: the job looks, parked between looks. */
  transcription: 'webhook' | 'poll';
  exotel: { host: string; apiKey: string; apiToken: string };
  assemblyAI: { baseUrl: string; apiKey: string };
  /** Department → Slack webhook URL. */
  slackRoutes: Record<string, string>;
}

/** What the server under test answers to `stats`. */
export interface BurstServerStats {
  cpuMicros: number;
  peakRssMb: number;
  /** Store calls that write, by method (a claim that finds nothing is counted under `emptyClaims`). */
  writes: Record<string, number>;
  emptyClaims: number;
  /** Rows SQLite changed (`total_changes()` on the store's connection). */
  rowsChanged: number;
  maxRunning: number;
  /** Most jobs waiting at once, sampled every 100 ms of real time. */
  maxWaiting: number;
  byStatus: Record<string, number>;
  /** Time spent inside `notifier.post` (a worker slot is held meanwhile, in-process pacing included), in ms. */
  slackPostMs: number;
  slackPosts: number;
}

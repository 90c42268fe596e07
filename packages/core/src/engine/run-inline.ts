import { nodeCrypto } from '../node-builtins.js';
import { startAttempt, type AttemptOutcome } from './execute-job.js';
import type { AnyPipeline } from './pipeline.js';
import type { Job } from './types.js';

/** What {@link runInline} needs. */
export interface RunInlineOptions {
  /** The pipeline the job belongs to. */
  pipeline: AnyPipeline;
  /** The job to run now. */
  jobId: string;
  /** How long the caller waits, in ms. The attempt itself is not cut short. */
  deadlineMs: number;
  /** The lease of the inline attempt, renewed while it runs (default 30 000). */
  leaseMs?: number | undefined;
  /** How often to look at a job another process is running, in ms (default 100). */
  pollMs?: number | undefined;
}

/** How {@link runInline} ended. */
export interface InlineResult {
  /** The job as stored when the wait ended (steps saved so far). */
  job: Job | undefined;
  /**
   * The attempt's outcome when it ended in time (`parked` when the job waits: a worker resumes it);
   * `deadline` when the wait ended first (the attempt goes on and persists its steps); `elsewhere` when
   * another attempt held or finished the job.
   */
  outcome: AttemptOutcome | 'deadline' | 'elsewhere';
}

/** Statuses in which no attempt is running: the wait for another process's attempt is over. */
const finished = new Set<Job['status']>(['succeeded', 'dead', 'failed', 'queued', 'waiting']);

/**
 * Runs one just-enqueued job now, in this process, while its sender waits, for at most `deadlineMs`.
 * If another process (or another request) holds the job, it waits for that attempt instead. When the
 * deadline passes, it answers with the steps saved so far and lets the attempt continue: it persists
 * as usual, and a worker picks up any retry.
 *
 * @example
 * ```ts
 * const { job } = await pipeline.enqueue(key, input);
 * const { job: latest, outcome } = await runInline({ pipeline, jobId: job.id, deadlineMs: 8_000 });
 * ```
 */
export async function runInline({ pipeline, jobId, deadlineMs, leaseMs = 30_000, pollMs = 100 }: RunInlineOptions): Promise<InlineResult> {
  const { store, clock } = pipeline;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineMs));
  });
  try {
    const owner = `inline-${nodeCrypto().randomUUID()}`;
    const [job] = await store.claim({ owner, leaseMs, now: clock(), limit: 1, pipelines: [pipeline.name], jobId });
    if (job) {
      const attempt = startAttempt({ pipeline, job, owner, leaseMs });
      attempt.done.catch((error: unknown) => pipeline.logger.error({ jobId, error: String(error) }, 'callwire inline attempt crashed'));
      const outcome = await Promise.race([attempt.done.catch(() => 'lost' as const), deadline]);
      return { job: await store.get(jobId), outcome };
    }
    const outcome = await Promise.race([waitForOtherAttempt(pipeline, jobId, pollMs, deadline), deadline]);
    return { job: await store.get(jobId), outcome };
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the job is no longer running elsewhere (or is gone), polling the store and listening to events. */
async function waitForOtherAttempt(pipeline: AnyPipeline, jobId: string, pollMs: number, deadline: Promise<unknown>): Promise<'elsewhere'> {
  let stopped = false;
  void deadline.then(() => (stopped = true));
  let wake: (() => void) | undefined;
  const onEvent = (_type: unknown, payload: unknown) => {
    if ((payload as { jobId?: string } | undefined)?.jobId === jobId) wake?.();
  };
  pipeline.events.on('*', onEvent);
  try {
    while (!stopped) {
      const job = await pipeline.store.get(jobId);
      if (!job || finished.has(job.status)) return 'elsewhere';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    return 'elsewhere';
  } finally {
    pipeline.events.off('*', onEvent);
  }
}

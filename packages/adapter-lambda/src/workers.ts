import { announceJobs, createWorker, purgeAll, type AnyPipeline, type DrainResult, type JobAnnouncer, type Worker } from '@callwire/core';

/** What the worker Lambdas need: the pipelines (sharing one durable store, e.g. PostgreSQL), and optionally a worker of your own. */
export interface LambdaWorkerOptions {
  /** The pipelines whose jobs this function runs (they share one store). */
  pipelines: readonly AnyPipeline[];
  /** Defaults to `createWorker({ pipelines })`, made once per Lambda container. */
  worker?: Worker | undefined;
  /**
   * Announces the jobs the invocation parks (for when they are due), retries, wakes or releases — e.g.
   * `sqsAnnouncer({ queueUrl })` — and awaits the announcements before the invocation ends.
   */
  announcer?: JobAnnouncer | undefined;
}

/** An SQS event, as `aws-lambda`'s `SQSEvent` (only what is read). */
export interface SqsEventLike {
  Records: ReadonlyArray<{ messageId: string; body: string }>;
}

/** The partial batch response SQS reads when `ReportBatchItemFailures` is on. */
export interface SqsBatchResult {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** What a Lambda `context` offers that the scheduled handler reads. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

/** Options of {@link createScheduledHandler}. */
export interface ScheduledHandlerOptions extends LambdaWorkerOptions {
  /**
   * Stop claiming jobs once less than this much of the invocation remains, in ms (default 60 000); jobs
   * still running when half of it remains are released — due at once, and announced when an announcer is set.
   */
  marginMs?: number | undefined;
  /**
   * How often the pipelines' retention policies (`purgeExpired`) run, in ms (default 3 600 000): at the first
   * invocation of a container, then at the first invocation after each interval, once the due jobs have run.
   */
  retentionIntervalMs?: number | undefined;
}

/** What a scheduled invocation did: how its jobs' attempts ended, and how many jobs retention scrubbed (0 when it did not run). */
export type ScheduledResult = DrainResult & { purged: number };

/** A message that arrives this close before its job is due (clock skew) puts itself back for the due time. */
const earlyToleranceMs = 5_000;

function jobIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { jobId?: unknown };
    return typeof parsed.jobId === 'string' && parsed.jobId !== '' ? parsed.jobId : undefined;
  } catch {
    return undefined;
  }
}

function workerOf(options: LambdaWorkerOptions, name: string) {
  const store = Array.isArray(options.pipelines) ? options.pipelines[0]?.store : undefined;
  if (!store) throw new TypeError(`${name}: option \`pipelines\` must be a list of at least one pipeline.`);
  if (options.announcer !== undefined && typeof options.announcer?.announce !== 'function') throw new TypeError(`${name}: option \`announcer\` must have an announce(jobs) method.`);
  const worker = options.worker ?? createWorker({ pipelines: options.pipelines });
  const announcements = options.announcer ? announceJobs(options.pipelines, options.announcer) : undefined;
  return { store, worker, announcements };
}

/**
 * Runs the jobs named in SQS messages (`{ "jobId": "…" }`), and only those; an invocation ends as soon
 * as each job has finished **or parked** — it never waits for a job's wait. With an `announcer`, a
 * parked job is announced for its due time (SQS delivers the message then, up to 15 minutes ahead; the
 * scheduled function wakes longer waits). A message is reported failed (SQS delivers it again after the
 * visibility timeout) when its body is malformed, its job is unknown, another worker still holds the job,
 * or the job is `queued` but not due yet. A job that waits or has a retry scheduled was announced for
 * its due time, and a dead one is done: none is a failure. Turn on `ReportBatchItemFailures`.
 *
 * @example
 * ```ts
 * export const handler = createSqsHandler({ pipelines: [calls, appointments], announcer: sqsAnnouncer({ queueUrl: process.env.QUEUE_URL! }) });
 * ```
 */
export function createSqsHandler(options: LambdaWorkerOptions): (event: SqsEventLike) => Promise<SqsBatchResult> {
  const { store, worker, announcements } = workerOf(options, 'createSqsHandler');
  const clock = options.pipelines[0]!.clock;
  return async (event) => {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    const failed = new Set<string>();
    // Messages naming one job (SQS delivers at least once; a job may be announced twice) run it once and share its outcome.
    const byJob = new Map<string, string[]>();
    for (const record of records) {
      const jobId = jobIdOf(String(record.body));
      if (jobId === undefined) failed.add(record.messageId);
      else byJob.set(jobId, [...(byJob.get(jobId) ?? []), record.messageId]);
    }
    try {
      await Promise.all(
        [...byJob].map(async ([jobId, messageIds]) => {
          const fail = () => messageIds.forEach((messageId) => failed.add(messageId));
          const outcome = await worker.run(jobId);
          if (outcome === 'lost' || outcome === 'released') fail();
          if (outcome !== 'not-due') return;
          const job = await store.get(jobId);
          if (!job || job.status === 'queued' || job.status === 'running') fail();
          else if ((job.status === 'waiting' || job.status === 'failed') && job.runAt - clock() <= earlyToleranceMs) {
            // Delivered a moment before the job is due: put it back for then (it is nobody else's message).
            await options.announcer?.announce([{ jobId, pipeline: job.pipeline, at: job.runAt }]).catch(fail);
          }
        }),
      );
    } catch {
      for (const record of records) failed.add(record.messageId);
    }
    await announcements?.flush();
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/**
 * Runs due jobs on a schedule (e.g. an EventBridge rule every minute): waits longer than SQS can delay
 * (15 minutes), jobs whose announcement was lost, retries, re-driven jobs, jobs of crashed invocations.
 * It runs them itself rather than announcing them: it is the path that must work when announcing does
 * not. Given the Lambda `context`, it stops claiming once less than `marginMs` remains and releases what
 * it could not finish (announced, with an `announcer`, so the SQS function carries on at once).
 *
 * @example
 * ```ts
 * export const handler = createScheduledHandler({ pipelines: [calls, appointments], announcer: sqsAnnouncer({ queueUrl: process.env.QUEUE_URL! }) });
 * ```
 */
export function createScheduledHandler(options: ScheduledHandlerOptions): (event?: unknown, context?: LambdaContextLike) => Promise<ScheduledResult> {
  const marginMs = options.marginMs ?? 60_000;
  if (!Number.isFinite(marginMs) || marginMs < 0) throw new TypeError(`createScheduledHandler: option \`marginMs\` must be 0 or more (ms) (got ${marginMs}).`);
  const retentionIntervalMs = options.retentionIntervalMs ?? 3_600_000;
  if (!Number.isFinite(retentionIntervalMs) || retentionIntervalMs < 0) {
    throw new TypeError(`createScheduledHandler: option \`retentionIntervalMs\` must be 0 or more (ms) (got ${retentionIntervalMs}).`);
  }
  const { worker, announcements } = workerOf(options, 'createScheduledHandler');
  const clock = options.pipelines[0]!.clock;
  let lastPurge = -Infinity;
  return async (_event, context) => {
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
    const budget = new AbortController();
    const timer = remaining === undefined ? undefined : setTimeout(() => budget.abort(), Math.max(0, remaining - marginMs));
    try {
      const counts = await worker.drain({ signal: budget.signal, graceMs: marginMs / 2 });
      let purged = 0;
      if (!budget.signal.aborted && clock() - lastPurge >= retentionIntervalMs) {
        lastPurge = clock();
        purged = await purgeAll(options.pipelines, options.pipelines[0]!.logger);
      }
      return { ...counts, purged };
    } finally {
      clearTimeout(timer);
      await announcements?.flush();
    }
  };
}

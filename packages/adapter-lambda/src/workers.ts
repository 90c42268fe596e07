import { createWorker, type AnyPipeline, type DrainResult, type Worker } from '@callwire/core';

/** What the worker Lambdas need: the pipelines (sharing one durable store, e.g. PostgreSQL), and optionally a worker of your own. */
export interface LambdaWorkerOptions {
  pipelines: readonly AnyPipeline[];
  /** Defaults to `createWorker({ pipelines })`, made once per Lambda container. */
  worker?: Worker;
}

/** An SQS event, as `aws-lambda`'s `SQSEvent` (only what is read). */
export interface SqsEventLike {
  Records: ReadonlyArray<{ messageId: string; body: string }>;
}

/** The partial batch response SQS reads when `ReportBatchItemFailures` is on. */
export interface SqsBatchResult {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

function jobIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { jobId?: unknown };
    return typeof parsed.jobId === 'string' && parsed.jobId !== '' ? parsed.jobId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the jobs named in SQS messages (`{ "jobId": "…" }`), and only those, then reports a message as
 * failed (so SQS delivers it again) when its body is malformed, its job is unknown, another worker
 * still holds it, or it is not due yet. A job that failed and has a retry scheduled, or is dead, is
 * done as far as SQS is concerned: the store owns its retries (the scheduled Lambda runs them). Turn
 * on `ReportBatchItemFailures` for the event source.
 *
 * @example
 * ```ts
 * export const handler = createSqsHandler({ pipelines: [calls, appointments] });
 * ```
 */
export function createSqsHandler(options: LambdaWorkerOptions): (event: SqsEventLike) => Promise<SqsBatchResult> {
  const worker = options.worker ?? createWorker({ pipelines: options.pipelines });
  const store = options.pipelines[0]?.store;
  if (!store) throw new TypeError('createSqsHandler needs at least one pipeline.');
  return async (event) => {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    const failed = new Set<string>();
    const named = records.flatMap((record) => {
      const jobId = jobIdOf(String(record.body));
      if (jobId === undefined) failed.add(record.messageId);
      return jobId === undefined ? [] : [{ messageId: record.messageId, jobId }];
    });
    try {
      await Promise.all(
        named.map(async ({ messageId, jobId }) => {
          const outcome = await worker.run(jobId);
          if (outcome === 'lost' || outcome === 'released') failed.add(messageId);
          if (outcome !== 'not-due') return;
          const job = await store.get(jobId);
          if (!job || job.status === 'queued' || job.status === 'running') failed.add(messageId);
        }),
      );
    } catch {
      for (const record of records) failed.add(record.messageId);
    }
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/**
 * Drains every due job (new ones, scheduled retries, re-driven ones) on a schedule, e.g. an
 * EventBridge rule every minute. Give the Lambda a timeout well above your slowest job.
 *
 * @example
 * ```ts
 * export const handler = createScheduledHandler({ pipelines: [calls, appointments] });
 * ```
 */
export function createScheduledHandler(options: LambdaWorkerOptions): (event?: unknown) => Promise<DrainResult> {
  const worker = options.worker ?? createWorker({ pipelines: options.pipelines });
  return () => worker.drain();
}

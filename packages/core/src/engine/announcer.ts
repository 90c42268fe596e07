import type { Logger } from '../logger.js';
import type { PipelineEvents } from './events.js';
import type { AnyPipeline } from './pipeline.js';

/** A job to announce, due at `at`. */
export interface AnnouncedJob {
  jobId: string;
  /** The job's pipeline. */
  pipeline: string;
  /** Epoch milliseconds when the job is due; omitted: now. */
  at?: number;
}

/**
 * The announcer port: tells whatever runs jobs (an SQS queue, a task queue, a wake-up call) that
 * jobs are due, now or at a time, so that nothing has to poll for them. An announcement is a hint,
 * never the job itself: the store keeps the job, a lost announcement only delays it until a worker
 * (or the scheduled function) finds it due. Implementations reject when they could not announce.
 *
 * @example
 * ```ts
 * const announcer: JobAnnouncer = {
 *   async announce(jobs) {
 *     for (const { jobId, at } of jobs) await queue.send({ jobId }, { notBefore: at });
 *   },
 * };
 * ```
 */
export interface JobAnnouncer {
  /** Announces jobs that are due now or later (e.g. one SQS message each, delayed to their due time). */
  announce(jobs: readonly AnnouncedJob[]): Promise<void>;
}

/** The subscription {@link announceJobs} makes. */
export interface Announcements {
  /**
   * Sends what is buffered and resolves once every announcement made so far was sent or failed.
   * Never rejects: failures are logged (the jobs stay in the store, due). Serverless hosts await
   * it before they answer — a function is frozen once it has answered.
   */
  flush(): Promise<void>;
  /** Stops listening to the pipelines' events. Announcements already made are still sent. */
  stop(): void;
}

/** Options of {@link announceJobs}. */
export interface AnnounceJobsOptions {
  /** Where failed announcements are reported (default: the first pipeline's logger). */
  logger?: Logger | undefined;
}

/** When an event makes a job due: `{ at }`, `{}` for now, `undefined` when it does not. */
type DueRule<K extends keyof PipelineEvents> = (event: PipelineEvents[K]) => { at?: number } | undefined;

/**
 * When a job becomes due, by event: new jobs at their `runAt`, updated inputs made due, parked jobs at
 * their wait's end, jobs woken by a signal, scheduled retries, re-driven and released jobs at once.
 */
const dueRules: { [K in keyof PipelineEvents]?: DueRule<K> } = {
  'job.queued': (event) => ({ at: event.runAt }),
  'job.updated': (event) => (event.runAt === undefined ? undefined : { at: event.runAt }),
  'job.waiting': (event) => ({ at: event.until }),
  'job.woken': (event) => (event.by === 'signal' ? {} : undefined),
  'job.failed': (event) => ({ at: event.retryAt }),
  'job.redriven': () => ({}),
  'job.released': () => ({}),
};

const subscriptions = new WeakMap<JobAnnouncer, { announcements: Announcements; attach(pipeline: AnyPipeline): void }>();

/**
 * Announces the jobs of `pipelines` through `announcer` as they become due: accepted jobs
 * (`enqueue`; `updateInput` with `runAt`), parked jobs (for their wait's end), jobs woken by a signal,
 * scheduled retries, re-driven and released jobs. Announcements made in one turn of the event loop go
 * out as one `announce` call, one entry per job (its latest due time). Calling it again with the same
 * announcer adds pipelines to the same subscription, so a job is never announced twice by it.
 *
 * `createHandler({ announcer })` and the Lambda worker handlers call it and await
 * {@link Announcements.flush} before they answer; call it yourself on other hosts.
 *
 * @example
 * ```ts
 * const announcements = announceJobs([calls, appointments], announcer);
 * await calls.enqueue(callId, input);
 * await announcements.flush(); // sent (or logged as failed) before the function returns
 * ```
 */
export function announceJobs(pipelines: readonly AnyPipeline[], announcer: JobAnnouncer, options: AnnounceJobsOptions = {}): Announcements {
  if (typeof announcer?.announce !== 'function') throw new TypeError('announceJobs: `announcer` must have an announce(jobs) method.');
  let subscription = subscriptions.get(announcer);
  if (!subscription) {
    subscription = subscribe(announcer, options.logger ?? pipelines[0]?.logger);
    subscriptions.set(announcer, subscription);
  }
  for (const pipeline of pipelines) subscription.attach(pipeline);
  return subscription.announcements;
}

function subscribe(announcer: JobAnnouncer, logger: Logger | undefined) {
  const attached = new Map<AnyPipeline, () => void>();
  let buffer = new Map<string, AnnouncedJob>();
  let scheduled: NodeJS.Immediate | undefined;
  const inFlight = new Set<Promise<void>>();

  const send = () => {
    clearImmediate(scheduled);
    scheduled = undefined;
    if (buffer.size === 0) return;
    const jobs = [...buffer.values()];
    buffer = new Map();
    const sending = Promise.resolve()
      .then(() => announcer.announce(jobs))
      .catch((error: unknown) => {
        logger?.error(
          { jobs: jobs.map((job) => job.jobId), error: error instanceof Error ? error.message : String(error) },
          'callwire could not announce jobs; they stay due in the store and the scheduled run picks them up',
        );
      })
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };

  const attach = (pipeline: AnyPipeline) => {
    if (attached.has(pipeline)) return;
    const handlers = Object.entries(dueRules).map(([type, rule]) => {
      const handler = (event: { jobId: string; pipeline: string }) => {
        const due = (rule as (event: unknown) => { at?: number } | undefined)(event);
        if (!due) return;
        buffer.delete(event.jobId); // the latest due time wins, in order
        buffer.set(event.jobId, { jobId: event.jobId, pipeline: event.pipeline, ...due });
        scheduled ??= setImmediate(send);
      };
      pipeline.events.on(type as keyof PipelineEvents, handler as never);
      return () => pipeline.events.off(type as keyof PipelineEvents, handler as never);
    });
    attached.set(pipeline, () => handlers.forEach((off) => off()));
  };

  const announcements: Announcements = {
    async flush() {
      send();
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    stop() {
      for (const off of attached.values()) off();
      attached.clear();
      subscriptions.delete(announcer);
    },
  };
  return { announcements, attach };
}

import { nodeCrypto } from '../node-builtins.js';
import { silentLogger, type Logger } from '../logger.js';
import { optionError } from '../options.js';
import { startAttempt, type AttemptOutcome, type RunningAttempt } from './execute-job.js';
import type { AnyPipeline } from './pipeline.js';
import { createRetentionTimer } from './retention-timer.js';
import type { Job, JobStore } from './types.js';

/** What {@link createWorker} needs. */
export interface WorkerOptions {
  /** The pipelines whose jobs this worker runs. They must share one store. */
  pipelines: readonly AnyPipeline[];
  /** Jobs run at once (default 4). */
  concurrency?: number | undefined;
  /** How long a claim lasts without renewal, in ms (default 30 000). Renewed every third of it while a job runs. */
  leaseMs?: number | undefined;
  /**
   * How often an idle worker looks for due jobs, in ms (default 1 000). Jobs enqueued or signalled in
   * this process wake it at once, and jobs it parked wake it when they are due.
   */
  pollIntervalMs?: number | undefined;
  /** A unique id for leases and logs (default: a random UUID). */
  id?: string | undefined;
  /**
   * How often a started worker applies the retention policies of its pipelines (`purgeExpired`), in ms
   * (default 3 600 000: hourly, and once at start). Jobs do not need to succeed for it to run.
   */
  retentionIntervalMs?: number | undefined;
  /** A pino-compatible logger (default: silent). */
  logger?: Logger | undefined;
}

/** Counts of how the attempts of a {@link Worker.drain} ended. */
export type DrainResult = Record<AttemptOutcome, number>;

/** Options of {@link Worker.drain}. */
export interface DrainOptions {
  /**
   * When aborted, the drain stops claiming jobs; jobs still running `graceMs` later are released (due
   * at once, for another worker, without losing an attempt) and the drain resolves. For time budgets,
   * such as a Lambda invocation's remaining time.
   */
  signal?: AbortSignal | undefined;
  /** How long running jobs may finish after `signal` aborts, in ms (default 30 000). */
  graceMs?: number | undefined;
}

/** Options of {@link Worker.stop}. */
export interface StopOptions {
  /** How long running jobs may take to finish before their leases are released, in ms (default 30 000). */
  timeoutMs?: number | undefined;
}

/** Runs jobs of one or more pipelines. */
export interface Worker {
  /** This worker's id, the owner recorded on the jobs it leases. */
  readonly id: string;
  /** Start claiming and running jobs in the background until {@link Worker.stop}. */
  start(): void;
  /**
   * Stop claiming, let running jobs finish within the deadline, then release the leases of those that
   * did not (they become due at once for another worker, without losing an attempt).
   */
  stop(options?: StopOptions): Promise<void>;
  /**
   * Run every job that is due, including jobs that become due while draining, then resolve. For
   * tests, scripts, demos and serverless functions. Not while started. With `signal`, it stops
   * claiming once the signal aborts and releases what has not finished `graceMs` later.
   *
   * @example
   * ```ts
   * const counts = await worker.drain({ signal: AbortSignal.timeout(60_000), graceMs: 10_000 });
   * ```
   */
  drain(options?: DrainOptions): Promise<DrainResult>;
  /**
   * Claim one job by id, if it is due (or its lease expired), and run this attempt to its end —
   * for triggers that name a job, such as an SQS message. `not-due` when it is not claimable now
   * (held by another worker, scheduled later, finished, or unknown). Independent of `start()`.
   */
  run(jobId: string): Promise<AttemptOutcome | 'not-due'>;
}

/**
 * Creates a worker that claims due jobs from the pipelines' store under a lease and runs them.
 *
 * @example
 * ```ts
 * const worker = createWorker({ pipelines: [calls, appointments], concurrency: 8 });
 * worker.start();
 * process.on('SIGTERM', () => worker.stop({ timeoutMs: 10_000 }));
 * ```
 */
export function createWorker(options: WorkerOptions): Worker {
  if (!Array.isArray(options.pipelines)) throw optionError('createWorker', 'pipelines', 'must be a list of at least one pipeline');
  const pipelines = new Map<string, AnyPipeline>();
  for (const pipeline of options.pipelines) {
    if (pipelines.has(pipeline.name)) throw optionError('createWorker', 'pipelines', `must have distinct names (two are named ${JSON.stringify(pipeline.name)})`);
    pipelines.set(pipeline.name, pipeline);
  }
  const first = options.pipelines[0];
  if (!first) throw optionError('createWorker', 'pipelines', 'must be a list of at least one pipeline');
  const store: JobStore = first.store;
  if (options.pipelines.some((p) => p.store !== store)) throw optionError('createWorker', 'pipelines', 'must share one store');
  const concurrency = positiveInteger(options.concurrency ?? 4, 'concurrency');
  const leaseMs = positiveInteger(options.leaseMs ?? 30_000, 'leaseMs');
  const pollIntervalMs = positiveInteger(options.pollIntervalMs ?? 1_000, 'pollIntervalMs');
  const id = options.id ?? `worker-${nodeCrypto().randomUUID()}`;
  const logger = options.logger ?? silentLogger;
  const names = [...pipelines.keys()];
  const retention = createRetentionTimer([...pipelines.values()], positiveInteger(options.retentionIntervalMs ?? 3_600_000, 'retentionIntervalMs'), logger);

  const running = new Map<string, RunningAttempt>();
  let state: 'idle' | 'started' | 'stopping' | 'draining' = 'idle';
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let wokenEarly = false;
  /** Wakes an idle loop now; a wake-up that arrives while the loop is busy is kept for its next wait. */
  const nudge = () => {
    if (wake) wake();
    else wokenEarly = true;
  };
  /**
   * When jobs this process parked are due (epoch ms, the pipelines' clock): an idle loop wakes for the earliest.
   * Only those due within a poll interval are kept (an idle loop never sleeps longer), so the list stays small also
   * in a worker whose loop never runs (e.g. `run()`/`drain()` in a warm Lambda container).
   */
  let localDue: number[] = [];
  const onWaiting = ({ until }: { until: number }) => {
    const now = first!.clock();
    if (until < now + pollIntervalMs) localDue = [...localDue.filter((due) => due > now), until];
  };
  let listening = false;
  const listen = (on: boolean) => {
    if (listening === on) return;
    listening = on;
    for (const pipeline of pipelines.values()) {
      const events = pipeline.events;
      // New, signalled and updated jobs may be due now; parked ones later.
      for (const type of ['job.queued', 'job.woken', 'job.updated'] as const) (on ? events.on : events.off)(type, nudge);
      (on ? events.on : events.off)('job.waiting', onWaiting);
    }
  };
  listen(true);
  /** How long an idle loop sleeps after a claim at `claimedAt`: the poll interval, or until a job parked here is due. */
  const idleMs = (claimedAt: number) => {
    localDue = localDue.filter((due) => due > claimedAt);
    const soonest = localDue.reduce((min, due) => Math.min(min, due), Infinity);
    return soonest === Infinity ? pollIntervalMs : Math.min(pollIntervalMs, Math.max(0, soonest - first!.clock()));
  };

  async function claimInto(count?: (outcome: AttemptOutcome) => void): Promise<number> {
    const free = concurrency - running.size;
    if (free <= 0) return 0;
    const jobs: Job[] = await store.claim({ owner: id, leaseMs, now: first!.clock(), limit: free, pipelines: names });
    for (const job of jobs) {
      const attempt = startAttempt({ pipeline: pipelines.get(job.pipeline)!, job, owner: id, leaseMs });
      running.set(job.id, attempt);
      void attempt.done.then(
        (outcome) => count?.(outcome),
        (error: unknown) => logger.error({ jobId: job.id, error: String(error) }, 'callwire attempt crashed'),
      ).finally(() => {
        // The next attempt of the same job may already be running under this id: remove only this one.
        if (running.get(job.id) === attempt) running.delete(job.id);
        nudge();
      });
    }
    return jobs.length;
  }

  function nextWake(ms: number): Promise<void> {
    if (wokenEarly) {
      wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function runLoop(): Promise<void> {
    while (state === 'started') {
      let claimed = 0;
      const claimedAt = first!.clock();
      try {
        claimed = await claimInto();
      } catch (error) {
        logger.warn({ worker: id, error: String(error) }, 'callwire claim failed; retrying after the poll interval');
      }
      if (state !== 'started') break;
      if (claimed === 0 || running.size >= concurrency) await nextWake(running.size >= concurrency ? pollIntervalMs : idleMs(claimedAt));
    }
  }

  return {
    id,
    start() {
      if (state !== 'idle') throw new Error(`Worker ${id} is already ${state}.`);
      state = 'started';
      listen(true);
      retention.start();
      loop = runLoop();
    },
    async stop({ timeoutMs = 30_000 } = {}) {
      if (state !== 'started') return;
      state = 'stopping';
      retention.stop();
      nudge();
      await loop;
      const finished = Promise.allSettled([...running.values()].map((attempt) => attempt.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      await Promise.allSettled([...running.values()].map((attempt) => attempt.release()));
      listen(false);
      state = 'idle';
    },
    async run(jobId) {
      const [job] = await store.claim({ owner: id, leaseMs, now: first.clock(), limit: 1, pipelines: names, jobId });
      if (!job) return 'not-due';
      return startAttempt({ pipeline: pipelines.get(job.pipeline)!, job, owner: id, leaseMs }).done;
    },
    async drain({ signal, graceMs = 30_000 }: DrainOptions = {}) {
      if (state !== 'idle') throw new Error(`Worker ${id} cannot drain while ${state}.`);
      if (!Number.isFinite(graceMs) || graceMs < 0) throw optionError('drain', 'graceMs', `must be 0 or more (ms) (got ${graceMs})`);
      state = 'draining';
      const counts: DrainResult = { succeeded: 0, failed: 0, dead: 0, released: 0, lost: 0, parked: 0 };
      let open = true;
      const count = (outcome: AttemptOutcome) => {
        if (open) counts[outcome] += 1;
      };
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<void>((resolve) => {
        onAbort = () => resolve();
        if (signal?.aborted) resolve();
        else signal?.addEventListener('abort', onAbort, { once: true });
      });
      const settled = () => Promise.race([...running.values()].map((a) => a.done.catch(() => undefined)));
      try {
        for (;;) {
          if (signal?.aborted) break;
          const claimed = await claimInto(count);
          if (claimed === 0 && running.size === 0) return counts;
          if (claimed === 0 || running.size >= concurrency) await Promise.race([settled(), aborted]);
        }
        // Out of time: what finishes within the grace period counts; the rest is handed back.
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
        while (running.size > 0 && (await Promise.race([settled().then(() => 'settled' as const), grace.then(() => 'over' as const)])) === 'settled');
        clearTimeout(timer);
        const unfinished = [...running.values()];
        open = false;
        counts.released += unfinished.length;
        await Promise.allSettled(unfinished.map((attempt) => attempt.release()));
        return counts;
      } finally {
        open = false;
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        state = 'idle';
      }
    },
  };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw optionError('createWorker', name, `must be a whole number of at least 1 (got ${value})`);
  return value;
}

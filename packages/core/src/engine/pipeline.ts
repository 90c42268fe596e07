import { CallwireError } from '../errors.js';
import { redactText, silentLogger, type Logger } from '../logger.js';
import { optionError, withDefaults, type Overrides } from '../options.js';
import { createEmitter, type PipelineEmitter, type PipelineEvents } from './events.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy.js';
import type { EnqueueResult, InputUpdate, Job, JobStore, RetryOptions, SignalledJob, UpdateInputResult } from './types.js';
import type { WaitForEventResult } from './waits.js';
import { storeFailure } from '../store-failure.js';
import { scrubbedRedriveError } from './scrubbed.js';

/** Handed to a step's function. */
export interface StepContext {
  /** Aborted when the worker loses the job's lease or stops; pass it to fetch and SDK calls. */
  signal: AbortSignal;
  /** Stable for this job and step across attempts, processes and re-drives: use it as a provider idempotency key. */
  idempotencyKey: string;
  /** This step's run number (1 on its first run). */
  attempt: number;
}

/** What a side-effect step's `confirm` is told about the run that was interrupted. */
export interface StepIntent {
  /** The step's idempotency key (as {@link StepContext.idempotencyKey}). */
  idempotencyKey: string;
  /** Epoch milliseconds: when the interrupted run began its provider call (look for the effect from then). */
  since: number;
  /** The interrupted run's number. */
  attempt: number;
  signal: AbortSignal;
}

/**
 * Options of a step whose effect is not idempotent at its provider (a chat post, an SMS, an upload). Before it
 * runs, the engine records its intent (one store write); a job resumed after a crash that finds that intent
 * asks `confirm` whether the effect happened, and uses what it found as the step's result instead of running
 * the step again. Without `confirm` (or when `confirm` finds nothing) the step runs again; without `confirm`
 * that re-run is reported as a possible duplicate (`step.maybe-duplicated`, `maybeDuplicated` on the record).
 */
export interface StepOptions<T> {
  /** The step has an effect outside the job that running it twice would repeat. Implied by `confirm`. */
  sideEffect?: boolean | undefined;
  /**
   * Looks for the effect of an interrupted run at the provider: its result (as `fn` would have returned it)
   * when it happened, `undefined` when it did not. A throw fails the step (retried as usual; the intent is kept).
   */
  confirm?: ((intent: StepIntent) => Promise<T | undefined> | T | undefined) | undefined;
}

/** Handed to a pipeline's `run` function for one attempt of one job. */
export interface JobContext<TInput = unknown> {
  readonly job: Readonly<Job<TInput>>;
  /** This attempt's number (1 on the first). */
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /**
   * Runs `fn` once for this job. When the step already succeeded on an earlier attempt (before a
   * crash, a retry or a re-drive), its saved result is returned and `fn` is not called. Results are
   * stored as JSON, and the value returned is always the JSON round-trip, on the first run as on a resume.
   * With `options` (see {@link StepOptions}), a step whose effect is not idempotent records its intent first and
   * confirms an interrupted run with its provider before running again.
   *
   * @example
   * ```ts
   * await step('send-sms', () => sms.send(to, body), {
   *   confirm: ({ since }) => sms.findSent?.({ to, body, since }),
   * });
   * ```
   */
  step<T>(name: string, fn: (context: StepContext) => Promise<T> | T, options?: StepOptions<T>): Promise<T>;
  /**
   * Waits `duration` ms, or until `{ until }` (epoch ms), without holding anything: the job is parked
   * in the store and resumes — in any process, after any restart — once the time has come. Memoised
   * like a step: once over, it is not waited again. Its name shares the step namespace.
   *
   * @example
   * ```ts
   * await sleep('let-exotel-publish', 60_000);
   * await sleep('office-opens', { until: Date.parse('2025-01-06T09:00:00+05:30') });
   * ```
   */
  sleep(name: string, duration: number | { until: number }): Promise<void>;
  /**
   * Waits for the event signalled with `key` (`pipeline.signal(key, payload)`) for at most `timeoutMs`,
   * without holding anything: the job is parked and the signal wakes it. A signal sent before the wait
   * began is kept and received. Memoised like a step: the received event (or the timeout) is saved.
   * Use a key that names one event (e.g. `transcript:<id>`).
   *
   * @example
   * ```ts
   * const done = await waitForEvent<{ status: string }>('transcript-ready', { key: `transcript:${id}`, timeoutMs: 30 * 60_000 });
   * if (done.timedOut) await step('check-status', () => transcriber.status(id));
   * else console.log(done.event.status);
   * ```
   */
  waitForEvent<T = unknown>(name: string, options: { key: string; timeoutMs: number }): Promise<WaitForEventResult<T>>;
}

/** What {@link createPipeline} needs. */
export interface PipelineOptions<TInput, TOutput> {
  /** Unique name, stored with each job (e.g. `calls`). */
  name: string;
  /** Where jobs and steps are kept. */
  store: JobStore;
  /** The work for one job: a sequence of `ctx.step(...)` calls. */
  run(input: TInput, context: JobContext<TInput>): Promise<TOutput>;
  /** How failed attempts are retried (default 5 attempts, 2 s doubling to 5 min, with jitter). */
  retry?: Overrides<RetryPolicy> | undefined;
  /** A pino-compatible logger (default: silent). */
  logger?: Logger | undefined;
  /** Epoch-milliseconds clock (tests). Defaults to `Date.now`. */
  clock?: (() => number) | undefined;
  /**
   * The names a job's input holds (a caller's, a customer's, an agent's): they are masked, with phone numbers and
   * e-mail addresses, in the errors the job stores and in the log lines about it.
   */
  personalNames?: ((input: TInput) => readonly (string | null | undefined)[]) | undefined;
}

/** Options of {@link Pipeline.enqueue}. */
export interface EnqueueOptions {
  /** Epoch milliseconds; the job is not due before then. */
  runAt?: number | undefined;
}

/** Options of {@link Pipeline.updateInput}. */
export interface PipelineUpdateInputOptions {
  /** Epoch milliseconds: when the input changes, the job is also due at this time (e.g. `pipeline.clock()` to run it now). */
  runAt?: number | undefined;
}

/** A named, durable workflow: enqueue jobs into its store; a worker runs them. */
export interface Pipeline<TInput = unknown, TOutput = unknown> {
  /** The pipeline's name: jobs are keyed by it. */
  readonly name: string;
  /** Where its jobs are kept. */
  readonly store: JobStore;
  /** Job and step events (`job.queued`, `step.reused`, …). */
  readonly events: PipelineEmitter;
  /** Its logger. */
  readonly logger: Logger;
  /** Its retry policy, defaults filled in. */
  readonly retryPolicy: RetryPolicy;
  /** Its epoch-millisecond clock. */
  readonly clock: () => number;
  /**
   * Stores a job under an idempotency key. A second delivery with the same key returns the existing
   * job with `created: false`, under any concurrency. Throws `CallwireError('store_unavailable')`
   * when the store cannot take it, so the sender can retry.
   */
  enqueue(key: string, input: TInput, options?: EnqueueOptions): Promise<EnqueueResult<TInput>>;
  /**
   * Re-drives a dead or failed job: due now, completed steps kept — except those named in
   * `resetSteps`, which run again. Throws `CallwireError('gone')` (410) for a job retention scrubbed.
   */
  redrive(jobId: string, options?: RetryOptions): Promise<Job<TInput>>;
  /**
   * Atomically replaces the input of a job of this pipeline that is not running (queued, or failed
   * and waiting for its retry) — e.g. a later, richer delivery of the same call completes the stored
   * one. `update` gets the stored input and job and returns the new input, or `undefined` to keep it;
   * it must be synchronous and pure (stores call it inside a transaction). With `runAt`, an updated
   * job is also due at that time. Resolves `updated: false` when the job is running or finished, or
   * `update` returned `undefined`. Throws `CallwireError('not_found')` for an unknown job and
   * `CallwireError('store_unavailable')` when the store fails.
   *
   * @example
   * ```ts
   * const { job, created } = await calls.enqueue(callId, delivery);
   * if (!created) {
   *   await calls.updateInput(job.id, (stored) => (stored.recordingUrl ? undefined : { ...stored, recordingUrl: delivery.recordingUrl }), {
   *     runAt: calls.clock(),
   *   });
   * }
   * ```
   */
  updateInput(jobId: string, update: InputUpdate<TInput>, options?: PipelineUpdateInputOptions): Promise<UpdateInputResult<TInput>>;
  /**
   * Delivers an event to the job of this pipeline waiting on `key` (`waitForEvent(name, { key })`),
   * exactly once, and makes it due at once. When no job waits on `key` yet, the event is kept and the
   * next wait on `key` receives it. Resolves the job it woke, or `undefined` when it was kept. Throws
   * `CallwireError('store_unavailable')` when the store fails, so the sender can retry.
   *
   * @example
   * ```ts
   * // In the transcript-ready webhook:
   * await calls.signal(`transcript:${body.transcript_id}`, { status: body.status });
   * ```
   */
  signal(key: string, payload?: unknown): Promise<SignalledJob | undefined>;
  /** A job of this pipeline by id, or `undefined`. */
  get(jobId: string): Promise<Job<TInput> | undefined>;
  /**
   * Applies the pipeline's retention policy, when it has one: scrubs the data of its own jobs that are past
   * it, and resolves how many. Workers run it on a timer and the Lambda scheduled handler once an interval.
   */
  purgeExpired?(): Promise<number>;
  /** The pipeline's work function; the worker calls it. */
  run(input: TInput, context: JobContext<TInput>): Promise<TOutput>;
  /**
   * `text` without personal data, for a log line or a stored error about `job`: phone numbers and e-mail addresses
   * masked ({@link redactText}), and the names the job's input holds (`personalNames`).
   */
  redact(text: string, job: Pick<Job<TInput>, 'input'>): string;
}

/** Any pipeline, whatever its input and output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPipeline = Pipeline<any, any>;

/**
 * Defines a durable pipeline. `createCallPipeline` and `createAppointmentPipeline` are built on it;
 * use it directly for workflows of your own.
 *
 * @example
 * ```ts
 * const greetings = createPipeline({
 *   name: 'greetings',
 *   store: createMemoryStore(),
 *   async run(input: { to: string }, { step }) {
 *     const text = await step('compose', () => `Hello ${input.to}`);
 *     await step('send', () => sms.send(input.to, text));
 *   },
 * });
 * await greetings.enqueue('greeting-42', { to: '+14155550123' });
 * ```
 */
export function createPipeline<TInput, TOutput = unknown>(options: PipelineOptions<TInput, TOutput>): Pipeline<TInput, TOutput> {
  const { name, store } = options;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(name)) {
    throw optionError('createPipeline', 'name', `must be 1–64 letters, digits, "_", ".", ":" or "-" (got ${JSON.stringify(name)})`);
  }
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? Date.now;
  const retryPolicy = resolveRetryPolicy(options.retry);
  const events = createEmitter();
  logEvents(events, logger);

  return {
    name,
    store,
    events,
    logger,
    retryPolicy,
    clock,
    run: options.run,
    redact(text, job) {
      let names: readonly (string | null | undefined)[] = [];
      try {
        names = job.input === null || job.input === undefined ? [] : (options.personalNames?.(job.input) ?? []);
      } catch {
        // a scrubbed or unexpected input has no names to find
      }
      return redactText(text, { names });
    },
    async enqueue(key, input, enqueueOptions = {}) {
      if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
        throw new CallwireError('invalid_payload', 'The idempotency key must be a non-empty string of at most 512 characters.');
      }
      let result: EnqueueResult<TInput>;
      try {
        result = await store.enqueue({
          pipeline: name,
          key,
          input,
          maxAttempts: retryPolicy.maxAttempts,
          runAt: enqueueOptions.runAt,
          now: clock(),
        });
      } catch (error) {
        throw storeFailure(error, 'The job store could not accept the job; try again.');
      }
      if (events.all.size === 0) return result; // nobody listens: no event to build
      const ref = { jobId: result.job.id, pipeline: name, key };
      if (result.created) events.emit('job.queued', { ...ref, runAt: result.job.runAt });
      else events.emit('job.duplicate', { ...ref, status: result.job.status });
      return result;
    },
    async redrive(jobId, redriveOptions) {
      const job = await store.retry(jobId, clock(), redriveOptions);
      if (!job || job.pipeline !== name) {
        const found = job ?? (await store.get(jobId));
        if (found?.pipeline === name && found.scrubbedAt !== undefined) throw scrubbedRedriveError(found);
        throw new CallwireError('not_found', `No dead or failed job ${jobId} in pipeline ${name}.`);
      }
      events.emit('job.redriven', { jobId, pipeline: name, key: job.key });
      return job as Job<TInput>;
    },
    async updateInput(jobId, update, updateOptions = {}) {
      let result: UpdateInputResult<TInput> | undefined;
      let updateThrew = false;
      const ownJobs: InputUpdate<TInput> = (input, job) => {
        if (job.pipeline !== name) return undefined;
        try {
          return update(input, job);
        } catch (error) {
          updateThrew = true;
          throw error;
        }
      };
      try {
        result = await store.updateInput(jobId, ownJobs, { now: clock(), ...(updateOptions.runAt === undefined ? {} : { runAt: updateOptions.runAt }) });
      } catch (error) {
        if (updateThrew) throw error; // the caller's own error, the store rolled back
        throw storeFailure(error, 'The job store could not update the job; try again.');
      }
      if (!result || result.job.pipeline !== name) throw new CallwireError('not_found', `No job ${jobId} in pipeline ${name}.`);
      if (result.updated) {
        events.emit('job.updated', { jobId, pipeline: name, key: result.job.key, ...(updateOptions.runAt === undefined ? {} : { runAt: result.job.runAt }) });
      }
      return result;
    },
    async signal(key, payload) {
      if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
        throw new CallwireError('invalid_payload', 'The signal key must be a non-empty string of at most 512 characters.');
      }
      let woken: SignalledJob | undefined;
      try {
        woken = await store.signal({ pipeline: name, key, payload: payload === undefined ? null : payload, now: clock() });
      } catch (error) {
        throw storeFailure(error, 'The job store could not take the signal; try again.');
      }
      if (woken) events.emit('job.woken', { jobId: woken.jobId, pipeline: name, key: woken.jobKey, step: woken.step, by: 'signal', waitKey: key });
      return woken;
    },
    async get(jobId) {
      const job = await store.get(jobId);
      return job && job.pipeline === name ? (job as Job<TInput>) : undefined;
    },
  };
}

function resolveRetryPolicy(overrides: Overrides<RetryPolicy> | undefined): RetryPolicy {
  const policy = withDefaults(defaultRetryPolicy, overrides);
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw optionError('createPipeline', 'retry.maxAttempts', 'must be a whole number of at least 1');
  }
  if (policy.baseDelayMs < 0 || policy.maxDelayMs < policy.baseDelayMs) {
    throw optionError('createPipeline', 'retry', 'delays must satisfy 0 <= baseDelayMs <= maxDelayMs');
  }
  return policy;
}

const eventLevels: Record<keyof PipelineEvents, 'debug' | 'info' | 'warn' | 'error'> = {
  'job.queued': 'info',
  'job.duplicate': 'info',
  'job.started': 'debug',
  'step.succeeded': 'debug',
  'step.reused': 'debug',
  'step.confirmed': 'info',
  'step.maybe-duplicated': 'warn',
  'step.failed': 'warn',
  'job.succeeded': 'info',
  'job.failed': 'warn',
  'job.dead': 'error',
  'job.redriven': 'info',
  'job.updated': 'info',
  'job.waiting': 'debug',
  'job.woken': 'debug',
  'job.released': 'info',
  'job.lease-lost': 'warn',
};

/** Mirrors every event to the logger; error messages are redacted of phone numbers and e-mails. */
function logEvents(events: PipelineEmitter, logger: Logger): void {
  if (logger === silentLogger) return;
  events.on('*', (type, payload) => {
    const details: Record<string, unknown> = { event: type, ...payload };
    if ('error' in payload) details.error = { ...payload.error, message: redactText(payload.error.message) };
    const level = eventLevels[type];
    (logger[level] ?? logger.info).call(logger, details, `callwire ${type}`);
  });
}

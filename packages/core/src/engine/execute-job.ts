import { CallwireError } from '../errors.js';
import { createAttemptWaits, JobParked } from './attempt-waits.js';
import { classifyError, type ErrorVerdict } from './classify-error.js';
import type { JobRef } from './events.js';
import type { AnyPipeline, JobContext, StepContext, StepOptions } from './pipeline.js';
import { intentRecord, providerRefused, sideEffectOf } from './step-intent.js';
import { retryDelay } from './retry-policy.js';
import type { Job, JobError, ParkRequest, StepRecord } from './types.js';
import { isNotReady } from './waits.js';

/** How one attempt ended; `parked`: the job waits (a sleep, an event, a step not ready yet) without counting the attempt. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'dead' | 'released' | 'lost' | 'parked';

/** A claimed job being run; `release()` hands it back unfinished (graceful stop). */
export interface RunningAttempt {
  readonly job: Job;
  readonly done: Promise<AttemptOutcome>;
  release(): Promise<void>;
}

export interface AttemptOptions {
  pipeline: AnyPipeline;
  job: Job;
  owner: string;
  leaseMs: number;
}

const stepNamePattern = /^[A-Za-z0-9_.:-]{1,100}$/;

/** A failure as the store keeps it (and the log shows it): without phone numbers, e-mails, or the names in the job's input. */
function storedError(pipeline: AnyPipeline, job: Job, error: ErrorVerdict['error'], at: number, step: string | undefined): JobError {
  return { ...error, message: pipeline.redact(error.message, job), ...(step ? { step } : {}), at };
}

/**
 * Runs one attempt of a job the caller has claimed: memoised steps, lease renewal while it runs, and
 * the attempt's end written back to the store (succeeded, retry scheduled, dead, or nothing when the
 * lease was lost to another worker).
 */
export function startAttempt({ pipeline, job, owner, leaseMs }: AttemptOptions): RunningAttempt {
  const { store, events, clock } = pipeline;
  const ref: JobRef = { jobId: job.id, pipeline: job.pipeline, key: job.key };
  const controller = new AbortController();
  let settled = false;
  let released = false;
  let leaseLost = false;

  const loseLease = () => {
    if (leaseLost) return;
    leaseLost = true;
    controller.abort(new CallwireError('lease_lost', `Lost the lease on job ${job.id}.`));
  };

  const renewal = setInterval(() => {
    store.renew(job.id, owner, leaseMs, clock()).then(
      (held) => { if (!held && !settled && !released) loseLease(); },
      (error: unknown) => pipeline.logger.warn({ ...ref, error: String(error) }, 'callwire lease renewal failed; will retry'),
    );
  }, Math.max(25, Math.floor(leaseMs / 3)));
  renewal.unref?.();

  const done = (async (): Promise<AttemptOutcome> => {
    try {
      return await runAttempt();
    } finally {
      settled = true;
      clearInterval(renewal);
    }
  })();

  async function runAttempt(): Promise<AttemptOutcome> {
    const startedAt = clock();
    if (job.attempts > job.maxAttempts) {
      // Claimed again after its leases kept expiring: the process running it keeps dying.
      const error: JobError = { message: `Abandoned ${job.attempts - 1} times (the worker stopped before the lease ran out).`, code: 'lease_lost', at: clock() };
      return finishFailed(error, false, undefined);
    }
    events.emit('job.started', { ...ref, attempt: job.attempts });
    const memo: Record<string, StepRecord> = { ...job.steps };
    const ranThisAttempt = new Set<string>();
    let failingStep: string | undefined;

    const useName = (name: string) => {
      if (!stepNamePattern.test(name)) throw new TypeError(`Step name "${name}" must be 1–100 letters, digits, "_", ".", ":" or "-".`);
      if (ranThisAttempt.has(name)) throw new TypeError(`Step "${name}" ran twice in one job; step names must be unique.`);
      ranThisAttempt.add(name);
    };
    /** Stores a step's record while the lease is held; loses the lease (and throws) when the store refuses. */
    const persist = async (name: string, record: StepRecord) => {
      if (leaseLost || !(await store.saveStep(job.id, owner, name, record, record.finishedAt))) {
        loseLease();
        throw controller.signal.reason;
      }
      memo[name] = record;
    };
    const save = async (name: string, record: StepRecord) => {
      await persist(name, record);
      events.emit('step.succeeded', { ...ref, step: name, attempt: record.attempts, durationMs: record.finishedAt - record.startedAt });
    };
    const woken = (name: string) => events.emit('job.woken', { ...ref, step: name, by: 'time' });
    const waits = createAttemptWaits({
      clock,
      memo,
      useName,
      reused: (name) => events.emit('step.reused', { ...ref, step: name }),
      woken,
      finish: save,
    });

    const step = async <T>(name: string, fn: (context: StepContext) => Promise<T> | T, options?: StepOptions<T>): Promise<T> => {
      waits.assertNotParking();
      useName(name);
      const previous = memo[name];
      if (previous?.status === 'succeeded') {
        events.emit('step.reused', { ...ref, step: name });
        return previous.result as T;
      }
      controller.signal.throwIfAborted();
      if (previous?.status === 'waiting') woken(name);
      const attempt = (previous?.attempts ?? 0) + 1;
      const idempotencyKey = `${job.pipeline}:${job.key}:${name}`;
      const intent = sideEffectOf(options);
      const marks: Pick<StepRecord, 'maybeDuplicated'> = previous?.maybeDuplicated ? { maybeDuplicated: previous.maybeDuplicated } : {};
      /** While set, the effect may have happened: a failure keeps it on the record so the next run confirms first. */
      let intentAt = intent ? previous?.intentAt : undefined;
      let confirming = false;
      const stepStarted = clock();
      let value: T;
      try {
        if (intent && previous && intentAt !== undefined) {
          confirming = true;
          const found = await intent.confirm?.({ idempotencyKey, since: intentAt, attempt: previous.attempts, signal: controller.signal });
          confirming = false;
          if (found !== undefined) {
            const result = JSON.parse(JSON.stringify(found)) as unknown;
            await save(name, { status: 'succeeded', result, attempts: previous.attempts, startedAt: previous.startedAt, finishedAt: clock(), confirmed: true, ...marks });
            events.emit('step.confirmed', { ...ref, step: name, attempt: previous.attempts, intentAt });
            return result as T;
          }
          if (!intent.confirm) {
            marks.maybeDuplicated = (marks.maybeDuplicated ?? 0) + 1;
            events.emit('step.maybe-duplicated', { ...ref, step: name, attempt, intentAt, count: marks.maybeDuplicated });
          }
        }
        if (intent) {
          intentAt = clock();
          await persist(name, intentRecord(previous, attempt, stepStarted, intentAt, marks));
        }
        value = await fn({ signal: controller.signal, idempotencyKey, attempt });
      } catch (caught) {
        if (caught instanceof JobParked) throw caught; // a wait inside the step's function
        let thrown: unknown = caught;
        // A not-ready step that failed keeps when it was first not ready, so its deadline holds across retries.
        let wait = previous?.wait?.kind === 'not-ready' ? previous.wait : undefined;
        if (isNotReady(caught) && !leaseLost && !confirming) {
          const verdict = waits.notReady(name, previous, attempt, stepStarted, caught);
          if ('park' in verdict) {
            if (marks.maybeDuplicated && waits.parking) waits.parking.record.maybeDuplicated = marks.maybeDuplicated;
            throw verdict.park;
          }
          thrown = verdict.fail;
          wait = verdict.wait;
        }
        failingStep = name;
        const finishedAt = clock();
        const error: JobError = storedError(pipeline, job, classifyError(thrown).error, finishedAt, name);
        if (!leaseLost) {
          const unresolved = intentAt !== undefined && (confirming || !providerRefused(error)) ? { intentAt } : {};
          const record: StepRecord = { status: 'failed', error, attempts: attempt, startedAt: stepStarted, finishedAt, ...(wait ? { wait } : {}), ...unresolved, ...marks };
          await store.saveStep(job.id, owner, name, record, finishedAt).catch(() => false);
          events.emit('step.failed', { ...ref, step: name, attempt, durationMs: finishedAt - stepStarted, error });
        }
        throw thrown;
      }
      const result = value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
      await save(name, { status: 'succeeded', result, attempts: attempt, startedAt: stepStarted, finishedAt: clock(), ...marks });
      return result as T;
    };

    const context: JobContext = {
      job,
      attempt: job.attempts,
      signal: controller.signal,
      logger: pipeline.logger,
      step,
      sleep: waits.sleep,
      waitForEvent: waits.waitForEvent,
    };
    let output: unknown;
    try {
      output = await pipeline.run(job.input, context);
    } catch (thrown) {
      if (leaseLost) return lostLease();
      if (released) return 'released';
      if (waits.parking) return park(waits.parking);
      const verdict = classifyError(thrown);
      const error: JobError = storedError(pipeline, job, verdict.error, clock(), failingStep);
      return finishFailed(error, verdict.retryable, verdict.retryAfterMs);
    }
    if (leaseLost) return lostLease();
    if (released) return 'released';
    if (waits.parking) return park(waits.parking); // the job's code caught the parking signal: it parks all the same
    const now = clock();
    if (!(await store.complete(job.id, owner, output === undefined ? null : output, now))) return lostLease();
    events.emit('job.succeeded', { ...ref, attempt: job.attempts, durationMs: now - startedAt });
    return 'succeeded';
  }

  /** Records the requested wait in the store; the job is no longer this worker's. */
  async function park(request: ParkRequest): Promise<AttemptOutcome> {
    const { wait } = request.record;
    const result = await store.park(job.id, owner, request, clock());
    if (result === false) return lostLease();
    const details = { ...ref, step: request.step, ...(wait.key === undefined ? {} : { waitKey: wait.key }) };
    if (result === 'waiting') events.emit('job.waiting', { ...details, attempt: job.attempts, wait: wait.kind, until: wait.until });
    else events.emit('job.woken', { ...details, by: 'signal' });
    return 'parked';
  }

  async function finishFailed(error: JobError, retryable: boolean, retryAfterMs: number | undefined): Promise<AttemptOutcome> {
    const dead = !retryable || job.attempts >= job.maxAttempts;
    const now = clock();
    const retryAt = now + retryDelay(pipeline.retryPolicy, job.attempts, retryAfterMs);
    const saved = await store.fail(job.id, owner, error, dead ? { dead: true } : { retryAt }, now);
    if (!saved) return lostLease();
    if (dead) events.emit('job.dead', { ...ref, attempt: job.attempts, error });
    else events.emit('job.failed', { ...ref, attempt: job.attempts, error, retryAt });
    return dead ? 'dead' : 'failed';
  }

  function lostLease(): AttemptOutcome {
    if (released) return 'released';
    events.emit('job.lease-lost', { ...ref, attempt: job.attempts });
    return 'lost';
  }

  return {
    job,
    done,
    async release() {
      if (settled || released) return;
      released = true;
      clearInterval(renewal);
      controller.abort(new CallwireError('lease_lost', `Job ${job.id} was released by a stopping worker.`));
      if (await store.release(job.id, owner, clock())) events.emit('job.released', ref);
    },
  };
}

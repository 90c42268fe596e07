import { CallwireError } from '../errors.js';
import { redactText } from '../logger.js';
import { classifyError, type ErrorVerdict } from './classify-error.js';
import type { JobRef } from './events.js';
import type { AnyPipeline, JobContext, StepContext } from './pipeline.js';
import { retryDelay } from './retry-policy.js';
import type { Job, JobError, StepRecord } from './types.js';

/** How one attempt ended. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'dead' | 'released' | 'lost';

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

/** A failure as the store keeps it: its message redacted of phone numbers and e-mails (operators see it). */
function storedError(error: ErrorVerdict['error'], at: number, step: string | undefined): JobError {
  return { ...error, message: redactText(error.message), ...(step ? { step } : {}), at };
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

    const step = async <T>(name: string, fn: (context: StepContext) => Promise<T> | T): Promise<T> => {
      if (!stepNamePattern.test(name)) throw new TypeError(`Step name "${name}" must be 1–100 letters, digits, "_", ".", ":" or "-".`);
      if (ranThisAttempt.has(name)) throw new TypeError(`Step "${name}" ran twice in one job; step names must be unique.`);
      ranThisAttempt.add(name);
      const previous = memo[name];
      if (previous?.status === 'succeeded') {
        events.emit('step.reused', { ...ref, step: name });
        return previous.result as T;
      }
      controller.signal.throwIfAborted();
      const attempt = (previous?.attempts ?? 0) + 1;
      const stepStarted = clock();
      let value: T;
      try {
        value = await fn({ signal: controller.signal, idempotencyKey: `${job.pipeline}:${job.key}:${name}`, attempt });
      } catch (thrown) {
        failingStep = name;
        const finishedAt = clock();
        const error: JobError = storedError(classifyError(thrown).error, finishedAt, name);
        if (!leaseLost) {
          await store.saveStep(job.id, owner, name, { status: 'failed', error, attempts: attempt, startedAt: stepStarted, finishedAt }, finishedAt).catch(() => false);
          events.emit('step.failed', { ...ref, step: name, attempt, durationMs: finishedAt - stepStarted, error });
        }
        throw thrown;
      }
      const result = value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
      const finishedAt = clock();
      const record: StepRecord = { status: 'succeeded', result, attempts: attempt, startedAt: stepStarted, finishedAt };
      if (leaseLost || !(await store.saveStep(job.id, owner, name, record, finishedAt))) {
        loseLease();
        throw controller.signal.reason;
      }
      memo[name] = record;
      events.emit('step.succeeded', { ...ref, step: name, attempt, durationMs: finishedAt - stepStarted });
      return result as T;
    };

    const context: JobContext = { job, attempt: job.attempts, signal: controller.signal, logger: pipeline.logger, step };
    let output: unknown;
    try {
      output = await pipeline.run(job.input, context);
    } catch (thrown) {
      if (leaseLost) return lostLease();
      if (released) return 'released';
      const verdict = classifyError(thrown);
      const error: JobError = storedError(verdict.error, clock(), failingStep);
      return finishFailed(error, verdict.retryable, verdict.retryAfterMs);
    }
    if (leaseLost) return lostLease();
    if (released) return 'released';
    const now = clock();
    if (!(await store.complete(job.id, owner, output === undefined ? null : output, now))) return lostLease();
    events.emit('job.succeeded', { ...ref, attempt: job.attempts, durationMs: now - startedAt });
    return 'succeeded';
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

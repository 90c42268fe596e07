import { CallwireError } from '../errors.js';
import type { ParkRequest, StepRecord, StepWait, WaitingStepRecord } from './types.js';
import type { NotReadyError, WaitForEventResult } from './waits.js';

/**
 * Thrown through the job's own code once a wait is recorded for parking, to end the attempt; the
 * engine then parks the job. Code that catches it by mistake cannot continue: every later step or wait
 * of the attempt throws it again, and the job is parked whatever `run` returns.
 */
export class JobParked extends Error {
  override readonly name = 'JobParked';
}

/** What the waits of one attempt share with the attempt. */
export interface AttemptWaitsOptions {
  clock: () => number;
  /** The job's step records, as the attempt knows them. */
  memo: Readonly<Record<string, StepRecord>>;
  /** Checks a step name and that it is used once in the attempt (throws otherwise). */
  useName(name: string): void;
  /** A step's saved result was reused. */
  reused(name: string): void;
  /** A wait found its time over on resume (the job was woken by time). */
  woken(name: string): void;
  /** Saves the record of a finished wait; rejects when the lease was lost. */
  finish(name: string, record: StepRecord): Promise<void>;
}

/** The "not ready" verdict of a step: park it, or fail it (its deadline passed). */
export type NotReadyVerdict = { park: JobParked } | { fail: CallwireError; wait: StepWait };

const maxKeyLength = 512;

/**
 * The waits of one attempt: `sleep`, `waitForEvent` and a step's "not ready", each memoised in the
 * job's step records. A wait that is not over records what it waits for and throws {@link JobParked};
 * `parking` then holds the request the engine hands to `store.park`.
 */
export function createAttemptWaits(options: AttemptWaitsOptions) {
  const { clock, memo } = options;
  let parking: ParkRequest | undefined;

  const park = (step: string, record: WaitingStepRecord): JobParked => {
    parking ??= { step, record };
    return new JobParked(`Job parked at "${parking.step}".`);
  };
  /** Once the attempt is parking, nothing else may run in it. */
  const assertNotParking = () => {
    if (parking) throw new JobParked(`Job parked at "${parking.step}".`);
  };
  /** The record of an earlier attempt's wait of this kind at this step, if it is still waiting. */
  const waitingRecord = (name: string, kind: StepWait['kind']) => {
    const previous = memo[name];
    return previous?.status === 'waiting' && previous.wait?.kind === kind ? (previous as WaitingStepRecord) : undefined;
  };
  const waitRecord = (startedAt: number, now: number, wait: StepWait, attempts = 1): WaitingStepRecord => ({ status: 'waiting', attempts, startedAt, finishedAt: now, wait });

  return {
    /** The wait to park the job on, once one was requested. */
    get parking(): ParkRequest | undefined {
      return parking;
    },
    assertNotParking,

    async sleep(name: string, duration: number | { until: number }): Promise<void> {
      assertNotParking();
      const requested = typeof duration === 'number' ? duration : duration?.until;
      if (typeof requested !== 'number' || !Number.isFinite(requested)) throw new TypeError(`sleep("${name}"): give a finite number of ms or { until: epochMs }.`);
      options.useName(name);
      if (memo[name]?.status === 'succeeded') return options.reused(name);
      const now = clock();
      const waiting = waitingRecord(name, 'sleep');
      const until = waiting?.wait.until ?? (typeof duration === 'number' ? now + duration : duration.until);
      const startedAt = waiting?.startedAt ?? now;
      if (now < until) throw park(name, waitRecord(startedAt, now, { kind: 'sleep', until }));
      if (waiting) options.woken(name);
      await options.finish(name, { status: 'succeeded', result: null, attempts: 1, startedAt, finishedAt: now });
    },

    async waitForEvent<T>(name: string, { key, timeoutMs }: { key: string; timeoutMs: number }): Promise<WaitForEventResult<T>> {
      assertNotParking();
      if (typeof key !== 'string' || key.length === 0 || key.length > maxKeyLength) {
        throw new TypeError(`waitForEvent("${name}"): the key must be a non-empty string of at most ${maxKeyLength} characters.`);
      }
      if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) {
        throw new TypeError(`waitForEvent("${name}"): timeoutMs must be a finite number of ms >= 0.`);
      }
      options.useName(name);
      const previous = memo[name];
      if (previous?.status === 'succeeded') {
        options.reused(name);
        return previous.result as WaitForEventResult<T>;
      }
      const now = clock();
      const waiting = waitingRecord(name, 'event');
      // The first time, always park (even with no timeout): the store hands over a signal that came first.
      if (!waiting) throw park(name, waitRecord(now, now, { kind: 'event', until: now + timeoutMs, key }));
      if (now < waiting.wait.until) throw park(name, waitRecord(waiting.startedAt, now, { kind: 'event', until: waiting.wait.until, key }));
      options.woken(name);
      const result: WaitForEventResult<T> = { timedOut: true };
      await options.finish(name, { status: 'succeeded', result, attempts: 1, startedAt: waiting.startedAt, finishedAt: now });
      return result;
    },

    /**
     * A step threw `notReady()`: park it until its next check, or — once its deadline (counted from its
     * first "not ready") has passed — fail it with a retryable `timeout` error.
     */
    notReady(name: string, previous: StepRecord | undefined, attempt: number, startedAt: number, thrown: NotReadyError): NotReadyVerdict {
      const now = clock();
      const since = previous?.wait?.kind === 'not-ready' ? (previous.wait.since ?? previous.startedAt) : startedAt;
      const deadline = since + thrown.deadlineMs;
      if (now >= deadline) {
        const message = `Step "${name}" was still not ready ${thrown.deadlineMs} ms after it first was not${thrown.reason ? `: ${thrown.reason}` : ''}.`;
        return { fail: new CallwireError('timeout', message, { cause: thrown }), wait: { kind: 'not-ready', since, until: deadline } };
      }
      const until = Math.min(now + thrown.retryInMs, deadline);
      return { park: park(name, waitRecord(since, now, { kind: 'not-ready', since, until }, attempt)) };
    },
  };
}

/** The waits of one attempt (see {@link createAttemptWaits}). */
export type AttemptWaits = ReturnType<typeof createAttemptWaits>;

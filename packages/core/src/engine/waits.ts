/**
 * The public pieces of durable waits: "not ready yet" for steps, the result of `waitForEvent`, and
 * the step record a delivered event becomes (for store authors). The engine side is in `attempt-waits.ts`.
 */
import type { StepRecord } from './types.js';

/** What `waitForEvent` resolves: the event's payload, or that the wait timed out. */
export type WaitForEventResult<T = unknown> = { timedOut: false; event: T } | { timedOut: true };

/** Options of {@link notReady}. */
export interface NotReadyOptions {
  /**
   * How long the step may keep being not ready, in ms, counted from its first "not ready". Past it,
   * the step fails as an ordinary (retryable) error and the job's retry rules apply.
   */
  deadlineMs: number;
  /** Why it is not ready, for the error once the deadline passes (e.g. `recording not published yet`). */
  reason?: string | undefined;
}

/** Thrown (via {@link notReady}) by a step whose input is not there yet. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  readonly retryInMs: number;
  readonly deadlineMs: number;
  readonly reason: string | undefined;

  constructor(retryInMs: number, options: NotReadyOptions) {
    super(`Not ready yet${options.reason ? `: ${options.reason}` : ''}; looking again in ${retryInMs} ms.`);
    if (!(retryInMs >= 0) || !Number.isFinite(retryInMs)) throw new TypeError(`notReady: retryInMs must be a finite number of ms >= 0 (got ${retryInMs}).`);
    if (!(options.deadlineMs >= 0) || !Number.isFinite(options.deadlineMs)) {
      throw new TypeError(`notReady: deadlineMs must be a finite number of ms >= 0 (got ${options.deadlineMs}).`);
    }
    this.retryInMs = retryInMs;
    this.deadlineMs = options.deadlineMs;
    this.reason = options.reason;
  }
}

/**
 * Says, from inside a step, "not ready yet — look again in `retryInMs`". Throw what it returns. The
 * job is parked until then (no worker slot, no lease, no timer) and the step runs again; this does not
 * spend an attempt. Once the step has been not ready for `deadlineMs`, it fails as an ordinary error.
 *
 * @example
 * ```ts
 * const recording = await step('fetch-recording', async () => {
 *   const response = await fetch(url);
 *   if (response.status === 404) throw notReady(30_000, { deadlineMs: 15 * 60_000, reason: 'recording not published yet' });
 *   return response.headers.get('content-length');
 * });
 * ```
 */
export function notReady(retryInMs: number, options: NotReadyOptions): NotReadyError {
  return new NotReadyError(retryInMs, options);
}

/**
 * How long to wait before the `attempt`th look at something not ready yet: `initialMs`, doubling with each look,
 * capped at `maxMs` (the step's run number is the `attempt` a step context hands over).
 *
 * @example
 * ```ts
 * throw notReady(notReadyBackoff(attempt, 2_000, 30_000), { deadlineMs: 15 * 60_000 }); // 2 s, 4 s, 8 s, … 30 s
 * ```
 */
export function notReadyBackoff(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}

/**
 * Whether a thrown value says "not ready yet" (see {@link notReady}).
 *
 * @example
 * ```ts
 * try { await probe(); } catch (error) { if (isNotReady(error)) console.log(error.retryInMs); }
 * ```
 */
export function isNotReady(thrown: unknown): thrown is NotReadyError {
  return thrown instanceof NotReadyError;
}

/**
 * The record of a waiting step once its event arrived: succeeded, with `{ timedOut: false, event }`
 * as its result. For store authors implementing `park` and `signal`.
 *
 * @example
 * ```ts
 * job.steps[job.wait.step] = receivedStepRecord(job.steps[job.wait.step], payload, now);
 * ```
 */
export function receivedStepRecord(waiting: StepRecord | undefined, payload: unknown, now: number): StepRecord {
  const result: WaitForEventResult = { timedOut: false, event: payload === undefined ? null : payload };
  return { status: 'succeeded', result, attempts: waiting?.attempts ?? 1, startedAt: waiting?.startedAt ?? now, finishedAt: now };
}

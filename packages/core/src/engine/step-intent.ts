import type { StepOptions } from './pipeline.js';
import type { JobError, StepRecord } from './types.js';

/** The side-effect options of a step (`sideEffect`, or a `confirm`), or `undefined` for an ordinary step. */
export function sideEffectOf<T>(options: StepOptions<T> | undefined): StepOptions<T> | undefined {
  return options && (options.sideEffect === true || typeof options.confirm === 'function') ? options : undefined;
}

/**
 * The record saved before a side-effect step calls its provider: `intent`, since `intentAt`. A not-ready wait of an
 * earlier run (a 429) is kept, so that its deadline still counts from the first "not ready".
 */
export function intentRecord(previous: StepRecord | undefined, attempts: number, startedAt: number, intentAt: number, marks: Pick<StepRecord, 'maybeDuplicated'>): StepRecord {
  const wait = previous?.wait?.kind === 'not-ready' ? { wait: previous.wait } : {};
  return { status: 'intent', intentAt, attempts, startedAt, finishedAt: intentAt, ...wait, ...marks };
}

/**
 * The provider answered and refused (a 4xx): the effect did not happen. Anything else — no answer (network error,
 * timeout, a crash of the request), a 5xx — leaves the effect uncertain, and the failed step keeps its intent.
 */
export function providerRefused(error: JobError): boolean {
  return error.providerStatus !== undefined && error.providerStatus >= 400 && error.providerStatus < 500;
}

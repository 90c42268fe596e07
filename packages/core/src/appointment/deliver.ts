import { classifyError } from '../engine/classify-error.js';
import type { JobContext, StepContext, StepOptions } from '../engine/pipeline.js';
import { redactText } from '../logger.js';

/** A failed outcome, as a step result: the reason without personal data. */
export interface Failed {
  status: 'failed';
  reason: string;
  code?: string;
}

/**
 * Runs `fn`, turning a permanent failure into a `failed` result (saved, so it is never retried) and
 * letting a transient failure throw (so the engine records it and the job retries this step). The reason is
 * redacted of numbers, e-mail addresses and `names` (the customer's).
 */
export async function permanentAsResult<T>(fn: () => Promise<T>, names: readonly (string | undefined)[] = []): Promise<T | Failed> {
  try {
    return await fn();
  } catch (thrown) {
    const verdict = classifyError(thrown);
    if (verdict.retryable) throw thrown;
    return { status: 'failed', reason: redactText(verdict.error.message, { names }), ...(verdict.error.code ? { code: verdict.error.code } : {}) };
  }
}

/**
 * Runs independent steps one after the other: a step that throws does not stop the next one. When
 * any threw, the first error is rethrown at the end, so the job retries, and the steps that succeeded
 * are not run again (their results are saved).
 */
export class IndependentSteps {
  private readonly errors: unknown[] = [];

  constructor(private readonly context: JobContext<unknown>) {}

  /** Runs one step; `undefined` when it threw (the error is kept for {@link finish}). */
  async run<T>(name: string, fn: (step: StepContext) => Promise<T> | T, options?: StepOptions<T>): Promise<T | undefined> {
    try {
      return await this.context.step<T>(name, fn, options);
    } catch (error) {
      this.errors.push(error);
      return undefined;
    }
  }

  /** Throws the first error of the steps run, if any. */
  finish(): void {
    if (this.errors.length > 0) throw this.errors[0];
  }
}

/** How a pipeline retries failed attempts. */
export interface RetryPolicy {
  /** Attempts before a job is `dead`, the first included (default 5). */
  maxAttempts: number;
  /** Delay before the first retry, in ms (default 2 000). */
  baseDelayMs: number;
  /** The cap of the exponential backoff, in ms (default 5 minutes). */
  maxDelayMs: number;
  /** Randomise each delay between half and all of it, so retries of a burst spread out (default true). */
  jitter: boolean;
  /** The longest provider `Retry-After` that is honoured as given, in ms (default 1 hour). */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  jitter: true,
  maxRetryAfterMs: 60 * 60_000,
};

/**
 * The delay before the retry that follows failed attempt number `attempt` (1-based): a provider's
 * `Retry-After` when it gave one, otherwise capped exponential backoff, with jitter.
 *
 * @example
 * ```ts
 * retryDelay(defaultRetryPolicy, 3); // between 4 000 and 8 000 ms (2 000 · 2², with jitter)
 * ```
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return policy.jitter ? Math.round(exponential / 2 + (random() * exponential) / 2) : exponential;
}

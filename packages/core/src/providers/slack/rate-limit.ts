import { createHash } from 'node:crypto';
import { sleep as wait } from '../../call/sleep.js';

/** A stable, non-secret name for a destination's shared pace (a webhook URL holds a secret: only its hash is stored). */
export function paceKey(destination: string): string {
  return createHash('sha256').update(destination).digest('hex').slice(0, 32);
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Least time between two sends to the same key, in ms. */
  minIntervalMs: number;
  /** Epoch-millisecond clock (tests). */
  now?: (() => number) | undefined;
  /** How to wait (tests). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/** Queues work per key so that sends to one destination are spaced out; `pause` defers a key (after a 429). */
export interface RateLimiter {
  /** Runs `task` when the pace for `key` allows. */
  schedule<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Holds every task for `key` for `ms` (after a 429). */
  pause(key: string, ms: number): void;
}

/**
 * A per-key FIFO with a minimum interval between tasks. Slack allows about one message a second
 * per incoming webhook: a burst of calls queues here instead of earning 429s.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ minIntervalMs: 1000 });
 * await limiter.schedule(webhookUrl, () => webhook.send(message));
 * ```
 */
export function createRateLimiter({ minIntervalMs, now = Date.now, sleep = wait }: RateLimiterOptions): RateLimiter {
  const tails = new Map<string, Promise<unknown>>();
  const nextAt = new Map<string, number>();
  const defer = (key: string, at: number) => nextAt.set(key, Math.max(nextAt.get(key) ?? 0, at));
  return {
    schedule<T>(key: string, task: () => Promise<T>): Promise<T> {
      const run = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(async () => {
        const wait = (nextAt.get(key) ?? 0) - now();
        if (wait > 0) await sleep(wait);
        try {
          return await task();
        } finally {
          defer(key, now() + minIntervalMs);
        }
      });
      tails.set(key, run);
      void run.catch(() => undefined).finally(() => { if (tails.get(key) === run) tails.delete(key); });
      return run;
    },
    pause(key, ms) {
      defer(key, now() + ms);
    },
  };
}

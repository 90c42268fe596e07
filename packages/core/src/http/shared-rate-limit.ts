import type { JobStore } from '../engine/types.js';
import { createGuessLimiter, type GuessLimitOptions } from './rate-limit.js';

/** A limit on wrong secrets per client address that every process sharing the job store enforces together. */
export interface SharedGuessLimiter {
  /** How long `client` must wait before its next try, in ms, or `undefined` when it may try now. */
  retryAfterMs(client: string): Promise<number | undefined>;
  /** Records one wrong secret from `client`. */
  fail(client: string): Promise<void>;
}

/**
 * Wrong secrets per client address, counted in the job store (`countHit`, a fixed window) so that every process —
 * every server, every Lambda instance — shares one count: `attempts` wrong secrets within `windowMs` from one
 * address, then 429 until the window ends. The per-process sliding-window limiter runs first as a fast path (no
 * store read for an address it already holds), and alone when the store cannot be reached.
 */
export function createSharedGuessLimiter(store: JobStore, options: GuessLimitOptions = {}, clock: () => number = Date.now): SharedGuessLimiter {
  const local = createGuessLimiter(options, clock);
  const attempts = options.attempts ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  const key = (client: string) => `callwire.operator-guesses:${client}`;
  return {
    async retryAfterMs(client) {
      const fast = local.retryAfterMs(client);
      if (fast !== undefined) return fast;
      const now = clock();
      const shared = await store.countHit(key(client), windowMs, now, 0).catch(() => undefined);
      return shared && shared.count >= attempts ? Math.max(1, shared.resetAt - now) : undefined;
    },
    async fail(client) {
      local.fail(client);
      await store.countHit(key(client), windowMs, clock()).catch(() => undefined); // the store down: the local count still holds
    },
  };
}

import { optionError } from '../options.js';

/** Options of the failed-attempt limit of {@link createHandler}'s operator API and console login. */
export interface GuessLimitOptions {
  /** Wrong secrets one client address may send within `windowMs` before it gets 429 (default 20). */
  attempts?: number | undefined;
  /** The window, in ms (default 60 000): sliding in each process, fixed in the count the processes share. */
  windowMs?: number | undefined;
}

/**
 * Counts wrong secrets per client address in a sliding window, in this process: the fast path of the limit
 * that every process shares through the job store (`createSharedGuessLimiter`).
 */
export interface GuessLimiter {
  /** How long `client` must wait before its next try, in ms, or `undefined` when it may try now. */
  retryAfterMs(client: string): number | undefined;
  /** Records one wrong secret from `client`. */
  fail(client: string): void;
}

/** Addresses tracked at most; past it the oldest are forgotten, so a flood of addresses cannot exhaust memory. */
const maxClients = 10_000;

/**
 * A {@link GuessLimiter}: `attempts` wrong secrets within `windowMs`, then 429 until the oldest ages out.
 *
 * @example
 * ```ts
 * const limiter = createGuessLimiter({ attempts: 20, windowMs: 60_000 });
 * if (limiter.retryAfterMs(ip) === undefined && !secretMatches) limiter.fail(ip);
 * ```
 */
export function createGuessLimiter(options: GuessLimitOptions = {}, clock: () => number = Date.now): GuessLimiter {
  const attempts = options.attempts ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  if (!Number.isInteger(attempts) || attempts < 1) throw optionError('createHandler', 'rateLimit.attempts', 'must be a whole number of at least 1');
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw optionError('createHandler', 'rateLimit.windowMs', 'must be above 0 (ms)');
  const failures = new Map<string, number[]>();
  const recent = (client: string, now: number): number[] => {
    const kept = (failures.get(client) ?? []).filter((at) => at > now - windowMs);
    if (kept.length === 0) failures.delete(client);
    else failures.set(client, kept);
    return kept;
  };
  return {
    retryAfterMs(client) {
      const now = clock();
      const kept = recent(client, now);
      return kept.length < attempts ? undefined : Math.max(1, kept[kept.length - attempts]! + windowMs - now);
    },
    fail(client) {
      const now = clock();
      const kept = recent(client, now);
      failures.delete(client); // re-inserted last: the Map's order is least recently failed first
      failures.set(client, [...kept, now].slice(-attempts));
      if (failures.size > maxClients) failures.delete(failures.keys().next().value!);
    },
  };
}

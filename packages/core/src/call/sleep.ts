import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts. The abort listener lives only
 * as long as the wait (`timers/promises` removes it), so many sleeps on one long-lived signal leave
 * nothing behind. Only for short in-process pauses: a job that must wait longer parks instead
 * (`ctx.sleep`, `notReady`).
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}

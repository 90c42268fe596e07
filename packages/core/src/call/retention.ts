import type { Pipeline } from '../engine/pipeline.js';
import { redactText } from '../logger.js';

const day = 86_400_000;
const hour = 3_600_000;

/**
 * Retention of call data: `purge()` scrubs inputs, outputs and step results (payloads, transcripts)
 * of jobs finished more than `retentionDays` ago. It also runs by itself after a job succeeds, at
 * most once an hour per process.
 */
export function createRetention(pipeline: Pipeline, retentionDays: number | undefined): { purge(): Promise<number> } {
  if (retentionDays !== undefined && (!Number.isFinite(retentionDays) || retentionDays < 0)) {
    throw new TypeError('retentionDays must be a number of days, 0 or more.');
  }
  const purge = async () => (retentionDays === undefined ? 0 : pipeline.store.scrub(pipeline.clock() - retentionDays * day));
  if (retentionDays !== undefined) {
    let lastRun = -Infinity;
    pipeline.events.on('job.succeeded', () => {
      const now = pipeline.clock();
      if (now - lastRun < hour) return;
      lastRun = now;
      purge().catch((error: unknown) => pipeline.logger.warn({ error: redactText(String(error)) }, 'callwire retention purge failed'));
    });
  }
  return { purge };
}

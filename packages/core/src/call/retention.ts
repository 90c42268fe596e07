import type { Pipeline } from '../engine/pipeline.js';
import { optionError } from '../options.js';

const day = 86_400_000;

/**
 * Retention of call data: `purge()` scrubs inputs, outputs and step results (payloads, transcripts) of
 * this pipeline's jobs finished more than `retentionDays` ago — never another pipeline's. A worker runs
 * it on a timer (`retentionIntervalMs`), as does the Lambda scheduled handler.
 */
export function createRetention(pipeline: Pipeline, retentionDays: number | undefined): { purge(): Promise<number> } {
  if (retentionDays !== undefined && (!Number.isFinite(retentionDays) || retentionDays < 0)) {
    throw optionError('createCallPipeline', 'retentionDays', 'must be a number of days, 0 or more');
  }
  const purge = async () => {
    if (retentionDays === undefined) return 0;
    const now = pipeline.clock();
    return pipeline.store.scrub({ pipeline: pipeline.name, finishedBefore: now - retentionDays * day, now });
  };
  return { purge };
}

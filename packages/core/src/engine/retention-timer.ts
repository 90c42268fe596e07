import { redactText, type Logger } from '../logger.js';
import type { AnyPipeline } from './pipeline.js';

/** Runs the pipelines' retention (`purgeExpired`) one after another; a failure is logged, never thrown. */
export async function purgeAll(pipelines: readonly AnyPipeline[], logger: Logger): Promise<number> {
  let scrubbed = 0;
  for (const pipeline of pipelines) {
    if (typeof pipeline.purgeExpired !== 'function') continue;
    try {
      scrubbed += await pipeline.purgeExpired();
    } catch (error) {
      logger.warn({ pipeline: pipeline.name, error: redactText(String(error)) }, 'callwire retention purge failed; it runs again at the next interval');
    }
  }
  return scrubbed;
}

/**
 * A worker's retention timer: at `start()` and every `intervalMs` after, the pipelines' retention runs (one run
 * at a time; the timer does not keep the process alive). `stop()` ends it.
 */
export function createRetentionTimer(pipelines: readonly AnyPipeline[], intervalMs: number, logger: Logger): { start(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    void purgeAll(pipelines, logger).finally(() => (running = false));
  };
  return {
    start() {
      if (!pipelines.some((pipeline) => typeof pipeline.purgeExpired === 'function')) return;
      run();
      timer = setInterval(run, intervalMs);
      timer.unref?.();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

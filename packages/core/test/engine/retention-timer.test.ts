import { expect, it } from 'vitest';
import { CallwireError, createPipeline, createWorker } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

it("a started worker applies its pipelines' retention on a timer, though no job ever succeeds", async () => {
  const store = createMemoryStore();
  const failing = createPipeline<{ n: number }>({
    name: 'failing',
    store,
    retry: { maxAttempts: 1 },
    run: async () => {
      throw new CallwireError('provider_rejected', 'refused for good');
    },
  });
  let runs = 0;
  const withRetention = Object.assign(failing, {
    purgeExpired: async () => {
      runs++;
      return store.scrub({ pipeline: failing.name, finishedBefore: failing.clock() + 1, now: failing.clock() });
    },
  });
  const other = createPipeline({ name: 'other', store, run: async () => 'kept' });
  const { job } = await failing.enqueue('k', { n: 1 });
  const { job: kept } = await other.enqueue('k', { n: 2 });
  await createWorker({ pipelines: [failing, other] }).drain();
  expect((await store.get(job.id))?.status).toBe('dead');
  expect((await store.get(kept.id))?.status).toBe('succeeded');

  const worker = createWorker({ pipelines: [withRetention, other], retentionIntervalMs: 20, pollIntervalMs: 10 });
  worker.start();
  for (let i = 0; i < 200 && runs < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  await worker.stop({ timeoutMs: 1_000 });
  expect(runs).toBeGreaterThanOrEqual(3);
  const scrubbed = await store.get(job.id);
  expect(scrubbed?.input).toBeNull();
  expect(scrubbed?.scrubbedAt).toBeTypeOf('number');
  expect((await store.get(kept.id))?.input).toEqual({ n: 2 });
  const after = runs;
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(runs, 'stop() ends the timer').toBe(after);
  await expect(failing.redrive(job.id)).rejects.toMatchObject({ code: 'gone', status: 410 });
  expect(() => createWorker({ pipelines: [other], retentionIntervalMs: 0 })).toThrow(/retentionIntervalMs/);
});

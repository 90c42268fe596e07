import { describe, expect, it } from 'vitest';
import { CallwireError, createPipeline, createWorker, type JobContext, type JobStore, type PipelineEvents, type StepRecord } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

type Run = (input: { n: number }, context: JobContext<{ n: number }>) => Promise<unknown>;

/** A pipeline over a memory store, with its events recorded in order and every `saveStep` counted. */
function setup(run: Run) {
  const store = createMemoryStore();
  const saves: Array<[string, StepRecord['status']]> = [];
  const counted: JobStore = { ...store, saveStep: (id, owner, name, record, now) => (saves.push([name, record.status]), store.saveStep(id, owner, name, record, now)) };
  const events: Array<[keyof PipelineEvents, unknown]> = [];
  const pipeline = createPipeline<{ n: number }>({ name: 'test', store: counted, run, retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 3 } });
  pipeline.events.on('*', (type, payload) => events.push([type, payload]));
  const worker = createWorker({ pipelines: [pipeline], concurrency: 1, leaseMs: 5_000, pollIntervalMs: 10 });
  return { store, pipeline, worker, saves, events, types: () => events.map(([type]) => type) };
}

/** Stores a job as a process leaves it when it dies inside a side-effect step: the step's record is `intent`, the lease runs out. */
async function interrupted(store: JobStore, pipeline: { enqueue(key: string, input: { n: number }): Promise<{ job: { id: string } }> }) {
  const { job } = await pipeline.enqueue('k1', { n: 1 });
  const intentAt = Date.now();
  expect(await store.claim({ owner: 'died', leaseMs: 1, now: intentAt, limit: 1 })).toHaveLength(1);
  await store.saveStep(job.id, 'died', 'post', { status: 'intent', intentAt, attempts: 1, startedAt: intentAt, finishedAt: intentAt }, intentAt);
  await new Promise((resolve) => setTimeout(resolve, 5)); // the dead worker's lease runs out
  return { id: job.id, at: intentAt };
}

describe('side-effect steps', () => {
  it('records the intent (one write) before the provider call, then the result', async () => {
    const seen: Array<StepRecord | undefined> = [];
    const { pipeline, worker, saves, store } = setup(async (_input, { step, job }) =>
      step('post', async () => { seen.push((await store.get(job.id))?.steps.post); return { ts: '1.1' }; }, { sideEffect: true }));
    const { job } = await pipeline.enqueue('k1', { n: 1 });
    await worker.drain();
    expect(seen[0]).toMatchObject({ status: 'intent', attempts: 1 });
    expect(seen[0]?.intentAt).toBeTypeOf('number');
    expect(saves).toEqual([['post', 'intent'], ['post', 'succeeded']]);
    const done = await pipeline.get(job.id);
    expect(done?.steps.post).toMatchObject({ status: 'succeeded', attempts: 1, result: { ts: '1.1' } });
    expect(done?.steps.post).not.toHaveProperty('maybeDuplicated');
  });

  it('an ordinary step writes no intent', async () => {
    const { pipeline, worker, saves } = setup(async (_input, { step }) => step('plain', () => 1));
    await pipeline.enqueue('k1', { n: 1 });
    await worker.drain();
    expect(saves).toEqual([['plain', 'succeeded']]);
  });

  it('on resume, an intent its provider confirms becomes the result: the effect is not repeated', async () => {
    const calls: string[] = [];
    const since: number[] = [];
    const { pipeline, worker, store, types } = setup(async (_input, { step }) => step('post', () => (calls.push('post'), { ts: 'new' }), {
      confirm: (intent) => { since.push(intent.since); expect(intent.idempotencyKey).toBe('test:k1:post'); return { ts: 'found' }; },
    }));
    const { id, at } = await interrupted(store, pipeline);
    await worker.drain();
    expect(calls).toEqual([]);
    expect(since).toEqual([at]);
    const done = await pipeline.get(id);
    expect(done).toMatchObject({ status: 'succeeded', output: { ts: 'found' } });
    expect(done?.steps.post).toMatchObject({ status: 'succeeded', confirmed: true, attempts: 1, result: { ts: 'found' } });
    expect(types()).toContain('step.confirmed');
    expect(types()).not.toContain('step.maybe-duplicated');
  });

  it('runs again, not counted, when the provider confirms the effect did not happen', async () => {
    const calls: string[] = [];
    const { pipeline, worker, store, types } = setup(async (_input, { step }) => step('post', () => (calls.push('post'), 'posted'), { confirm: () => undefined }));
    const { id, at } = await interrupted(store, pipeline);
    await worker.drain();
    expect(calls).toEqual(['post']);
    expect((await pipeline.get(id))?.steps.post).toMatchObject({ status: 'succeeded', attempts: 2, result: 'posted' });
    expect((await pipeline.get(id))?.steps.post).not.toHaveProperty('maybeDuplicated');
    expect(types()).not.toContain('step.maybe-duplicated');
  });

  it('runs a step that cannot confirm again and reports the possible duplicate (event and record)', async () => {
    const { pipeline, worker, store, events } = setup(async (_input, { step }) => step('post', () => 'posted', { sideEffect: true }));
    const { id, at } = await interrupted(store, pipeline);
    await worker.drain();
    expect(events.find(([type]) => type === 'step.maybe-duplicated')?.[1]).toEqual({ jobId: id, pipeline: 'test', key: 'k1', step: 'post', attempt: 2, intentAt: at, count: 1 });
    expect((await pipeline.get(id))?.steps.post).toMatchObject({ status: 'succeeded', attempts: 2, maybeDuplicated: 1 });
  });

  it('keeps the intent through a failure without an answer, and drops it when the provider refused (4xx)', async () => {
    const failures = [new CallwireError('timeout', 'socket hang up', { provider: 'slack' }), new CallwireError('provider_error', 'Slack answered 400', { provider: 'slack', providerStatus: 400, retryable: true })];
    const { pipeline, worker, store } = setup(async (_input, { step, job }) => {
      const failure = failures.shift();
      return step('post', () => { if (failure) throw failure; return 'posted'; }, { sideEffect: true }).finally(async () => {
        const record = (await store.get(job.id))?.steps.post;
        recorded.push(record?.status === 'failed' ? `failed intent=${record.intentAt !== undefined} dup=${record.maybeDuplicated ?? 0}` : `${record?.status} dup=${record?.maybeDuplicated ?? 0}`);
      });
    });
    const recorded: string[] = [];
    await pipeline.enqueue('k1', { n: 1 });
    await worker.drain();
    // Run 1: no answer → intent kept; run 2 re-runs uncertain → counted, refused → intent dropped; run 3 is not counted again.
    expect(recorded).toEqual(['failed intent=true dup=0', 'failed intent=false dup=1', 'succeeded dup=1']);
  });

  it('keeps the intent when confirm itself fails, and confirms again on the next attempt', async () => {
    let confirms = 0;
    const { pipeline, worker, store } = setup(async (_input, { step }) => step('post', () => 'posted again', {
      confirm: () => { if (++confirms === 1) throw new CallwireError('timeout', 'history unavailable', { provider: 'slack' }); return 'found'; },
    }));
    const { id, at } = await interrupted(store, pipeline);
    await worker.drain();
    expect(confirms).toBe(2);
    expect((await pipeline.get(id))?.steps.post).toMatchObject({ status: 'succeeded', confirmed: true, result: 'found' });
  });
});

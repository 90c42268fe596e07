import { describe, expect, it } from 'vitest';
import { createPipeline, type JobStore, type PipelineEvents } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

type Delivery = { status: string; recording?: string };

function setup(store: JobStore = createMemoryStore()) {
  let now = 1_700_000_000_000;
  const events: Array<keyof PipelineEvents> = [];
  const pipeline = createPipeline<Delivery>({ name: 'calls', store, clock: () => now, run: async () => null });
  pipeline.events.on('*', (type) => events.push(type));
  return { store, pipeline, events, advance: (ms: number) => (now += ms) };
}

describe('pipeline.updateInput', () => {
  it('completes the stored input of a queued job, makes it due, and emits job.updated', async () => {
    const { pipeline, events, advance } = setup();
    const { job } = await pipeline.enqueue('CA1', { status: 'call-attempt' }, { runAt: pipeline.clock() + 60_000 });
    advance(5);
    const { job: updated, updated: changed } = await pipeline.updateInput(
      job.id,
      (stored) => ({ ...stored, status: 'completed', recording: 'https://recordings.exotel.com/r.mp3' }),
      { runAt: pipeline.clock() },
    );
    expect(changed).toBe(true);
    expect(updated).toMatchObject({ input: { status: 'completed', recording: 'https://recordings.exotel.com/r.mp3' }, runAt: pipeline.clock() });
    expect(events).toEqual(['job.queued', 'job.updated']);
  });

  it('reports updated: false, with no event, when the update keeps the input', async () => {
    const { pipeline, events } = setup();
    const { job } = await pipeline.enqueue('CA1', { status: 'completed' });
    const result = await pipeline.updateInput(job.id, () => undefined);
    expect(result).toMatchObject({ updated: false, job: { input: { status: 'completed' } } });
    expect(events).toEqual(['job.queued']);
  });

  it('does not touch a job of another pipeline on the same store, and answers not_found', async () => {
    const store = createMemoryStore();
    const { pipeline } = setup(store);
    const other = createPipeline<Delivery>({ name: 'other', store, run: async () => null });
    const { job } = await other.enqueue('CA1', { status: 'call-attempt' });
    await expect(pipeline.updateInput(job.id, () => ({ status: 'completed' }))).rejects.toMatchObject({ code: 'not_found' });
    await expect(pipeline.updateInput('no-such-job', () => ({ status: 'completed' }))).rejects.toMatchObject({ code: 'not_found' });
    expect((await store.get(job.id))?.input).toEqual({ status: 'call-attempt' });
  });

  it('passes an error thrown by the update through unchanged, and keeps the input', async () => {
    const { pipeline } = setup();
    const { job } = await pipeline.enqueue('CA1', { status: 'call-attempt' });
    const mistake = new TypeError('bad merge');
    await expect(pipeline.updateInput(job.id, () => { throw mistake; })).rejects.toBe(mistake);
    expect((await pipeline.get(job.id))?.input).toEqual({ status: 'call-attempt' });
  });

  it('turns a store failure into store_unavailable', async () => {
    const store = createMemoryStore();
    const { pipeline } = setup(store);
    const { job } = await pipeline.enqueue('CA1', { status: 'call-attempt' });
    await store.close();
    await expect(pipeline.updateInput(job.id, () => ({ status: 'completed' }))).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});

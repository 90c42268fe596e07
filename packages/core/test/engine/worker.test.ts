import { describe, expect, it } from 'vitest';
import { CallwireError, createPipeline, createWorker, type JobStore, type PipelineEvents } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

/** A pipeline over a memory store whose steps append to `effects`, with events recorded in order. */
function setup(run: Parameters<typeof createPipeline<{ n: number }>>[0]['run'], store: JobStore = createMemoryStore()) {
  const events: Array<[keyof PipelineEvents, unknown]> = [];
  const pipeline = createPipeline<{ n: number }>({ name: 'test', store, run, retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 3 } });
  pipeline.events.on('*', (type, payload) => events.push([type, payload]));
  const worker = createWorker({ pipelines: [pipeline], concurrency: 2, leaseMs: 5_000, pollIntervalMs: 10 });
  return { store, pipeline, worker, events, types: () => events.map(([type]) => type) };
}

describe('createWorker', () => {
  it('runs each step once and keeps its JSON result', async () => {
    const effects: string[] = [];
    const { pipeline, worker } = setup(async (input, { step }) => {
      const doubled = await step('double', () => { effects.push('double'); return { value: input.n * 2, at: new Date(0) }; });
      return step('report', () => { effects.push('report'); return `got ${doubled.value} at ${String(doubled.at)}`; });
    });
    const { job } = await pipeline.enqueue('k1', { n: 21 });
    expect(await worker.drain()).toMatchObject({ succeeded: 1, failed: 0, dead: 0 });
    const done = await pipeline.get(job.id);
    expect(done?.status).toBe('succeeded');
    // The step result is the JSON round-trip (a Date became its ISO string), on the first run as on a resume.
    expect(done?.output).toBe('got 42 at 1970-01-01T00:00:00.000Z');
    expect(done?.steps.double).toMatchObject({ status: 'succeeded', attempts: 1, result: { value: 42, at: '1970-01-01T00:00:00.000Z' } });
    expect(effects).toEqual(['double', 'report']);
  });

  it('retries a transient failure and does not redo the steps that succeeded', async () => {
    const effects: string[] = [];
    let flaky = 1;
    const { pipeline, worker, types } = setup(async (_input, { step }) => {
      await step('first', () => effects.push('first'));
      await step('second', () => {
        effects.push('second');
        if (flaky-- > 0) throw new CallwireError('provider_error', 'Slack answered 500', { provider: 'slack', providerStatus: 500 });
      });
    });
    const { job } = await pipeline.enqueue('k1', { n: 1 });
    const result = await worker.drain();
    expect(result).toMatchObject({ failed: 1, succeeded: 1 });
    expect(effects).toEqual(['first', 'second', 'second']);
    const done = await pipeline.get(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(done?.steps.second).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(types()).toEqual([
      'job.queued', 'job.started', 'step.succeeded', 'step.failed', 'job.failed',
      'job.started', 'step.reused', 'step.succeeded', 'job.succeeded',
    ]);
  });

  it('makes a job dead at once on a permanent error, keeps the provider message, and re-drives it', async () => {
    let reject = true;
    const calls: number[] = [];
    const { pipeline, worker } = setup(async (input, { step }) => {
      await step('post', () => {
        calls.push(input.n);
        if (reject) throw Object.assign(new Error('invalid_blocks'), { status: 400 });
      });
    });
    const { job } = await pipeline.enqueue('k1', { n: 7 });
    expect(await worker.drain()).toMatchObject({ dead: 1, failed: 0 });
    const dead = await pipeline.get(job.id);
    expect(dead?.status).toBe('dead');
    expect(dead?.attempts).toBe(1);
    expect(dead?.error).toMatchObject({ message: 'invalid_blocks', step: 'post', providerStatus: 400, code: 'provider_rejected' });

    reject = false;
    await pipeline.redrive(job.id);
    expect(await worker.drain()).toMatchObject({ succeeded: 1 });
    expect((await pipeline.get(job.id))?.status).toBe('succeeded');
    expect(calls).toEqual([7, 7]);
    await expect(pipeline.redrive(job.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('re-drives with resetSteps: the named steps run again, the others are reused', async () => {
    const effects: string[] = [];
    let failWait = true;
    const { pipeline, worker } = setup(async (_input, { step }) => {
      await step('fetch', () => effects.push('fetch'));
      const id = await step('submit', () => { effects.push('submit'); return `t-${effects.length}`; });
      await step('wait', () => {
        effects.push(`wait ${id}`);
        if (failWait) throw new CallwireError('provider_rejected', `transcript ${id} ended in error`);
      });
    });
    const { job } = await pipeline.enqueue('k1', { n: 1 });
    await worker.drain();
    expect((await pipeline.get(job.id))?.status).toBe('dead');
    failWait = false;
    await pipeline.redrive(job.id, { resetSteps: ['submit'] });
    await worker.drain();
    expect((await pipeline.get(job.id))?.status).toBe('succeeded');
    expect(effects).toEqual(['fetch', 'submit', 'wait t-2', 'submit', 'wait t-4']);
  });

  it('gives up after maxAttempts transient failures', async () => {
    const { pipeline, worker, types } = setup(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    const { job } = await pipeline.enqueue('k1', { n: 1 });
    expect(await worker.drain()).toMatchObject({ failed: 2, dead: 1 });
    expect(await pipeline.get(job.id)).toMatchObject({ status: 'dead', attempts: 3, error: { code: 'ECONNREFUSED', retryable: true } });
    expect(types().filter((t) => t === 'job.dead')).toHaveLength(1);
  });

  it('schedules the retry after the provider Retry-After', async () => {
    const store = createMemoryStore();
    let now = 1_000_000;
    const pipeline = createPipeline({
      name: 'paced',
      store,
      clock: () => now,
      retry: { baseDelayMs: 10, maxDelayMs: 10 },
      run: async () => {
        throw new CallwireError('rate_limited', 'Slack answered 429', { retryAfterMs: 30_000 });
      },
    });
    const worker = createWorker({ pipelines: [pipeline] });
    const { job } = await pipeline.enqueue('k1', {});
    await worker.drain();
    expect(await pipeline.get(job.id)).toMatchObject({ status: 'failed', runAt: 1_030_000 });
    now = 1_029_999;
    expect(await worker.drain()).toMatchObject({ failed: 0, succeeded: 0 });
    now = 1_030_000;
    expect(await worker.drain()).toMatchObject({ failed: 1 });
  });

  it('renews the lease while a long step runs, so no other worker takes the job', async () => {
    const store = createMemoryStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const runs: string[] = [];
    const pipeline = createPipeline({
      name: 'slow',
      store,
      run: async (_input, { step }) => step('wait', async () => { runs.push('run'); started(); await gate; }),
    });
    const a = createWorker({ pipelines: [pipeline], leaseMs: 90, pollIntervalMs: 10, id: 'a' });
    const b = createWorker({ pipelines: [pipeline], leaseMs: 90, pollIntervalMs: 10, id: 'b' });
    const { job } = await pipeline.enqueue('k1', {});
    a.start();
    await running;
    b.start();
    // Several lease periods pass: the renewal keeps the lease with worker a.
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 90));
      expect((await store.get(job.id))?.leaseOwner).toBe('a');
    }
    release();
    await a.stop();
    await b.stop();
    expect(runs).toEqual(['run']);
    expect((await store.get(job.id))?.status).toBe('succeeded');
  });

  it('takes over a job whose worker stopped renewing, and the old attempt cannot write', async () => {
    const store = createMemoryStore();
    let now = 5_000;
    const effects: string[] = [];
    const pipeline = createPipeline({
      name: 'takeover',
      store,
      clock: () => now,
      run: async (_input, { step }) => {
        await step('one', () => effects.push('one'));
        await step('two', () => effects.push('two'));
      },
    });
    const { job } = await pipeline.enqueue('k1', {});
    // A worker that claimed the job and died (its lease is never renewed).
    const [claimed] = await store.claim({ owner: 'dead-worker', leaseMs: 1_000, now, limit: 1 });
    expect(claimed?.id).toBe(job.id);
    const worker = createWorker({ pipelines: [pipeline], leaseMs: 1_000 });
    expect(await worker.drain()).toMatchObject({ succeeded: 0 });
    now += 1_001;
    expect(await worker.drain()).toMatchObject({ succeeded: 1 });
    expect(effects).toEqual(['one', 'two']);
    expect(await store.complete(job.id, 'dead-worker', null, now)).toBe(false);
    expect(await store.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('marks a job dead when its workers keep dying before their lease runs out', async () => {
    const store = createMemoryStore();
    let now = 0;
    const pipeline = createPipeline({ name: 'poison', store, clock: () => now, retry: { maxAttempts: 2 }, run: async () => 'never' });
    const { job } = await pipeline.enqueue('k1', {});
    for (let i = 0; i < 2; i++) {
      await store.claim({ owner: `crashed-${i}`, leaseMs: 10, now, limit: 1 });
      now += 11;
    }
    await createWorker({ pipelines: [pipeline] }).drain();
    expect(await store.get(job.id)).toMatchObject({ status: 'dead', error: { code: 'lease_lost' } });
  });

  it('stop() lets a running job finish within the deadline', async () => {
    let finish!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { pipeline, worker, store } = setup(async (_input, { step }) => {
      await step('slow', async () => { started(); await new Promise<void>((resolve) => (finish = resolve)); });
    });
    const { job } = await pipeline.enqueue('k1', { n: 1 });
    worker.start();
    await running;
    const stopping = worker.stop({ timeoutMs: 10_000 });
    finish();
    await stopping;
    expect((await store.get(job.id))?.status).toBe('succeeded');
  });

  it('stop() releases what did not finish by the deadline, without spending an attempt', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { pipeline, worker, store, types } = setup(async (_input, { step, signal }) => {
      await step('stuck', async () => {
        started();
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      });
    });
    const { job } = await pipeline.enqueue('k1', { n: 1 });
    worker.start();
    await running;
    await worker.stop({ timeoutMs: 20 });
    expect(await store.get(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(types()).toContain('job.released');
    expect(types()).not.toContain('job.failed');
  });

  it('wakes at once when a job is enqueued in the same process', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ name: 'wake', store, run: async () => 'done' });
    const worker = createWorker({ pipelines: [pipeline], pollIntervalMs: 60_000 });
    worker.start();
    const finished = new Promise((resolve) => pipeline.events.on('job.succeeded', resolve));
    await pipeline.enqueue('k1', {});
    await finished; // with a 60 s poll interval, only the wake-up can make this resolve before the test timeout
    await worker.stop();
    expect((await store.getByKey('wake', 'k1'))?.status).toBe('succeeded');
  });

  it('runs at most `concurrency` jobs at once and drains everything due', async () => {
    let active = 0;
    let peak = 0;
    const { pipeline, worker } = setup(async (input, { step }) => {
      await step('work', async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setImmediate(resolve));
        active -= 1;
        return input.n;
      });
    });
    for (let i = 0; i < 10; i++) await pipeline.enqueue(`k${i}`, { n: i });
    expect(await worker.drain()).toMatchObject({ succeeded: 10 });
    expect(peak).toBe(2);
  });

  it('run(jobId) runs that job alone, and only when it is due', async () => {
    const ran: number[] = [];
    const { pipeline, worker, store } = setup(async (input, { step }) => step('work', () => ran.push(input.n)));
    const first = await pipeline.enqueue('k1', { n: 1 });
    const second = await pipeline.enqueue('k2', { n: 2 });
    expect(await worker.run(second.job.id)).toBe('succeeded');
    expect(ran).toEqual([2]);
    expect((await store.get(first.job.id))?.status).toBe('queued');
    expect(await worker.run(second.job.id)).toBe('not-due'); // finished
    expect(await worker.run('00000000-0000-4000-8000-000000000000')).toBe('not-due');
    await store.claim({ owner: 'elsewhere', leaseMs: 60_000, now: Date.now(), limit: 1, jobId: first.job.id });
    expect(await worker.run(first.job.id)).toBe('not-due'); // held by another worker
    expect(ran).toEqual([2]);
  });

  it('answers a duplicate enqueue with the existing job and a duplicate event', async () => {
    const { pipeline, types } = setup(async () => null);
    const first = await pipeline.enqueue('same', { n: 1 });
    const second = await pipeline.enqueue('same', { n: 2 });
    expect(second).toMatchObject({ created: false, job: { id: first.job.id, input: { n: 1 } } });
    expect(types()).toEqual(['job.queued', 'job.duplicate']);
  });

  it('turns a store failure on enqueue into store_unavailable, so the sender retries', async () => {
    const store = createMemoryStore();
    await store.close();
    const pipeline = createPipeline({ name: 'down', store, run: async () => null });
    await expect(pipeline.enqueue('k1', {})).rejects.toMatchObject({ code: 'store_unavailable', status: 503 });
  });

  it('rejects bad configuration with a message that says what to fix', () => {
    const store = createMemoryStore();
    expect(() => createPipeline({ name: 'has space', store, run: async () => null })).toThrow(/createPipeline: option `name` must be 1–64/);
    expect(() => createPipeline({ name: 'ok', store, run: async () => null, retry: { maxAttempts: 0 } })).toThrow(/maxAttempts/);
    const pipeline = createPipeline({ name: 'ok', store, run: async () => null });
    expect(() => createWorker({ pipelines: [] })).toThrow(/at least one pipeline/);
    expect(() => createWorker({ pipelines: [pipeline, pipeline] })).toThrow(/createWorker: option `pipelines` must have distinct names \(two are named "/);
    expect(() => createWorker({ pipelines: [pipeline], concurrency: 0 })).toThrow(/concurrency/);
  });

  it('refuses a step name used twice in one job', async () => {
    const { pipeline, worker } = setup(async (_input, { step }) => {
      await step('same', () => 1);
      await step('same', () => 2);
    });
    const { job } = await pipeline.enqueue('k1', { n: 1 });
    await worker.drain();
    expect((await pipeline.get(job.id))?.error?.message).toMatch(/ran twice/);
  });
});

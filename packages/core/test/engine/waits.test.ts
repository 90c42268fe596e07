import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPipeline, createWorker, notReady, runInline, type JobContext, type JobStore, type PipelineEvents } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'callwire-waits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const T0 = 1_700_000_000_000;
type Input = { n: number };

const stores: Array<[string, () => JobStore]> = [
  ['memory', () => createMemoryStore()],
  ['SQLite', () => createSqliteStore({ filename: join(dir, `waits-${files++}.db`) })],
];

/** A pipeline on an injected clock, its events in order, and a worker that drains it. */
function setup(store: JobStore, run: (input: Input, ctx: JobContext<Input>) => Promise<unknown>, { maxAttempts = 3, concurrency = 2 } = {}) {
  let now = T0;
  const events: Array<[keyof PipelineEvents, Record<string, unknown>]> = [];
  const pipeline = createPipeline<Input>({ name: 'waits', store, clock: () => now, run, retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts } });
  pipeline.events.on('*', (type, payload) => events.push([type, payload as unknown as Record<string, unknown>]));
  const worker = createWorker({ pipelines: [pipeline], concurrency, leaseMs: 60_000, pollIntervalMs: 10 });
  return {
    store,
    pipeline,
    worker,
    events,
    types: () => events.map(([type]) => type),
    advance: (ms: number) => (now += ms),
  };
}

describe.each(stores)('durable waits (%s store)', (_name, makeStore) => {
  it('sleep parks the job without counting an attempt and resumes once due, without redoing earlier steps', async () => {
    const effects: string[] = [];
    const t = setup(makeStore(), async (_input, { step, sleep }) => {
      await step('before', () => effects.push('before'));
      await sleep('pause', 60_000);
      await sleep('until', { until: T0 + 90_000 });
      await step('after', () => effects.push('after'));
    });
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    expect(await t.worker.drain()).toMatchObject({ parked: 1, succeeded: 0 });
    const parked = await t.pipeline.get(job.id);
    expect(parked).toMatchObject({ status: 'waiting', attempts: 0, runAt: T0 + 60_000, wait: { step: 'pause', kind: 'sleep', until: T0 + 60_000 } });
    expect(parked?.leaseOwner).toBeUndefined();
    expect(parked?.steps.pause).toMatchObject({ status: 'waiting', wait: { kind: 'sleep', until: T0 + 60_000 } });
    expect((await t.store.stats()).byStatus).toMatchObject({ waiting: 1, running: 0 });

    t.advance(59_999);
    expect(await t.worker.drain()).toMatchObject({ parked: 0, succeeded: 0 });
    t.advance(1);
    expect(await t.worker.drain()).toMatchObject({ parked: 1 }); // on to the second sleep
    expect(await t.pipeline.get(job.id)).toMatchObject({ status: 'waiting', runAt: T0 + 90_000, wait: { step: 'until' } });
    t.advance(30_000);
    expect(await t.worker.drain()).toMatchObject({ succeeded: 1 });

    expect(effects).toEqual(['before', 'after']);
    const done = await t.pipeline.get(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(done?.wait).toBeUndefined();
    expect(done?.steps.pause).toMatchObject({ status: 'succeeded', startedAt: T0, finishedAt: T0 + 60_000 });
    expect(t.types()).toEqual([
      'job.queued',
      'job.started', 'step.succeeded', 'job.waiting',
      'job.started', 'step.reused', 'job.woken', 'step.succeeded', 'job.waiting',
      'job.started', 'step.reused', 'step.reused', 'job.woken', 'step.succeeded', 'step.succeeded', 'job.succeeded',
    ]);
    expect(t.events.find(([type]) => type === 'job.waiting')?.[1]).toMatchObject({ step: 'pause', wait: 'sleep', until: T0 + 60_000, attempt: 1 });
  });

  it('waitForEvent parks until pipeline.signal delivers the event, exactly once', async () => {
    const received: unknown[] = [];
    const t = setup(makeStore(), async (input, { step, waitForEvent }) => {
      const result = await waitForEvent<{ ok: boolean }>('ready', { key: `event:${input.n}`, timeoutMs: 60_000 });
      await step('use', () => received.push(result));
    });
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    expect(await t.worker.drain()).toMatchObject({ parked: 1 });
    expect(await t.pipeline.get(job.id)).toMatchObject({ status: 'waiting', runAt: T0 + 60_000, wait: { step: 'ready', kind: 'event', key: 'event:1' } });
    expect(await t.pipeline.signal('event:2', { ok: false })).toBeUndefined(); // another key: kept, wakes nothing

    t.advance(5);
    expect(await t.pipeline.signal('event:1', { ok: true })).toEqual({ jobId: job.id, jobKey: 'k1', step: 'ready' });
    expect(await t.pipeline.get(job.id)).toMatchObject({ status: 'queued', runAt: T0 + 5 });
    expect(await t.pipeline.signal('event:1', { ok: 'again' })).toBeUndefined(); // not delivered twice
    expect(await t.worker.drain()).toMatchObject({ succeeded: 1 });
    expect(received).toEqual([{ timedOut: false, event: { ok: true } }]);
    const done = await t.pipeline.get(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(done?.steps.ready).toMatchObject({ status: 'succeeded', result: { timedOut: false, event: { ok: true } }, startedAt: T0, finishedAt: T0 + 5 });
    expect(t.events.filter(([type]) => type === 'job.woken').map(([, e]) => e)).toEqual([
      { jobId: job.id, pipeline: 'waits', key: 'k1', step: 'ready', by: 'signal', waitKey: 'event:1' },
    ]);
  });

  it('waitForEvent receives an event signalled before the wait began', async () => {
    const received: unknown[] = [];
    const t = setup(makeStore(), async (input, { step, waitForEvent }) => {
      await step('submit', () => 'submitted');
      const result = await waitForEvent('ready', { key: `event:${input.n}`, timeoutMs: 60_000 });
      await step('use', () => received.push(result));
    });
    expect(await t.pipeline.signal('event:1', { early: true })).toBeUndefined();
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    // The park finds the kept signal: the job is due at once and finishes in the same drain.
    expect(await t.worker.drain()).toMatchObject({ parked: 1, succeeded: 1 });
    expect(received).toEqual([{ timedOut: false, event: { early: true } }]);
    expect(await t.pipeline.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(t.types()).toContain('job.woken');
    expect(t.types()).not.toContain('job.waiting');
  });

  it('waitForEvent times out, and a late signal is kept, not delivered', async () => {
    const received: unknown[] = [];
    const t = setup(makeStore(), async (_input, { step, waitForEvent }) => {
      const result = await waitForEvent('ready', { key: 'event:late', timeoutMs: 60_000 });
      await step('use', () => received.push(result));
    });
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    await t.worker.drain();
    t.advance(60_000);
    expect(await t.worker.drain()).toMatchObject({ succeeded: 1 });
    expect(received).toEqual([{ timedOut: true }]);
    expect(await t.pipeline.signal('event:late', {})).toBeUndefined();
    expect((await t.pipeline.get(job.id))?.steps.ready).toMatchObject({ status: 'succeeded', result: { timedOut: true } });
  });

  it('a step that is not ready parks without spending attempts, 50 times, then succeeds', async () => {
    let checks = 0;
    const t = setup(makeStore(), async (_input, { step }) =>
      step('fetch-recording', () => {
        checks += 1;
        if (checks <= 50) throw notReady(1_000, { deadlineMs: 3_600_000, reason: 'recording not published yet' });
        return 'audio';
      }),
    { maxAttempts: 1 });
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    for (let park = 1; park <= 50; park++) {
      expect(await t.worker.drain()).toMatchObject({ parked: 1, failed: 0, dead: 0 });
      expect(await t.pipeline.get(job.id)).toMatchObject({ status: 'waiting', attempts: 0, runAt: T0 + (park - 1) * 1_000 + 1_000 });
      t.advance(1_000);
    }
    expect(await t.worker.drain()).toMatchObject({ succeeded: 1 });
    const done = await t.pipeline.get(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, output: 'audio' });
    expect(done?.steps['fetch-recording']).toMatchObject({ status: 'succeeded', attempts: 51 });
    expect(t.events.find(([type]) => type === 'job.waiting')?.[1]).toMatchObject({ wait: 'not-ready', step: 'fetch-recording' });
  });

  it('a step still not ready at its deadline fails as an ordinary error; retries then follow the usual rules', async () => {
    let checks = 0;
    const t = setup(makeStore(), async (_input, { step }) =>
      step('fetch-recording', () => {
        checks += 1;
        throw notReady(2_000, { deadlineMs: 5_000, reason: 'recording not published yet' });
      }),
    );
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    // Checks at T0, +2 s, +4 s and a last one at the deadline (+5 s): then the step fails.
    for (const wait of [2_000, 2_000, 1_000]) {
      expect(await t.worker.drain()).toMatchObject({ parked: 1 });
      expect((await t.pipeline.get(job.id))?.runAt).toBe(T0 + (checks === 1 ? 2_000 : checks === 2 ? 4_000 : 5_000));
      t.advance(wait);
    }
    // The fourth check fails the step; the retries (no backoff here) each check once and fail at once.
    expect(await t.worker.drain()).toMatchObject({ failed: 2, dead: 1, parked: 0 });
    expect(checks).toBe(6);
    const dead = await t.pipeline.get(job.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, error: { code: 'timeout', step: 'fetch-recording', retryable: true } });
    expect(dead?.error?.message).toContain('recording not published yet');
    expect(dead?.steps['fetch-recording']).toMatchObject({ status: 'failed', attempts: 6, wait: { kind: 'not-ready', since: T0 } });
  });

  it('parks even when the job code catches the parking, and runs nothing more in that attempt', async () => {
    const effects: string[] = [];
    const t = setup(makeStore(), async (_input, { step, sleep }) => {
      try {
        await sleep('pause', 1_000);
      } catch {
        effects.push('caught');
      }
      await step('after', () => effects.push('after')).catch(() => effects.push('step refused'));
      return 'returned early';
    });
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    expect(await t.worker.drain()).toMatchObject({ parked: 1, succeeded: 0 });
    expect(effects).toEqual(['caught', 'step refused']);
    t.advance(1_000);
    expect(await t.worker.drain()).toMatchObject({ succeeded: 1 });
    expect(effects).toEqual(['caught', 'step refused', 'after']);
    expect((await t.pipeline.get(job.id))?.output).toBe('returned early');
  });

  it('with concurrency 1, 100 parked jobs do not hold the worker: a new job runs at once', async () => {
    const t = setup(makeStore(), async (input, { step, sleep }) => {
      if (input.n < 100) await sleep('long', 3_600_000);
      return step('work', () => input.n);
    }, { concurrency: 1 });
    for (let n = 0; n < 100; n++) await t.pipeline.enqueue(`sleeper-${n}`, { n });
    expect(await t.worker.drain()).toMatchObject({ parked: 100 });
    const done = new Promise<void>((resolve) => t.pipeline.events.on('job.succeeded', () => resolve()));
    t.worker.start();
    const { job } = await t.pipeline.enqueue('urgent', { n: 100 });
    await done;
    await t.worker.stop();
    expect(await t.pipeline.get(job.id)).toMatchObject({ status: 'succeeded', output: 100 });
    expect((await t.store.stats()).byStatus).toMatchObject({ waiting: 100, running: 0, succeeded: 1 });
  });

  it('runInline answers parked when the job waits', async () => {
    const t = setup(makeStore(), async (_input, { sleep }) => sleep('later', 60_000));
    const { job } = await t.pipeline.enqueue('k1', { n: 1 });
    const inline = await runInline({ pipeline: t.pipeline, jobId: job.id, deadlineMs: 5_000 });
    expect(inline.outcome).toBe('parked');
    expect(inline.job?.status).toBe('waiting');
  });
});

describe('a started worker', () => {
  it('wakes for a job it parked when it is due, and for a local signal, without waiting for its poll', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline<Input>({
      name: 'prompt',
      store,
      async run(input, { sleep, waitForEvent }) {
        if (input.n === 1) await sleep('short', 5);
        else await waitForEvent('go', { key: 'go', timeoutMs: 3_600_000 });
      },
    });
    // A poll interval far longer than the test's timeout: only the worker's own wake-ups can finish these jobs.
    const worker = createWorker({ pipelines: [pipeline], pollIntervalMs: 3_600_000 });
    const finished: string[] = [];
    const bothDone = new Promise<void>((resolve) =>
      pipeline.events.on('job.succeeded', ({ key }) => {
        finished.push(key);
        if (finished.length === 2) resolve();
      }),
    );
    const parkedEvent = new Promise<void>((resolve) => pipeline.events.on('job.waiting', ({ step }) => step === 'go' && resolve()));
    worker.start();
    await pipeline.enqueue('sleeper', { n: 1 });
    await pipeline.enqueue('listener', { n: 2 });
    await parkedEvent;
    await pipeline.signal('go', null);
    await bothDone;
    await worker.stop();
    expect(finished.sort()).toEqual(['listener', 'sleeper']);
  });
});

describe('a parked job on SQLite', () => {
  it('resumes in a new process (a new store and worker over the same file), with its completed steps kept', async () => {
    const filename = join(dir, 'restart.db');
    const effects: string[] = [];
    const run = async (_input: Input, { step, sleep }: JobContext<Input>) => {
      await step('first', () => effects.push('first'));
      await sleep('pause', 60_000);
      await step('second', () => effects.push('second'));
    };
    const before = setup(createSqliteStore({ filename }), run);
    const { job } = await before.pipeline.enqueue('k1', { n: 1 });
    expect(await before.worker.drain()).toMatchObject({ parked: 1 });
    await before.store.close();

    const after = setup(createSqliteStore({ filename }), run);
    after.advance(60_000);
    expect(await after.worker.drain()).toMatchObject({ succeeded: 1 });
    expect(effects).toEqual(['first', 'second']);
    expect(await after.pipeline.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    await after.store.close();
  });
});

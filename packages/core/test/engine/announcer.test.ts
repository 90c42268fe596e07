import { describe, expect, it } from 'vitest';
import { announceJobs, createHandler, createPipeline, createWorker, notReady, type AnnouncedJob, type JobAnnouncer, type Logger } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';
import { testCallsPipeline } from '../http/test-pipelines.js';

const T0 = 1_700_000_000_000;

/** An announcer that records every call. */
function recording(fail = false): JobAnnouncer & { calls: AnnouncedJob[][] } {
  const calls: AnnouncedJob[][] = [];
  return {
    calls,
    async announce(jobs) {
      calls.push([...jobs]);
      if (fail) throw new Error('queue unreachable');
    },
  };
}

function memoryLogger(): Logger & { lines: Array<[string, unknown, string]> } {
  const lines: Array<[string, unknown, string]> = [];
  const log = (level: string) => (details: unknown, message?: string) => void lines.push([level, details, message ?? '']);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } as Logger & { lines: typeof lines };
}

describe('announceJobs', () => {
  it('announces accepted, parked, woken, retried and re-driven jobs with their due times, once per announcer', async () => {
    let now = T0;
    let ready = false;
    const store = createMemoryStore();
    const pipeline = createPipeline<{ n: number }>({
      name: 'announced',
      store,
      clock: () => now,
      retry: { maxAttempts: 2, baseDelayMs: 5_000, maxDelayMs: 5_000 },
      async run(input, { step, waitForEvent }) {
        await step('check', () => {
          if (!ready) throw notReady(120_000, { deadlineMs: 3_600_000 });
        });
        await waitForEvent('ping', { key: `ping:${input.n}`, timeoutMs: 60_000 });
        await step('flaky', () => {
          if (input.n === 2) throw new Error('boom');
        });
      },
    });
    const announcer = recording();
    const announcements = announceJobs([pipeline], announcer);
    expect(announceJobs([pipeline], announcer)).toBe(announcements); // the same subscription: no double announcements
    const worker = createWorker({ pipelines: [pipeline], concurrency: 2, pollIntervalMs: 10 });

    const one = await pipeline.enqueue('one', { n: 1 });
    const two = await pipeline.enqueue('two', { n: 2 }, { runAt: T0 + 1_000 });
    await announcements.flush();
    expect(announcer.calls).toEqual([[{ jobId: one.job.id, pipeline: 'announced', at: T0 }, { jobId: two.job.id, pipeline: 'announced', at: T0 + 1_000 }]]);

    now += 1_000;
    await worker.drain();
    await announcements.flush();
    expect(announcer.calls.at(-1)).toEqual([
      { jobId: one.job.id, pipeline: 'announced', at: now + 120_000 },
      { jobId: two.job.id, pipeline: 'announced', at: now + 120_000 },
    ]);

    ready = true;
    now += 120_000;
    await worker.drain(); // both wait for their ping now
    await announcements.flush();
    expect(announcer.calls.at(-1)).toEqual([
      { jobId: one.job.id, pipeline: 'announced', at: now + 60_000 },
      { jobId: two.job.id, pipeline: 'announced', at: now + 60_000 },
    ]);
    await pipeline.signal('ping:1');
    await pipeline.signal('ping:2');
    await announcements.flush();
    expect(announcer.calls.at(-1)).toEqual([{ jobId: one.job.id, pipeline: 'announced' }, { jobId: two.job.id, pipeline: 'announced' }]);

    await worker.drain();
    await announcements.flush();
    const retry = await pipeline.get(two.job.id);
    expect(retry?.status).toBe('failed');
    expect(announcer.calls.at(-1)).toEqual([{ jobId: two.job.id, pipeline: 'announced', at: retry!.runAt }]); // its retry (with jitter)
    now += 5_000;
    await worker.drain();
    await announcements.flush();
    const calls = announcer.calls.length;
    expect((await pipeline.get(two.job.id))?.status).toBe('dead'); // dead jobs are not announced
    await pipeline.redrive(two.job.id);
    await announcements.flush();
    expect(announcer.calls).toHaveLength(calls + 1);
    expect(announcer.calls.at(-1)).toEqual([{ jobId: two.job.id, pipeline: 'announced' }]);

    announcements.stop();
    await pipeline.enqueue('three', { n: 3 });
    await announcements.flush();
    expect(announcer.calls).toHaveLength(calls + 1);
  });

  it('logs a failed announcement and never rejects: the job stays due in the store', async () => {
    const logger = memoryLogger();
    const store = createMemoryStore();
    const pipeline = createPipeline({ name: 'failing', store, logger, run: async () => undefined });
    const announcer = recording(true);
    const announcements = announceJobs([pipeline], announcer);
    const { job } = await pipeline.enqueue('k', {});
    await expect(announcements.flush()).resolves.toBeUndefined();
    expect(announcer.calls).toHaveLength(1);
    expect(logger.lines.find(([level]) => level === 'error')).toEqual([
      'error',
      { jobs: [job.id], error: 'queue unreachable' },
      expect.stringContaining('could not announce'),
    ]);
    expect((await store.get(job.id))?.status).toBe('queued');
    announcements.stop();
  });

  it('createHandler({ announcer }) answers only once the accepted job is announced', async () => {
    const store = createMemoryStore();
    const calls = testCallsPipeline(store);
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const announcer: JobAnnouncer = {
      announce: (jobs) =>
        new Promise<void>((resolve) => {
          release = () => {
            sent.push(...jobs.map((job) => job.jobId));
            resolve();
          };
        }),
    };
    const handler = createHandler({ pipelines: [calls], announcer });
    let answered = false;
    const response = handler(new Request('http://localhost/webhook/zapier', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"call_id":"announced-call"}' }))
      .then((r) => ((answered = true), r));
    for (let i = 0; i < 20 && sent.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(answered).toBe(false);
      release();
    }
    expect((await response).status).toBe(200);
    const job = await store.getByKey('calls', 'announced-call');
    expect(sent).toEqual([job!.id]);
  });
});

describe('worker.drain({ signal })', () => {
  it('stops claiming when the signal aborts and releases what has not finished after the grace period', async () => {
    const store = createMemoryStore();
    const started: number[] = [];
    const pipeline = createPipeline<{ n: number }>({
      name: 'budget',
      store,
      async run(input, { step, signal }) {
        await step('work', async () => {
          started.push(input.n);
          if (input.n === 1) await new Promise((resolve) => setTimeout(resolve, 20));
          else await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
        });
      },
    });
    for (const n of [1, 2, 3, 4]) await pipeline.enqueue(`k${n}`, { n });
    const worker = createWorker({ pipelines: [pipeline], concurrency: 2 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const counts = await worker.drain({ signal: controller.signal, graceMs: 10 });
    // 1 finishes; 2 hangs and is released; 3 was claimed after 1 finished and hangs too; 4 is never claimed.
    expect(counts).toMatchObject({ succeeded: 1, released: 2 });
    expect(started).toEqual([1, 2, 3]);
    expect((await store.stats()).byStatus).toMatchObject({ succeeded: 1, queued: 3, running: 0 });
    await expect(worker.drain({ graceMs: -1 })).rejects.toThrow(/graceMs/);
  });
});

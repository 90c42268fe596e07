import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { createWorker } from '@callwire/core';
import { createSqliteStore } from '@callwire/store-sqlite';
import { startChild } from './child-process.js';
import { createWaitPipeline, readyKey } from './fixtures/wait-pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'callwire-crash-waits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOTAL = 30;
const EARLY = 5; // jobs 0–4 get their event before they ever wait for it
const HANG_ON = 17; // the second worker is killed inside this job's post step
const SLEEP_MS = 60_000;

it('SIGKILL while jobs are parked and while their events arrive: every job resumes, every step runs once', async () => {
  const env = { DB_FILE: join(dir, 'waits.db'), EFFECTS_FILE: join(dir, 'effects.log'), SLEEP_MS: String(SLEEP_MS) };
  writeFileSync(env.EFFECTS_FILE, '');
  const store = createSqliteStore({ filename: env.DB_FILE });
  const pipeline = createWaitPipeline(store, { effectsFile: env.EFFECTS_FILE, sleepMs: SLEEP_MS });
  const jobs = [];
  for (let n = 0; n < TOTAL; n++) jobs.push((await pipeline.enqueue(`job-${n}`, { n })).job);
  for (let n = 0; n < EARLY; n++) expect(await pipeline.signal(readyKey(n), { n })).toBeUndefined(); // kept for later

  // 1. A worker submits every job and parks each on its one-minute sleep; it is killed while they sleep.
  const first = startChild('wait-worker.ts', env);
  let sleeping = 0;
  for await (const line of first.lines) if (line.startsWith('PARKED settle ') && ++sleeping === TOTAL) break;
  first.child.kill('SIGKILL');
  expect((await once(first.child, 'exit'))[1]).toBe('SIGKILL');
  expect((await store.stats()).byStatus).toMatchObject({ waiting: TOTAL, running: 0 });

  // 2. A worker whose clock is past the sleeps resumes them and parks the jobs on their events (one job
  //    at a time). The events arrive from this process while it runs; it is killed inside job 17's post.
  const second = startChild('wait-worker.ts', { ...env, HANG_ON: String(HANG_ON), CLOCK_OFFSET_MS: String(2 * SLEEP_MS), CONCURRENCY: '1' });
  let waitingForEvents = 0;
  let enoughParked!: () => void;
  const parked = new Promise<void>((resolve) => (enoughParked = resolve));
  second.lines.on('line', (line) => {
    if (line.startsWith('PARKED ready ') && ++waitingForEvents === 10) enoughParked();
    if (line === `POSTING ${HANG_ON}`) second.child.kill('SIGKILL');
  });
  const exited = once(second.child, 'exit');
  await parked;
  for (let n = EARLY; n < TOTAL; n++) {
    await pipeline.signal(readyKey(n), { n });
    await delay(2);
  }
  expect((await exited)[1]).toBe('SIGKILL');
  expect((await store.getByKey('crash-waits', `job-${HANG_ON}`))?.status).toBe('running');

  // 3. A worker in this process, its clock past the dead worker's lease, finishes everything.
  const later = createWaitPipeline(store, { effectsFile: env.EFFECTS_FILE, sleepMs: SLEEP_MS, clock: () => Date.now() + 3 * SLEEP_MS });
  const worker = createWorker({ pipelines: [later], concurrency: 4, leaseMs: 10_000 });
  for (let round = 0; round < 20 && (await store.stats()).byStatus.succeeded < TOTAL; round++) await worker.drain();

  const finished = await Promise.all(jobs.map((job) => store.get(job.id)));
  expect(finished.map((job) => job?.status)).toEqual(Array.from({ length: TOTAL }, () => 'succeeded'));
  for (const [n, job] of finished.entries()) {
    expect(job?.steps.ready?.result).toEqual({ timedOut: false, event: { n } });
    expect(job?.steps.submit?.attempts).toBe(1);
    expect(job?.attempts).toBe(n === HANG_ON ? 2 : 1); // parks never count; only the killed post does
  }
  const effects = readFileSync(env.EFFECTS_FILE, 'utf8').trim().split('\n').sort();
  const expected = Array.from({ length: TOTAL }, (_, n) => [`submit ${n}`, `post ${n} ${n}`]).flat().sort();
  expect(effects).toEqual(expected); // each effect exactly once
  await store.close();
}, 90_000);

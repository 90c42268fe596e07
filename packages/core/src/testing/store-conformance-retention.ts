import assert from 'node:assert/strict';
import type { JobStore, NewJob, StepRecord } from '../engine/types.js';
import { withStore, type MakeStore, type StoreCheck } from './store-conformance-support.js';

const T0 = 1_700_000_000_000;

const newJob = (pipeline: string, key: string): NewJob => ({ pipeline, key, input: { key, phone: '+919876543210', transcript: 'secret' }, maxAttempts: 3, now: T0 });
const succeeded = (result: unknown): StepRecord => ({ status: 'succeeded', result, attempts: 1, startedAt: T0, finishedAt: T0 + 5 });

/** Enqueues a job, saves two step results and completes it (or kills it) at `at`. */
async function finishedJob(store: JobStore, pipeline: string, key: string, at: number, dead = false) {
  const { job } = await store.enqueue(newJob(pipeline, key));
  await store.claim({ owner: 'w1', leaseMs: 1_000, now: at - 1, limit: 1, jobId: job.id });
  await store.saveStep(job.id, 'w1', 'create-event', succeeded({ eventId: `event-${key}` }), at);
  await store.saveStep(job.id, 'w1', 'transcribe', succeeded('Customer: call me on +919876543210'), at);
  if (dead) await store.fail(job.id, 'w1', { message: 'gave up', at }, { dead: true }, at);
  else await store.complete(job.id, 'w1', { transcript: 'secret' }, at);
  return job.id;
}

/** The store contract of retention ({@link JobStore.scrub}): per pipeline, marked, kept parts, no re-drive. */
export const retentionChecks: readonly StoreCheck[] = [
  {
    name: 'scrub is scoped to one pipeline: the other pipeline keeps its inputs, results and kept signals',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const call = await finishedJob(store, 'calls', 'call-1', T0 + 10);
        const booking = await finishedJob(store, 'appointments', 'booking-1', T0 + 10);
        await store.signal({ pipeline: 'appointments', key: 'k', payload: 'kept', now: T0 });
        assert.equal(await store.scrub({ pipeline: 'calls', finishedBefore: T0 + 500, now: T0 + 1_000 }), 1);
        assert.equal((await store.get(call))?.input, null);
        const other = await store.get(booking);
        assert.deepEqual(other?.input, newJob('appointments', 'booking-1').input, "the other pipeline's input is intact");
        assert.deepEqual(other?.steps['create-event']?.result, { eventId: 'event-booking-1' });
        assert.deepEqual(other?.output, { transcript: 'secret' });
        assert.equal(other?.scrubbedAt, undefined);
        const { job } = await store.enqueue({ ...newJob('appointments', 'waiter'), now: T0 + 2_000 });
        const [held] = await store.claim({ owner: 'w2', leaseMs: 60_000, now: T0 + 2_000, limit: 1, jobId: job.id });
        const wait = { kind: 'event' as const, until: T0 + 60_000, key: 'k' };
        const parked = await store.park(held!.id, 'w2', { step: 'ready', record: { status: 'waiting', attempts: 1, startedAt: T0, finishedAt: T0, wait } }, T0 + 2_000);
        assert.equal(parked, 'woken', "the other pipeline's kept signal survives");
      });
    },
  },
  {
    name: 'scrub records scrubbedAt, leaves scrubbed jobs alone the next time, and a scrubbed job cannot be re-driven',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const dead = await finishedJob(store, 'calls', 'dead-1', T0 + 10, true);
        const done = await finishedJob(store, 'calls', 'done-1', T0 + 10);
        assert.equal(await store.scrub({ pipeline: 'calls', finishedBefore: T0 + 500, now: T0 + 1_000 }), 2);
        for (const id of [dead, done]) {
          const job = await store.get(id);
          assert.equal(job?.scrubbedAt, T0 + 1_000);
          assert.equal(job?.input, null);
          assert.equal(job?.steps['create-event']?.result, undefined);
        }
        assert.equal(await store.scrub({ pipeline: 'calls', finishedBefore: T0 + 5_000, now: T0 + 6_000 }), 0, 'already scrubbed');
        assert.equal((await store.get(dead))?.scrubbedAt, T0 + 1_000);
        assert.equal(await store.retry(dead, T0 + 7_000), undefined, 'a scrubbed dead job is not re-driven');
        assert.equal((await store.get(dead))?.status, 'dead');
      });
    },
  },
  {
    name: 'scrub of one job keeps the input and the step results it is given, and only that job',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const one = await finishedJob(store, 'appointments', 'booking-1', T0 + 10);
        const two = await finishedJob(store, 'appointments', 'booking-2', T0 + 10);
        const keep = { input: { phone: '+919876543210', start: '2030-01-01T10:00:00.000Z' }, steps: ['create-event'] };
        assert.equal(await store.scrub({ pipeline: 'appointments', finishedBefore: T0 + 500, now: T0 + 1_000, jobId: one, keep }), 1);
        const kept = await store.get(one);
        assert.deepEqual(kept?.input, keep.input);
        assert.equal(kept?.output, null);
        assert.deepEqual(kept?.steps['create-event']?.result, { eventId: 'event-booking-1' });
        assert.equal(kept?.steps.transcribe?.result, undefined);
        assert.equal(kept?.steps.transcribe?.status, 'succeeded');
        assert.equal(kept?.scrubbedAt, T0 + 1_000);
        assert.deepEqual((await store.get(two))?.input, newJob('appointments', 'booking-2').input, 'another job of the pipeline is untouched');
        assert.equal(await store.scrub({ pipeline: 'calls', finishedBefore: T0 + 500, now: T0 + 1_000, jobId: two }), 0, 'a job of another pipeline is not scrubbed');
        assert.equal(await store.scrub({ pipeline: 'appointments', finishedBefore: T0 + 5, now: T0 + 1_000, jobId: two }), 0, 'nor one that finished after the cut-off');
        // Later, with nothing kept: a job scrubbed with a kept part can be scrubbed again by id.
        assert.equal(await store.scrub({ pipeline: 'appointments', finishedBefore: T0 + 500, now: T0 + 2_000, jobId: one }), 1);
        const gone = await store.get(one);
        assert.equal(gone?.input, null);
        assert.equal(gone?.steps['create-event']?.result, undefined);
        assert.equal(gone?.scrubbedAt, T0 + 2_000);
      });
    },
  },
];

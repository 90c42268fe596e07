import assert from 'node:assert/strict';
import type { JobStore, NewJob, ParkRequest, StepRecord, StepWait } from '../engine/types.js';
import { optionError, type Overrides } from '../options.js';
import { retentionChecks } from './store-conformance-retention.js';
import { sharedRecordChecks } from './store-conformance-shared-records.js';
import { withStore, type ConformanceContext, type MakeStore, type StoreCheck } from './store-conformance-support.js';

export type { ConformanceContext, MakeStore, StoreCheck } from './store-conformance-support.js';

const T0 = 1_700_000_000_000;
const PIPELINE = 'conformance';

const newJob = (key: string, extra: Partial<NewJob> = {}): NewJob => ({
  pipeline: PIPELINE,
  key,
  input: { key, nested: { count: 1, text: 'ünïcødé ✓ "quoted" \\ back' }, list: [1, null, true] },
  maxAttempts: 3,
  now: T0,
  ...extra,
});

const claimOne = async (store: JobStore, owner: string, now: number, leaseMs = 1_000) =>
  (await store.claim({ owner, leaseMs, now, limit: 1 }))[0];

const succeeded = (result: unknown, at = T0): StepRecord => ({ status: 'succeeded', result, attempts: 1, startedAt: at, finishedAt: at + 5 });

/** A park request for step `step` waiting for `wait`, begun at `at`. */
const parkOn = (step: string, wait: StepWait, at = T0): ParkRequest => ({ step, record: { status: 'waiting', attempts: 1, startedAt: at, finishedAt: at, wait } });

/** A job enqueued and claimed by `owner`, ready to park. */
const heldJob = async (store: JobStore, key: string, owner = 'w1') => {
  const { job } = await store.enqueue(newJob(key));
  const [claimed] = await store.claim({ owner, leaseMs: 60_000, now: T0, limit: 1, jobId: job.id });
  assert.ok(claimed, `job ${key} is claimed`);
  return claimed;
};

/** Every check of the store contract. Run them with {@link runStoreConformance}, or loop over them in any test runner. */
export const storeConformanceChecks: readonly StoreCheck[] = [
  {
    name: 'enqueue stores a new job and returns it as created',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const request = newJob('call-1');
        const { job, created } = await store.enqueue(request);
        assert.equal(created, true);
        assert.equal(typeof job.id, 'string');
        assert.deepEqual(
          { pipeline: job.pipeline, key: job.key, status: job.status, attempts: job.attempts, maxAttempts: job.maxAttempts, runAt: job.runAt, steps: job.steps, createdAt: job.createdAt },
          { pipeline: PIPELINE, key: 'call-1', status: 'queued', attempts: 0, maxAttempts: 3, runAt: T0, steps: {}, createdAt: T0 },
        );
        assert.deepEqual(job.input, request.input);
        assert.deepEqual(await store.get(job.id), job);
        assert.deepEqual(await store.getByKey(PIPELINE, 'call-1'), job);
        assert.equal(await store.get('00000000-0000-4000-8000-000000000000'), undefined);
        assert.equal(await store.getByKey(PIPELINE, 'no-such-key'), undefined);
      });
    },
  },
  {
    name: 'enqueue of an existing key returns the existing job; keys are per pipeline',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const first = await store.enqueue(newJob('call-1'));
        const again = await store.enqueue(newJob('call-1', { input: { other: true }, now: T0 + 50 }));
        assert.equal(again.created, false);
        assert.equal(again.job.id, first.job.id);
        assert.deepEqual(again.job.input, first.job.input, 'a duplicate must not overwrite the stored input');
        const elsewhere = await store.enqueue(newJob('call-1', { pipeline: 'other-pipeline' }));
        assert.equal(elsewhere.created, true);
        assert.notEqual(elsewhere.job.id, first.job.id);
      });
    },
  },
  {
    name: '50 concurrent enqueues of one key make exactly one job',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const results = await Promise.all(Array.from({ length: 50 }, () => store.enqueue(newJob('same-call'))));
        assert.equal(results.filter((r) => r.created).length, 1, 'exactly one enqueue creates the job');
        assert.equal(new Set(results.map((r) => r.job.id)).size, 1, 'every caller gets the same job');
        assert.equal((await store.list({ limit: 500 })).length, 1);
      });
    },
  },
  {
    name: 'a duplicate enqueue returns the existing job as stored, with its status, attempts and steps',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 60_000);
        const failure: StepRecord = { status: 'failed', error: { message: 'Slack answered 500', code: 'provider_error', step: 'post-slack', providerStatus: 500, at: T0 + 20 }, attempts: 1, startedAt: T0 + 15, finishedAt: T0 + 20 };
        assert.equal(await store.saveStep(job.id, 'w1', 'transcribe', succeeded({ text: 'hi ✓', n: 12_345_678_901 }), T0 + 10), true);
        assert.equal(await store.saveStep(job.id, 'w1', 'post-slack', failure, T0 + 20), true);
        const again = await store.enqueue(newJob('call-1', { now: T0 + 50 }));
        assert.equal(again.created, false);
        assert.deepEqual(again.job, await store.get(job.id));
        assert.equal(again.job.status, 'running');
        assert.deepEqual(again.job.steps, { transcribe: succeeded({ text: 'hi ✓', n: 12_345_678_901 }, T0), 'post-slack': failure });
      });
    },
  },
  {
    name: '60 concurrent enqueues of 20 keys, new and existing: each caller gets its own key\'s job, created exactly once',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const before = await store.enqueue(newJob('key-0'));
        const keys = Array.from({ length: 60 }, (_, index) => `key-${index % 20}`);
        const results = await Promise.all(keys.map((key, index) => store.enqueue(newJob(key, { input: { key, index }, now: T0 + index }))));
        results.forEach((result, index) => assert.equal(result.job.key, keys[index]));
        for (let key = 0; key < 20; key++) {
          const mine = results.filter((result) => result.job.key === `key-${key}`);
          assert.equal(new Set(mine.map((result) => result.job.id)).size, 1, `one job for key-${key}`);
          assert.equal(mine.filter((result) => result.created).length, key === 0 ? 0 : 1, `key-${key} created ${key === 0 ? 'before' : 'once'}`);
          const created = results.findIndex((result) => result.job.key === `key-${key}` && result.created);
          if (created >= 0) assert.deepEqual(mine[0]!.job.input, { key: `key-${key}`, index: created }, 'the creating caller\'s input is stored');
        }
        assert.equal(results.find((result) => result.job.key === 'key-0')!.job.id, before.job.id);
        assert.equal((await store.list({ limit: 500 })).length, 20);
      });
    },
  },
  {
    name: 'claim leases due jobs, earliest due first, and counts the attempt',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const later = await store.enqueue(newJob('later', { runAt: T0 + 2 }));
        const sooner = await store.enqueue(newJob('sooner', { runAt: T0 + 1 }));
        await store.enqueue(newJob('future', { runAt: T0 + 10_000 }));
        const claimed = await store.claim({ owner: 'w1', leaseMs: 1_000, now: T0 + 5, limit: 10 });
        assert.deepEqual(claimed.map((j) => j.id), [sooner.job.id, later.job.id]);
        for (const job of claimed) {
          assert.equal(job.status, 'running');
          assert.equal(job.attempts, 1);
          assert.equal(job.leaseOwner, 'w1');
          assert.equal(job.leaseExpiresAt, T0 + 5 + 1_000);
        }
        assert.equal((await store.get(sooner.job.id))?.status, 'running');
        assert.deepEqual(await store.claim({ owner: 'w1', leaseMs: 1_000, now: T0 + 5, limit: 0 }), []);
      });
    },
  },
  {
    name: 'a leased job is not claimed again while its lease lasts',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        await store.enqueue(newJob('call-1'));
        assert.ok(await claimOne(store, 'w1', T0));
        assert.deepEqual(await store.claim({ owner: 'w2', leaseMs: 1_000, now: T0 + 999, limit: 5 }), []);
      });
    },
  },
  {
    name: 'two workers claiming at once never hold the same job',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        for (let i = 0; i < 40; i++) await store.enqueue(newJob(`job-${i}`));
        const drain = async (owner: string) => {
          const mine: string[] = [];
          for (;;) {
            const batch = await store.claim({ owner, leaseMs: 60_000, now: T0, limit: 3 });
            if (batch.length === 0) return mine;
            for (const job of batch) assert.equal(job.leaseOwner, owner);
            mine.push(...batch.map((j) => j.id));
          }
        };
        const [a, b] = await Promise.all([drain('w1'), drain('w2')]);
        assert.equal(new Set([...a, ...b]).size, 40, 'every job is claimed');
        assert.equal(a.length + b.length, 40, 'no job is claimed twice');
      });
    },
  },
  {
    name: 'an expired lease makes the job claimable again, and the old owner can no longer write',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 1_000);
        const reclaimed = await claimOne(store, 'w2', T0 + 1_001, 1_000);
        assert.equal(reclaimed?.id, job.id);
        assert.equal(reclaimed?.attempts, 2);
        assert.equal(reclaimed?.leaseOwner, 'w2');
        const now = T0 + 1_002;
        assert.equal(await store.renew(job.id, 'w1', 1_000, now), false);
        assert.equal(await store.saveStep(job.id, 'w1', 'stale', succeeded('stale'), now), false);
        assert.equal(await store.complete(job.id, 'w1', 'stale', now), false);
        assert.equal(await store.fail(job.id, 'w1', { message: 'stale', at: now }, { dead: true }, now), false);
        assert.equal(await store.release(job.id, 'w1', now), false);
        const current = await store.get(job.id);
        assert.equal(current?.status, 'running');
        assert.equal(current?.leaseOwner, 'w2');
        assert.deepEqual(current?.steps, {});
        assert.equal(await store.complete(job.id, 'w2', { ok: true }, now), true);
      });
    },
  },
  {
    name: 'renew extends a held lease',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 1_000);
        assert.equal(await store.renew(job.id, 'w1', 1_000, T0 + 900), true);
        assert.equal((await store.get(job.id))?.leaseExpiresAt, T0 + 1_900);
        assert.equal(await claimOne(store, 'w2', T0 + 1_500), undefined);
        assert.equal((await claimOne(store, 'w2', T0 + 1_901))?.id, job.id);
      });
    },
  },
  {
    name: 'step records are saved, replaced by name, and survive a reopen',
    async run({ makeStore, reopen }) {
      let store = await makeStore();
      try {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 60_000);
        const transcript = { text: 'Agent: hello\nCustomer: hi — ✓', words: Array.from({ length: 200 }, (_, i) => ({ i, w: `w${i}` })) };
        assert.equal(await store.saveStep(job.id, 'w1', 'transcribe', succeeded(transcript), T0 + 10), true);
        const failure: StepRecord = { status: 'failed', error: { message: 'Slack answered 500', code: 'provider_error', step: 'post-slack', providerStatus: 500, at: T0 + 20 }, attempts: 1, startedAt: T0 + 15, finishedAt: T0 + 20 };
        assert.equal(await store.saveStep(job.id, 'w1', 'post-slack', failure, T0 + 20), true);
        const retried = { ...succeeded({ ts: '1.2' }, T0 + 30), attempts: 2 };
        assert.equal(await store.saveStep(job.id, 'w1', 'post-slack', retried, T0 + 30), true);
        if (reopen) {
          await store.close();
          store = await reopen(store);
        }
        const stored = await store.get(job.id);
        assert.deepEqual(stored?.steps, { transcribe: succeeded(transcript), 'post-slack': retried });
      } finally {
        await store.close();
      }
    },
  },
  {
    name: 'an intent record (a side-effect step about to call its provider) is kept as written: across a reopen, an expired lease and a re-drive',
    async run({ makeStore, reopen }) {
      let store = await makeStore();
      try {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 1_000);
        const wait: StepWait = { kind: 'not-ready', since: T0 + 1, until: T0 + 5 };
        const intent: StepRecord = { status: 'intent', intentAt: T0 + 10, attempts: 2, startedAt: T0 + 10, finishedAt: T0 + 10, wait, maybeDuplicated: 1 };
        assert.equal(await store.saveStep(job.id, 'w1', 'post-slack', intent, T0 + 10), true);
        if (reopen) {
          await store.close();
          store = await reopen(store);
        }
        assert.deepEqual((await store.get(job.id))?.steps, { 'post-slack': intent });
        // The worker died: the job is claimed again once its lease ran out, and the new owner finds the intent.
        const resumed = await claimOne(store, 'w2', T0 + 2_000);
        assert.deepEqual(resumed?.steps, { 'post-slack': intent });
        assert.equal(await store.saveStep(job.id, 'w1', 'post-slack', succeeded('late'), T0 + 2_001), false, 'the old owner cannot overwrite it');
        const failed: StepRecord = { status: 'failed', error: { message: 'history unavailable', code: 'timeout', step: 'post-slack', at: T0 + 2_010 }, intentAt: T0 + 10, attempts: 3, startedAt: T0 + 2_005, finishedAt: T0 + 2_010 };
        assert.equal(await store.saveStep(job.id, 'w2', 'post-slack', failed, T0 + 2_010), true);
        assert.equal(await store.fail(job.id, 'w2', failed.error!, { dead: true }, T0 + 2_010), true);
        const redriven = await store.retry(job.id, T0 + 3_000);
        assert.deepEqual(redriven?.steps, { 'post-slack': failed }, 'a re-drive keeps the uncertain intent, so the step confirms before it posts');
        const confirmed: StepRecord = { ...succeeded({ ts: '1.2' }, T0 + 3_010), attempts: 3, confirmed: true, maybeDuplicated: 1 };
        await claimOne(store, 'w3', T0 + 3_000);
        assert.equal(await store.saveStep(job.id, 'w3', 'post-slack', confirmed, T0 + 3_015), true);
        assert.deepEqual((await store.get(job.id))?.steps, { 'post-slack': confirmed });
      } finally {
        await store.close();
      }
    },
  },
  {
    name: 'an intent record is replaced by its step\'s result, kept by a release and a park of another step, and dropped by a re-drive that resets its step',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 60_000);
        const intent = (at: number, marks: Partial<StepRecord> = {}): StepRecord => ({ status: 'intent', intentAt: at, attempts: 1, startedAt: at, finishedAt: at, ...marks });
        // The provider answered: the result replaces the intent, and no trace of it is left.
        assert.equal(await store.saveStep(job.id, 'w1', 'send-sms', intent(T0 + 1), T0 + 1), true);
        const sent = succeeded({ status: 'sent', id: 'SM1' }, T0 + 2);
        assert.equal(await store.saveStep(job.id, 'w1', 'send-sms', sent, T0 + 7), true);
        assert.deepEqual((await store.get(job.id))?.steps, { 'send-sms': sent });
        // A stopping worker hands the job back: the next owner finds the intent (and its maybeDuplicated mark).
        const uncertain = intent(T0 + 10, { maybeDuplicated: 2 });
        assert.equal(await store.saveStep(job.id, 'w1', 'send-email', uncertain, T0 + 10), true);
        assert.equal(await store.release(job.id, 'w1', T0 + 11), true);
        const taken = await claimOne(store, 'w2', T0 + 12, 60_000);
        assert.deepEqual(taken?.steps['send-email'], uncertain);
        // Parking on another step keeps it.
        assert.equal(await store.park(job.id, 'w2', parkOn('later', { kind: 'sleep', until: T0 + 100 }, T0 + 13), T0 + 13), 'waiting');
        assert.deepEqual((await store.get(job.id))?.steps['send-email'], uncertain);
        const woken = await claimOne(store, 'w3', T0 + 100, 60_000);
        assert.deepEqual(woken?.steps['send-email'], uncertain);
        assert.equal(await store.fail(job.id, 'w3', { message: 'SMTP answered 451', code: 'provider_error', step: 'send-email', at: T0 + 101 }, { dead: true }, T0 + 101), true);
        // A re-drive that resets the step drops the intent: the operator asked for the step to run afresh.
        const redriven = await store.retry(job.id, T0 + 200, { resetSteps: ['send-email'] });
        assert.equal(redriven?.steps['send-email'], undefined);
        assert.deepEqual(redriven?.steps['send-sms'], sent);
      });
    },
  },
  {
    name: 'complete stores the output, ends the lease, and the job is never claimed again',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0);
        assert.equal(await store.complete(job.id, 'w1', { posted: true }, T0 + 10), true);
        const done = await store.get(job.id);
        assert.equal(done?.status, 'succeeded');
        assert.deepEqual(done?.output, { posted: true });
        assert.equal(done?.finishedAt, T0 + 10);
        assert.equal(done?.leaseOwner, undefined);
        assert.equal(done?.leaseExpiresAt, undefined);
        assert.deepEqual(await store.claim({ owner: 'w2', leaseMs: 1_000, now: T0 + 1e9, limit: 5 }), []);
      });
    },
  },
  {
    name: 'a failed attempt keeps its error and is claimed again only once its retry is due',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0);
        const error = { message: 'Slack answered 429', code: 'rate_limited', step: 'post-slack', providerStatus: 429, retryable: true, at: T0 + 10 };
        assert.equal(await store.fail(job.id, 'w1', error, { retryAt: T0 + 5_000 }, T0 + 10), true);
        const failed = await store.get(job.id);
        assert.equal(failed?.status, 'failed');
        assert.deepEqual(failed?.error, error);
        assert.equal(failed?.runAt, T0 + 5_000);
        assert.equal(failed?.leaseOwner, undefined);
        assert.equal(await claimOne(store, 'w1', T0 + 4_999), undefined);
        const retried = await claimOne(store, 'w1', T0 + 5_000);
        assert.equal(retried?.id, job.id);
        assert.equal(retried?.attempts, 2);
      });
    },
  },
  {
    name: 'a dead job keeps its error, is never claimed, and can be re-driven with its steps kept',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0);
        await store.saveStep(job.id, 'w1', 'transcribe', succeeded('text'), T0 + 1);
        const error = { message: 'invalid_blocks', code: 'provider_rejected', step: 'post-slack', providerStatus: 400, at: T0 + 2 };
        assert.equal(await store.fail(job.id, 'w1', error, { dead: true }, T0 + 2), true);
        const dead = await store.get(job.id);
        assert.equal(dead?.status, 'dead');
        assert.equal(dead?.finishedAt, T0 + 2);
        assert.deepEqual(dead?.error, error);
        assert.deepEqual(await store.claim({ owner: 'w2', leaseMs: 1_000, now: T0 + 1e9, limit: 5 }), []);
        assert.deepEqual((await store.list({ status: 'dead' })).map((j) => j.id), [job.id]);

        const redriven = await store.retry(job.id, T0 + 100);
        assert.equal(redriven?.status, 'queued');
        assert.equal(redriven?.attempts, 0);
        assert.equal(redriven?.runAt, T0 + 100);
        assert.deepEqual(redriven?.steps, { transcribe: succeeded('text') });
        const again = await claimOne(store, 'w2', T0 + 100);
        assert.equal(again?.id, job.id);
        assert.equal(again?.attempts, 1);
        assert.equal(await store.complete(job.id, 'w2', null, T0 + 200), true);
        assert.equal((await store.get(job.id))?.error, undefined, 'success clears the last error');
        assert.equal(await store.retry(job.id, T0 + 300), undefined, 'a succeeded job is not re-driven');
        assert.equal(await store.retry('00000000-0000-4000-8000-000000000000', T0), undefined);
      });
    },
  },
  {
    name: 're-drive can reset named steps so they run again, keeping the others',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0);
        await store.saveStep(job.id, 'w1', 'fetch-recording', succeeded('audio'), T0 + 1);
        await store.saveStep(job.id, 'w1', 'submit', succeeded({ transcriptId: 't-1' }), T0 + 2);
        await store.fail(job.id, 'w1', { message: 'transcription error', at: T0 + 3 }, { dead: true }, T0 + 3);
        const redriven = await store.retry(job.id, T0 + 10, { resetSteps: ['submit', 'no-such-step'] });
        assert.deepEqual(redriven?.steps, { 'fetch-recording': succeeded('audio') });
        assert.deepEqual((await store.get(job.id))?.steps, { 'fetch-recording': succeeded('audio') });
      });
    },
  },
  {
    name: 'release hands a job back at once without counting the attempt',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 60_000);
        assert.equal(await store.release(job.id, 'w1', T0 + 10), true);
        const released = await store.get(job.id);
        assert.equal(released?.status, 'queued');
        assert.equal(released?.attempts, 0);
        assert.equal(released?.leaseOwner, undefined);
        assert.equal((await claimOne(store, 'w2', T0 + 10))?.attempts, 1);
      });
    },
  },
  {
    name: 'claim can be limited to pipelines, and to one job by id',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const call = await store.enqueue(newJob('a', { pipeline: 'calls' }));
        const booking = await store.enqueue(newJob('b', { pipeline: 'appointments' }));
        const other = await store.enqueue(newJob('c', { pipeline: 'appointments' }));
        const onlyCalls = await store.claim({ owner: 'w1', leaseMs: 1_000, now: T0, limit: 10, pipelines: ['calls'] });
        assert.deepEqual(onlyCalls.map((j) => j.id), [call.job.id]);
        const byId = await store.claim({ owner: 'w1', leaseMs: 1_000, now: T0, limit: 10, jobId: other.job.id });
        assert.deepEqual(byId.map((j) => j.id), [other.job.id]);
        assert.deepEqual(await store.claim({ owner: 'w2', leaseMs: 1_000, now: T0, limit: 10, jobId: other.job.id }), [], 'a held job is not claimed by id');
        const rest = await store.claim({ owner: 'w2', leaseMs: 1_000, now: T0, limit: 10 });
        assert.deepEqual(rest.map((j) => j.id), [booking.job.id]);
      });
    },
  },
  {
    name: 'list filters by status and pipeline, newest first, with a limit and paging',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push((await store.enqueue(newJob(`call-${i}`, { now: T0 + i }))).job.id);
        const booking = await store.enqueue(newJob('booking', { pipeline: 'appointments', now: T0 + 10 }));
        await store.claim({ owner: 'w1', leaseMs: 1_000, now: T0 + 20, limit: 1, jobId: ids[0] });
        assert.deepEqual((await store.list()).map((j) => j.id), [booking.job.id, ...[...ids].reverse()]);
        assert.deepEqual((await store.list({ pipeline: PIPELINE, limit: 2 })).map((j) => j.id), [ids[4], ids[3]]);
        assert.deepEqual((await store.list({ pipeline: PIPELINE, limit: 2, before: ids[3] })).map((j) => j.id), [ids[2], ids[1]]);
        assert.deepEqual((await store.list({ status: 'running' })).map((j) => j.id), [ids[0]]);
        assert.deepEqual((await store.list({ status: 'queued', pipeline: 'appointments' })).map((j) => j.id), [booking.job.id]);
        assert.deepEqual(await store.list({ status: 'dead' }), []);
      });
    },
  },
  {
    name: 'stats with no jobs at all: every status 0 and no pipeline',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        assert.deepStrictEqual(await store.stats(), { total: 0, byStatus: { queued: 0, running: 0, waiting: 0, succeeded: 0, failed: 0, dead: 0 }, byPipeline: {} });
      });
    },
  },
  {
    name: 'stats without dead jobs: every status of every pipeline is a number, dead 0; a dead job then counts once',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const zero = { queued: 0, running: 0, waiting: 0, succeeded: 0, failed: 0, dead: 0 };
        const waiting = await heldJob(store, 'call-waiting');
        assert.equal(await store.park(waiting.id, 'w1', parkOn('pause', { kind: 'sleep', until: T0 + 60_000 }), T0 + 1), 'waiting');
        const failing = await heldJob(store, 'call-failing');
        assert.equal(await store.fail(failing.id, 'w1', { message: 'timeout', at: T0 + 2 }, { retryAt: T0 + 60_000 }, T0 + 2), true);
        await heldJob(store, 'call-running');
        await store.enqueue(newJob('booking', { pipeline: 'appointments' }));
        const stats = await store.stats();
        assert.deepStrictEqual(stats, {
          total: 4,
          byStatus: { ...zero, queued: 1, running: 1, waiting: 1, failed: 1 },
          byPipeline: { [PIPELINE]: { ...zero, running: 1, waiting: 1, failed: 1 }, appointments: { ...zero, queued: 1 } },
        });
        const [again] = await store.claim({ owner: 'w2', leaseMs: 1_000, now: T0 + 60_000, limit: 1, jobId: failing.id });
        assert.ok(again, 'the failed job is claimed again when due');
        assert.equal(await store.fail(failing.id, 'w2', { message: 'gone', at: T0 + 60_001 }, { dead: true }, T0 + 60_001), true);
        const after = await store.stats();
        assert.deepStrictEqual(after.byStatus, { ...zero, queued: 1, running: 1, waiting: 1, dead: 1 });
        assert.deepStrictEqual(after.byPipeline[PIPELINE], { ...zero, running: 1, waiting: 1, dead: 1 });
      });
    },
  },
  {
    name: 'stats counts jobs by status, overall and per pipeline',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const empty = await store.stats();
        assert.equal(empty.total, 0);
        assert.deepEqual(empty.byStatus, { queued: 0, running: 0, waiting: 0, succeeded: 0, failed: 0, dead: 0 });
        for (let i = 0; i < 3; i++) await store.enqueue(newJob(`call-${i}`, { pipeline: 'calls' }));
        await store.enqueue(newJob('booking', { pipeline: 'appointments' }));
        const [running] = await store.claim({ owner: 'w1', leaseMs: 1_000, now: T0, limit: 1, pipelines: ['calls'] });
        await store.complete(running!.id, 'w1', null, T0 + 1);
        const stats = await store.stats();
        assert.equal(stats.total, 4);
        assert.deepEqual(stats.byStatus, { queued: 3, running: 0, waiting: 0, succeeded: 1, failed: 0, dead: 0 });
        assert.deepEqual(stats.byPipeline.calls, { queued: 2, running: 0, waiting: 0, succeeded: 1, failed: 0, dead: 0 });
        assert.deepEqual(stats.byPipeline.appointments, { queued: 1, running: 0, waiting: 0, succeeded: 0, failed: 0, dead: 0 });
      });
    },
  },
  {
    name: 'scrub removes payloads and step results of jobs that finished before a time, and only those',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const old = await store.enqueue(newJob('old'));
        const recent = await store.enqueue(newJob('recent'));
        const open = await store.enqueue(newJob('open'));
        for (const [id, at] of [[old.job.id, T0 + 10], [recent.job.id, T0 + 1_000]] as const) {
          await store.claim({ owner: 'w1', leaseMs: 1_000, now: at - 1, limit: 1, jobId: id });
          await store.saveStep(id, 'w1', 'transcribe', succeeded('Customer: my number is +919876543210'), at);
          await store.complete(id, 'w1', { transcript: 'secret' }, at);
        }
        assert.equal(await store.scrub({ pipeline: PIPELINE, finishedBefore: T0 + 500, now: T0 + 2_000 }), 1);
        const scrubbed = await store.get(old.job.id);
        assert.equal(scrubbed?.input, null);
        assert.equal(scrubbed?.output, null);
        assert.equal(scrubbed?.steps.transcribe?.status, 'succeeded');
        assert.equal(scrubbed?.steps.transcribe?.result, undefined);
        assert.deepEqual((await store.get(recent.job.id))?.output, { transcript: 'secret' });
        assert.deepEqual((await store.get(open.job.id))?.input, open.job.input);
      });
    },
  },
  {
    name: 'updateInput replaces the input of a queued job, atomically, given the stored input and job',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1', { runAt: T0 + 50 }));
        const seen: unknown[] = [];
        const result = await store.updateInput<Record<string, unknown>>(job.id, (input, stored) => {
          seen.push(input, stored.id, stored.status);
          return { ...input, recording: 'https://example.com/r.mp3' };
        }, { now: T0 + 10 });
        assert.deepEqual(seen, [job.input, job.id, 'queued']);
        assert.equal(result?.updated, true);
        const expected = { ...(job.input as object), recording: 'https://example.com/r.mp3' };
        assert.deepEqual(result?.job.input, expected);
        assert.equal(result?.job.runAt, T0 + 50, 'without runAt the due time is kept');
        assert.equal(result?.job.updatedAt, T0 + 10);
        assert.equal(result?.job.status, 'queued');
        assert.deepEqual(await store.get(job.id), result?.job);
        assert.equal(await store.updateInput('00000000-0000-4000-8000-000000000000', () => ({}), { now: T0 }), undefined);
      });
    },
  },
  {
    name: 'updateInput changes nothing when the update returns undefined',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1', { runAt: T0 + 50 }));
        const result = await store.updateInput(job.id, () => undefined, { now: T0 + 10, runAt: T0 + 10 });
        assert.equal(result?.updated, false);
        assert.deepEqual(result?.job, job);
        assert.deepEqual(await store.get(job.id), job);
      });
    },
  },
  {
    name: 'updateInput refuses a running job, and succeeded and dead ones; a failed job can be updated',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const running = await store.enqueue(newJob('running'));
        await store.claim({ owner: 'w1', leaseMs: 60_000, now: T0, limit: 1, jobId: running.job.id });
        const refused = await store.updateInput(running.job.id, () => ({ changed: true }), { now: T0 + 1, runAt: T0 + 1 });
        assert.equal(refused?.updated, false);
        assert.equal(refused?.job.status, 'running');
        assert.deepEqual((await store.get(running.job.id))?.input, running.job.input, 'a running job keeps its input');

        const succeededJob = await store.enqueue(newJob('succeeded'));
        await store.claim({ owner: 'w1', leaseMs: 60_000, now: T0, limit: 1, jobId: succeededJob.job.id });
        await store.complete(succeededJob.job.id, 'w1', null, T0 + 1);
        const deadJob = await store.enqueue(newJob('dead'));
        await store.claim({ owner: 'w1', leaseMs: 60_000, now: T0, limit: 1, jobId: deadJob.job.id });
        await store.fail(deadJob.job.id, 'w1', { message: 'gone', at: T0 + 1 }, { dead: true }, T0 + 1);
        for (const id of [succeededJob.job.id, deadJob.job.id]) {
          const before = await store.get(id);
          const result = await store.updateInput(id, () => ({ changed: true }), { now: T0 + 2 });
          assert.equal(result?.updated, false);
          assert.deepEqual(await store.get(id), before, `a ${before?.status} job is left as it was`);
        }

        const failedJob = await store.enqueue(newJob('failed'));
        await store.claim({ owner: 'w1', leaseMs: 60_000, now: T0, limit: 1, jobId: failedJob.job.id });
        await store.fail(failedJob.job.id, 'w1', { message: 'later', at: T0 + 1 }, { retryAt: T0 + 60_000 }, T0 + 1);
        const updated = await store.updateInput(failedJob.job.id, () => ({ changed: true }), { now: T0 + 2 });
        assert.equal(updated?.updated, true);
        assert.deepEqual(updated?.job.input, { changed: true });
        assert.equal(updated?.job.status, 'failed');
        assert.equal(updated?.job.attempts, 1, 'an update does not touch the attempts');
      });
    },
  },
  {
    name: 'updateInput with runAt makes the job due at that time',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1'));
        await claimOne(store, 'w1', T0, 60_000);
        await store.fail(job.id, 'w1', { message: 'later', at: T0 + 1 }, { retryAt: T0 + 600_000 }, T0 + 1);
        assert.equal(await claimOne(store, 'w2', T0 + 20), undefined);
        const result = await store.updateInput(job.id, (input) => input, { now: T0 + 10, runAt: T0 + 20 });
        assert.equal(result?.job.runAt, T0 + 20);
        assert.equal(await claimOne(store, 'w2', T0 + 19), undefined);
        assert.equal((await claimOne(store, 'w2', T0 + 20))?.id, job.id);
      });
    },
  },
  {
    name: '20 concurrent updateInput calls on one job all land (none reads a stale input)',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const { job } = await store.enqueue(newJob('call-1', { input: { deliveries: [] as number[] } }));
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            store.updateInput<{ deliveries: number[] }>(job.id, (input) => ({ deliveries: [...input.deliveries, index] }), { now: T0 + index }),
          ),
        );
        assert.ok(results.every((result) => result?.updated === true));
        const stored = (await store.get(job.id))?.input as { deliveries: number[] };
        assert.deepEqual([...stored.deliveries].sort((a, b) => a - b), Array.from({ length: 20 }, (_, index) => index));
      });
    },
  },
  {
    name: 'park records the wait, drops the lease, uncounts the attempt; the job waits until due (also across a reopen)',
    async run({ makeStore, reopen }) {
      let store = await makeStore();
      try {
        const job = await heldJob(store, 'call-1');
        await store.saveStep(job.id, 'w1', 'before', succeeded('kept'), T0 + 1);
        const request = parkOn('pause', { kind: 'sleep', until: T0 + 1_000 });
        assert.equal(await store.park(job.id, 'w1', request, T0 + 2), 'waiting');
        assert.equal(await store.park(job.id, 'w1', request, T0 + 3), false, 'a job no longer held cannot be parked again');
        assert.equal(await store.renew(job.id, 'w1', 1_000, T0 + 3), false);
        if (reopen) {
          await store.close();
          store = await reopen(store);
        }
        const waiting = await store.get(job.id);
        assert.equal(waiting?.status, 'waiting');
        assert.equal(waiting?.attempts, 0, 'a park is not an attempt');
        assert.equal(waiting?.runAt, T0 + 1_000);
        assert.deepEqual(waiting?.wait, { step: 'pause', kind: 'sleep', until: T0 + 1_000 });
        assert.equal(waiting?.leaseOwner, undefined);
        assert.equal(waiting?.leaseExpiresAt, undefined);
        assert.equal(waiting?.updatedAt, T0 + 2);
        assert.deepEqual(waiting?.steps, { before: succeeded('kept'), pause: request.record });
        assert.deepEqual((await store.list({ status: 'waiting' })).map((j) => j.id), [job.id]);
        assert.deepEqual((await store.list({ status: 'running' })), []);
        const stats = await store.stats();
        assert.equal(stats.byStatus.waiting, 1);
        assert.equal(stats.byStatus.running, 0, 'a waiting job is not running');

        assert.equal(await claimOne(store, 'w2', T0 + 999), undefined, 'not claimable before it is due');
        const resumed = await claimOne(store, 'w2', T0 + 1_000);
        assert.equal(resumed?.id, job.id, 'claimable once due: woken by time');
        assert.equal(resumed?.status, 'running');
        assert.equal(resumed?.attempts, 1);
        assert.equal(resumed?.wait, undefined, 'a claim clears the wait');
        assert.deepEqual(resumed?.steps.pause, request.record);
      } finally {
        await store.close();
      }
    },
  },
  {
    name: 'signal wakes the job waiting on its key, in its pipeline, exactly once',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const job = await heldJob(store, 'call-1');
        const request = parkOn('transcript-ready', { kind: 'event', until: T0 + 60_000, key: 'transcript:t-1' });
        assert.equal(await store.park(job.id, 'w1', request, T0), 'waiting');
        assert.deepEqual((await store.get(job.id))?.wait, { step: 'transcript-ready', kind: 'event', until: T0 + 60_000, key: 'transcript:t-1' });
        assert.equal(await store.signal({ pipeline: 'other-pipeline', key: 'transcript:t-1', payload: 'elsewhere', now: T0 + 5 }), undefined);
        assert.equal(await store.signal({ pipeline: PIPELINE, key: 'transcript:t-2', payload: 'other key', now: T0 + 5 }), undefined);
        assert.equal((await store.get(job.id))?.status, 'waiting');

        const payload = { status: 'completed', text: 'ünïcødé ✓' };
        assert.deepEqual(await store.signal({ pipeline: PIPELINE, key: 'transcript:t-1', payload, now: T0 + 10 }), { jobId: job.id, jobKey: 'call-1', step: 'transcript-ready' });
        const woken = await store.get(job.id);
        assert.equal(woken?.status, 'queued');
        assert.equal(woken?.runAt, T0 + 10, 'due at once');
        assert.equal(woken?.wait, undefined);
        assert.equal(woken?.attempts, 0);
        assert.deepEqual(woken?.steps['transcript-ready'], { status: 'succeeded', result: { timedOut: false, event: payload }, attempts: 1, startedAt: T0, finishedAt: T0 + 10 });
        assert.equal(await store.signal({ pipeline: PIPELINE, key: 'transcript:t-1', payload: 'again', now: T0 + 11 }), undefined, 'a second signal wakes nothing');
        assert.equal((await claimOne(store, 'w2', T0 + 10))?.id, job.id);
      });
    },
  },
  {
    name: 'a signal that arrives before its wait is kept, and the park that follows receives it (oldest first, once)',
    async run({ makeStore, reopen }) {
      let store = await makeStore();
      try {
        assert.equal(await store.signal({ pipeline: PIPELINE, key: 'recording:r-1', payload: { n: 1 }, now: T0 }), undefined);
        assert.equal(await store.signal({ pipeline: PIPELINE, key: 'recording:r-1', payload: { n: 2 }, now: T0 + 1 }), undefined);
        if (reopen) {
          await store.close();
          store = await reopen(store);
        }
        const event = { kind: 'event' as const, until: T0 + 60_000, key: 'recording:r-1' };
        const [first, second, third] = [await heldJob(store, 'a'), await heldJob(store, 'b'), await heldJob(store, 'c')];
        assert.equal(await store.park(first.id, 'w1', parkOn('ready', event), T0 + 20), 'woken');
        const woken = await store.get(first.id);
        assert.equal(woken?.status, 'queued');
        assert.equal(woken?.runAt, T0 + 20);
        assert.equal(woken?.attempts, 0, 'a park is not an attempt');
        assert.equal(woken?.leaseOwner, undefined);
        assert.equal(woken?.wait, undefined);
        assert.deepEqual(woken?.steps.ready, { status: 'succeeded', result: { timedOut: false, event: { n: 1 } }, attempts: 1, startedAt: T0, finishedAt: T0 + 20 });
        assert.equal(await store.park(second.id, 'w1', parkOn('ready', event), T0 + 21), 'woken');
        assert.deepEqual((await store.get(second.id))?.steps.ready?.result, { timedOut: false, event: { n: 2 } });
        assert.equal(await store.park(third.id, 'w1', parkOn('ready', event), T0 + 22), 'waiting', 'each kept signal is received once');
      } finally {
        await store.close();
      }
    },
  },
  {
    name: '10 concurrent signals on one key wake the waiting job exactly once; the rest are kept',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const job = await heldJob(store, 'call-1');
        await store.park(job.id, 'w1', parkOn('ready', { kind: 'event', until: T0 + 60_000, key: 'burst' }), T0);
        const results = await Promise.all(Array.from({ length: 10 }, (_, n) => store.signal({ pipeline: PIPELINE, key: 'burst', payload: { n }, now: T0 + 1 })));
        assert.equal(results.filter((result) => result !== undefined).length, 1, 'exactly one signal wakes the job');
        const received = (await store.get(job.id))?.steps.ready?.result as { event: { n: number } };
        assert.ok(received.event.n >= 0 && received.event.n < 10);
        const next = await heldJob(store, 'call-2');
        assert.equal(await store.park(next.id, 'w1', parkOn('ready', { kind: 'event', until: T0 + 60_000, key: 'burst' }), T0 + 2), 'woken');
      });
    },
  },
  {
    name: 'parks and signals racing on 20 keys: every wait receives its event, whichever comes first',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const jobs = [];
        for (let n = 0; n < 20; n++) jobs.push(await heldJob(store, `race-${n}`));
        await Promise.all(
          jobs.flatMap((job, n) => {
            const park = () => store.park(job.id, 'w1', parkOn('ready', { kind: 'event', until: T0 + 60_000, key: `race:${n}` }), T0 + 1);
            const signal = () => store.signal({ pipeline: PIPELINE, key: `race:${n}`, payload: { n }, now: T0 + 1 });
            return n % 2 === 0 ? [park(), signal()] : [signal(), park()];
          }),
        );
        for (const [n, job] of jobs.entries()) {
          const stored = await store.get(job.id);
          assert.equal(stored?.status, 'queued', `job ${n} was woken`);
          assert.deepEqual(stored?.steps.ready?.result, { timedOut: false, event: { n } });
        }
      });
    },
  },
  {
    name: 'a waiting job can have its input updated, and runAt makes it due early',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const job = await heldJob(store, 'call-1');
        await store.park(job.id, 'w1', parkOn('recording', { kind: 'not-ready', until: T0 + 60_000, since: T0 }), T0);
        const result = await store.updateInput(job.id, () => ({ recording: 'https://example.com/r.mp3' }), { now: T0 + 5, runAt: T0 + 5 });
        assert.equal(result?.updated, true);
        assert.equal(result?.job.status, 'waiting');
        assert.equal((await claimOne(store, 'w2', T0 + 5))?.id, job.id);
      });
    },
  },
  {
    name: 'scrub also drops kept signals received before the cut-off',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        await store.signal({ pipeline: PIPELINE, key: 'k', payload: 'old', now: T0 });
        await store.signal({ pipeline: PIPELINE, key: 'k', payload: 'recent', now: T0 + 1_000 });
        await store.scrub({ pipeline: PIPELINE, finishedBefore: T0 + 500, now: T0 + 2_000 });
        const job = await heldJob(store, 'call-1');
        assert.equal(await store.park(job.id, 'w1', parkOn('ready', { kind: 'event', until: T0 + 60_000, key: 'k' }), T0 + 2_000), 'woken');
        assert.deepEqual((await store.get(job.id))?.steps.ready?.result, { timedOut: false, event: 'recent' });
      });
    },
  },
  {
    name: 'reserveSlot books slots of a shared pace: never before now, one interval apart, per key',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        assert.equal(await store.reserveSlot('slack:a', 1_000, T0), T0);
        assert.equal(await store.reserveSlot('slack:a', 1_000, T0 + 10), T0 + 1_000);
        assert.equal(await store.reserveSlot('slack:a', 1_000, T0 + 20), T0 + 2_000);
        assert.equal(await store.reserveSlot('slack:b', 1_000, T0 + 30), T0 + 30, 'another key has its own pace');
        assert.equal(await store.reserveSlot('slack:a', 1_000, T0 + 60_000), T0 + 60_000, 'an idle pace starts again at now');
      });
    },
  },
  {
    name: '30 concurrent reserveSlot calls on one key get 30 distinct slots, one interval apart',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const slots = await Promise.all(Array.from({ length: 30 }, () => store.reserveSlot('slack:burst', 250, T0)));
        assert.deepEqual([...slots].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => T0 + i * 250));
      });
    },
  },
  {
    name: 'ping answers while open; close can be called twice',
    async run({ makeStore }) {
      const store = await makeStore();
      await store.ping();
      await store.close();
      await store.close();
    },
  },
  ...retentionChecks,
  ...sharedRecordChecks,
];

/** Test-framework functions the suite registers its checks with. */
export interface TestRegistrar {
  /** The test framework's `describe`. */
  describe(name: string, body: () => void): unknown;
  /** The test framework's `it` (with a timeout argument). */
  it(name: string, body: () => Promise<void>, timeoutMs?: number): unknown;
}

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions extends Overrides<TestRegistrar> {
  /** Label of the `describe` block (default `JobStore conformance`). */
  name?: string | undefined;
  /** For stores that persist: open a new store over the data of a closed one, to check it survives. */
  reopen?: ((closed: JobStore) => Promise<JobStore>) | undefined;
  /** Per-check timeout in ms, passed to `it` (default 30 000). */
  timeoutMs?: number | undefined;
}

/**
 * Registers the whole store contract as tests. `makeStore` must return a fresh, empty store for every
 * call. Pass your framework's `describe` and `it` (vitest, jest, mocha, `node:test`), or rely on
 * them being globals.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runStoreConformance } from '@callwire/core/testing';
 *
 * runStoreConformance(() => createMyStore({ schema: freshSchema() }), { describe, it });
 * ```
 */
export function runStoreConformance(makeStore: MakeStore, options: StoreConformanceOptions = {}): void {
  const globals = globalThis as Partial<TestRegistrar>;
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (!describe || !it) {
    throw optionError('runStoreConformance', 'describe', 'and `it` are required: pass { describe, it } from your test framework');
  }
  const context: ConformanceContext = { makeStore, ...(options.reopen ? { reopen: options.reopen } : {}) };
  describe(options.name ?? 'JobStore conformance', () => {
    for (const check of storeConformanceChecks) it(check.name, () => check.run(context), options.timeoutMs ?? 30_000);
  });
}

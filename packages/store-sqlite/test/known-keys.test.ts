import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { createSqliteStore } from '@callwire/store-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'callwire-sqlite-known-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const job = (key: string) => ({ pipeline: 'calls', key, input: { key }, maxAttempts: 3, now: 1_000 });

it('answers a duplicate of a key it stored with a read, without the write lock; a new key still needs the lock', async () => {
  const filename = join(dir, 'known.db');
  const store = createSqliteStore({ filename, busyTimeoutMs: 20 });
  const first = await store.enqueue(job('call-1'));
  const other = new Database(filename);
  other.exec('BEGIN IMMEDIATE'); // another process holds the write lock
  try {
    const again = await Promise.all([store.enqueue(job('call-1')), store.enqueue(job('call-1'))]);
    expect(again.map((result) => result.created)).toEqual([false, false]);
    expect(again.map((result) => result.job)).toEqual([first.job, first.job]);
    await expect(store.enqueue(job('call-2'))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  expect((await store.enqueue(job('call-2'))).created).toBe(true);
  await store.close();
});

it('answers a key another process stored through the insert, then by reads', async () => {
  const filename = join(dir, 'shared.db');
  const a = createSqliteStore({ filename });
  const b = createSqliteStore({ filename });
  const stored = await a.enqueue(job('call-9'));
  expect(await b.enqueue(job('call-9'))).toEqual({ job: stored.job, created: false });
  expect(await b.enqueue(job('call-9'))).toEqual({ job: stored.job, created: false });
  expect((await b.list()).length).toBe(1);
  await Promise.all([a.close(), b.close()]);
});

it('answers a batch of duplicates of several keys each with its own job, read once per key', async () => {
  const store = createSqliteStore({ filename: join(dir, 'batch.db') });
  const one = await store.enqueue(job('call-a'));
  const two = await store.enqueue(job('call-b'));
  const again = await Promise.all(['call-a', 'call-b', 'call-a', 'call-b', 'call-a'].map((key) => store.enqueue(job(key))));
  expect(again.map((result) => result.job)).toEqual([one.job, two.job, one.job, two.job, one.job]);
  expect(again.every((result) => !result.created)).toBe(true);
  expect(again[0]!.job).not.toBe(again[2]!.job); // each caller gets a job of its own to keep
  expect(again[0]!.job.input).not.toBe(again[2]!.job.input);
  await store.close();
});

it('refuses an input that cannot be serialised for its caller alone, in a batch with others', async () => {
  const store = createSqliteStore({ filename: join(dir, 'serialise.db') });
  const stored = await store.enqueue(job('call-1'));
  const [bad, good, again] = await Promise.allSettled([
    store.enqueue({ ...job('call-bad'), input: { big: 1n } }),
    store.enqueue(job('call-2')),
    store.enqueue({ ...job('call-1'), input: { big: 2n } }), // a stored key: answered with its job, the input unused (as the memory store does)
  ]);
  expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(TypeError) });
  expect(good).toMatchObject({ status: 'fulfilled', value: { created: true } });
  expect(again).toEqual({ status: 'fulfilled', value: { job: stored.job, created: false } });
  expect((await store.list()).map((listed) => listed.key).sort()).toEqual(['call-1', 'call-2']);
  await store.close();
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { createSqliteStore } from '@callwire/store-sqlite';
import { migrations } from '../src/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'callwire-sqlite-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = 1_700_000_000_000;

it('migrates a database made before durable waits: rows, their order and the sequence are kept, and jobs can wait', async () => {
  const filename = join(dir, 'v1.db');
  const old = new Database(filename);
  old.exec(migrations[0]!);
  old.pragma('user_version = 1');
  const insert = old.prepare(`INSERT INTO callwire_jobs (id, pipeline, key, input, status, attempts, max_attempts, steps, run_at, lease_owner, lease_expires_at, created_at, updated_at)
    VALUES (?, 'calls', ?, '{"n":1}', ?, ?, 5, ?, ?, ?, ?, ?, ?)`);
  insert.run('job-queued', 'k1', 'queued', 0, '{}', T0, null, null, T0, T0);
  insert.run('job-running', 'k2', 'running', 1, '{"fetch":{"status":"succeeded","result":"audio","attempts":1,"startedAt":1,"finishedAt":2}}', T0, 'w1', T0 + 60_000, T0 + 1, T0 + 1);
  old.close();

  const store = createSqliteStore({ filename });
  expect(await store.get('job-queued')).toMatchObject({ status: 'queued', key: 'k1', input: { n: 1 } });
  expect(await store.get('job-running')).toMatchObject({ status: 'running', leaseOwner: 'w1', steps: { fetch: { result: 'audio' } } });
  const { job } = await store.enqueue({ pipeline: 'calls', key: 'k3', input: null, maxAttempts: 5, now: T0 + 2 });
  expect((await store.list()).map((j) => j.id)).toEqual([job.id, 'job-running', 'job-queued']);

  const parked = await store.park('job-running', 'w1', { step: 'pause', record: { status: 'waiting', attempts: 1, startedAt: T0, finishedAt: T0, wait: { kind: 'sleep', until: T0 + 5_000 } } }, T0 + 3);
  expect(parked).toBe('waiting');
  expect((await store.stats()).byStatus).toMatchObject({ queued: 2, waiting: 1, running: 0 });
  await store.close();

  const reopened = new Database(filename, { readonly: true });
  expect(reopened.pragma('user_version', { simple: true })).toBe(migrations.length);
  expect(reopened.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all()).toEqual(
    expect.arrayContaining([{ name: 'callwire_jobs' }, { name: 'callwire_signals' }]),
  );
  expect(reopened.prepare(`SELECT name FROM sqlite_master WHERE name = 'callwire_jobs_v2'`).all()).toEqual([]);
  reopened.close();
});

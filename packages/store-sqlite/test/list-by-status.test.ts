import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSqliteStore } from '@callwire/store-sqlite';
import type { JobStore } from '@callwire/core';
import { listSql, statusesIndexed } from '../src/list-query.js';

const dir = mkdtempSync(join(tmpdir(), 'callwire-sqlite-list-'));
const filename = join(dir, 'list.db');
const T0 = 1_700_000_000_000;
let store: JobStore;

// 20,000 finished jobs, 1 in 1,000 dead, then 3 queued: written straight into a file the store made.
beforeAll(async () => {
  await createSqliteStore({ filename }).close();
  const db = new Database(filename);
  const insert = db.prepare(`INSERT INTO callwire_jobs (id, pipeline, key, input, status, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
    VALUES (?, ?, ?, '{}', ?, 1, 3, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (let n = 1; n <= 20_000; n++) insert.run(`job-${n}`, n % 2 === 0 ? 'calls' : 'bookings', `k-${n}`, n % 1_000 === 0 ? 'dead' : 'succeeded', T0, T0, T0, T0);
    for (let n = 20_001; n <= 20_003; n++) insert.run(`job-${n}`, 'calls', `k-${n}`, 'queued', T0, T0, T0, null);
  })();
  db.exec('ANALYZE');
  db.close();
  store = createSqliteStore({ filename });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps only the statuses few jobs have in the status index, and list reads it for those', () => {
  const db = new Database(filename, { readonly: true });
  try {
    const { sql } = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'callwire_jobs_status'`).get() as { sql: string };
    expect(sql).toMatch(/\(status, seq\)\s+WHERE /);
    for (const status of statusesIndexed) expect(sql).toContain(`status = '${status}'`);
    expect(sql).not.toMatch(/'queued'|'succeeded'/);
    const plan = (text: string, status: string | null) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all({ status, pipeline: null, before: null, limit: 50 }) as { detail: string }[]).map((row) => row.detail).join(' | ');
    for (const status of statusesIndexed) expect(plan(listSql(status), null)).toContain('USING INDEX callwire_jobs_status');
    expect(plan(listSql(), 'queued')).not.toContain('callwire_jobs_status');
  } finally {
    db.close();
  }
});

it('lists by status, pipeline and page the same through the index as without it', async () => {
  const dead = Array.from({ length: 20 }, (_, i) => `job-${20_000 - i * 1_000}`);
  expect((await store.list({ status: 'dead' })).map((job) => job.id)).toEqual(dead);
  expect((await store.list({ status: 'dead', limit: 5, before: dead[4] })).map((job) => job.id)).toEqual(dead.slice(5, 10));
  expect((await store.list({ status: 'dead', pipeline: 'calls' })).map((job) => job.id)).toEqual(dead); // every 1,000th is even
  expect(await store.list({ status: 'dead', pipeline: 'bookings' })).toEqual([]);
  expect(await store.list({ status: 'running' })).toEqual([]);
  expect((await store.list({ status: 'queued' })).map((job) => job.id)).toEqual(['job-20003', 'job-20002', 'job-20001']);
  expect((await store.list({ status: 'succeeded', limit: 2 })).map((job) => job.id)).toEqual(['job-19999', 'job-19998']);
  expect((await store.list({ limit: 2 })).map((job) => job.id)).toEqual(['job-20003', 'job-20002']);
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { createPostgresStore } from '@callwire/store-postgres';
import { migrations } from '../src/schema.js';

const url = inject('databaseUrl');
const admin = new pg.Pool({ connectionString: url, max: 2 });
const schema = `cw_migrate_${randomBytes(4).toString('hex')}`;
const statusSchema = `cw_status_${randomBytes(4).toString('hex')}`;
afterAll(async () => {
  for (const name of [schema, statusSchema]) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await admin.end();
});
const T0 = 1_700_000_000_000;

it('migrates a schema made before durable waits: its jobs are kept and can wait, and the status check takes waiting', async () => {
  // The schema as the previous release left it: migration 1 only.
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`CREATE TABLE "${schema}".callwire_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  await admin.query(migrations[0]!.replaceAll('{schema}', `"${schema}"`));
  await admin.query(`INSERT INTO "${schema}".callwire_migrations (version) VALUES (1)`);
  await admin.query(
    `INSERT INTO "${schema}".callwire_jobs (id, pipeline, key, input, status, attempts, max_attempts, run_at, lease_owner, lease_expires_at, created_at, updated_at)
     VALUES ('job-running', 'calls', 'k1', '{"n":1}', 'running', 1, 5, $1, 'w1', $2, $1, $1)`,
    [T0, T0 + 60_000],
  );
  await admin.query(
    `INSERT INTO "${schema}".callwire_steps (job_id, name, status, attempts, started_at, finished_at, result) VALUES ('job-running', 'fetch', 'succeeded', 1, 1, 2, '"audio"')`,
  );

  const store = createPostgresStore({ connectionString: url, schema });
  try {
    expect(await store.get('job-running')).toMatchObject({ status: 'running', leaseOwner: 'w1', steps: { fetch: { result: 'audio', attempts: 1 } } });
    const request = { step: 'ready', record: { status: 'waiting' as const, attempts: 1, startedAt: T0, finishedAt: T0, wait: { kind: 'event' as const, until: T0 + 5_000, key: 'k' } } };
    expect(await store.park('job-running', 'w1', request, T0 + 1)).toBe('waiting');
    expect(await store.get('job-running')).toMatchObject({ status: 'waiting', wait: { step: 'ready', key: 'k' }, steps: { ready: request.record } });
    expect(await store.signal({ pipeline: 'calls', key: 'k', payload: 1, now: T0 + 2 })).toEqual({ jobId: 'job-running', jobKey: 'k1', step: 'ready' });
    const { rows } = await admin.query<{ version: number }>(`SELECT max(version) AS version FROM "${schema}".callwire_migrations`);
    expect(rows[0]?.version).toBe(migrations.length);
    await expect(admin.query(`UPDATE "${schema}".callwire_jobs SET status = 'sleeping'`)).rejects.toThrow(/check constraint/);
  } finally {
    await store.close();
  }
});

it('indexes by status only the statuses few jobs have at once: dead jobs are listed through it, queued and succeeded ones are left out', async () => {
  const store = createPostgresStore({ connectionString: url, schema: statusSchema });
  const jobs = `"${statusSchema}".callwire_jobs`;
  try {
    await store.ping();
    const { rows: index } = await admin.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'callwire_jobs_status'`,
      [statusSchema],
    );
    expect(index[0]?.indexdef).toMatch(/\(status, seq\) WHERE \(status = ANY \(ARRAY\['running'::text, 'waiting'::text, 'failed'::text, 'dead'::text\]\)\)/);
    // 20,000 finished jobs, 1 in 1,000 dead: the console's list of dead jobs reads the index, not the whole table.
    await admin.query(
      `INSERT INTO ${jobs} (id, pipeline, key, input, status, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
       SELECT 'job-' || n, 'calls', 'k-' || n, '{}', CASE WHEN n % 1000 = 0 THEN 'dead' ELSE 'succeeded' END, 1, 3, $1, $1, $1, $1
       FROM generate_series(1, 20000) AS n`,
      [T0],
    );
    await admin.query(`ANALYZE ${jobs}`);
    const plan = async (status: string) =>
      (await admin.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT * FROM ${jobs} WHERE status = $1 ORDER BY seq DESC LIMIT 50`, [status])).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
    expect(await plan('dead')).toContain('callwire_jobs_status');
    expect(await plan('queued')).not.toContain('callwire_jobs_status');
    expect((await store.list({ status: 'dead' })).map((job) => job.key)).toEqual(Array.from({ length: 20 }, (_, i) => `k-${20_000 - i * 1_000}`));
  } finally {
    await store.close();
  }
});

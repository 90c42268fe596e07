import pg from 'pg';
import { checkPostgresOptions } from './check-options.js';
import {
  emptyStats,
  inputUpdatableStatuses,
  receivedStepRecord,
  type EnqueueResult,
  type InputUpdate,
  type Job,
  type JobStore,
  type JobWait,
  type NewJob,
  type ParkResult,
  type SignalledJob,
  type StepRecord,
  type StoreStats,
  type UpdateInputOptions,
  type UpdateInputResult,
} from '@callwire/core';
import { createEnqueueBatcher, type RunStatement } from './enqueue-batch.js';
import { toJob, toStep, type JobRow, type StepRow } from './rows.js';
import { migrations } from './schema.js';
import { postgresSharedRecords } from './shared-records.js';

/** A row as pg returns it: column name → value. */
export type QueryRow = { [column: string]: any };

/** What a query resolves to: the part of pg's `QueryResult` the store reads. */
export interface QueryResultLike<R extends QueryRow = QueryRow> {
  rows: R[];
  rowCount: number | null;
}

/**
 * A client that runs one query (a `pg.Pool` or `pg.Client`). Declared here, not taken from `@types/pg`,
 * so that using the store needs no extra `@types` install; `test/pool-type.test.ts` checks that a
 * `pg.Pool` fits {@link PostgresPool}.
 */
export interface Queryable {
  /** Runs one statement. */
  query<R extends QueryRow = QueryRow>(text: string, values?: unknown[]): Promise<QueryResultLike<R>>;
}

/** The slice of a `pg.Pool` the store uses. */
export interface PostgresPool extends Queryable {
  /** Checks out a client for a transaction. */
  connect(): Promise<Queryable & { release(error?: Error | boolean): void }>;
  /** Closes the pool. */
  end(): Promise<void>;
}

/** Options of {@link createPostgresStore}: a connection string, or a pool you manage (and will end). */
export type PostgresStoreOptions = (
  | {
      /** A PostgreSQL connection string, `postgres://user:password@host:5432/db`. */
      connectionString: string;
      /** Most connections the store's own pool opens (default 10). */
      maxConnections?: number | undefined;
      /** Not with `connectionString`. */
      pool?: undefined;
    }
  | {
      /** A `pg.Pool` you manage; `close()` leaves it open. */
      pool: PostgresPool;
      /** Not with `pool`. */
      connectionString?: undefined;
    }
) & {
  /** The schema that holds callwire's tables; created when missing (default `public`). */
  schema?: string | undefined;
};

/**
 * A durable {@link JobStore} on PostgreSQL (pg). Claims use `FOR UPDATE SKIP LOCKED`, so any number
 * of workers on any number of machines share one queue. Tables are created and migrated on first use,
 * under an advisory lock.
 *
 * @example
 * ```ts
 * import { createPostgresStore } from '@callwire/store-postgres';
 *
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * ```
 */
export function createPostgresStore(options: PostgresStoreOptions): JobStore {
  checkPostgresOptions(options);
  const schemaName = options.schema ?? 'public';
  const schema = `"${schemaName}"`;
  const owned = options.pool === undefined;
  const pool: PostgresPool =
    options.pool ?? (new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 }) as unknown as PostgresPool);
  if (owned) (pool as unknown as pg.Pool).on('error', () => {}); // an idle client's broken connection is replaced, not fatal
  const jobs = `${schema}.callwire_jobs`;
  const steps = `${schema}.callwire_steps`;
  const signals = `${schema}.callwire_signals`;
  const paces = `${schema}.callwire_paces`;
  const held = `id = $1 AND lease_owner = $2 AND status = 'running'`;
  let migrated: Promise<void> | undefined;
  let closed = false;

  /** Runs migrations once; a failure (database down) is retried by the next call. */
  const ready = (): Promise<void> => {
    if (closed) return Promise.reject(new Error('The PostgreSQL store is closed.'));
    migrated ??= migrate(pool, schemaName, schema).catch((error: unknown) => {
      migrated = undefined;
      throw error;
    });
    return migrated;
  };

  const query = async <R extends QueryRow>(text: string, values: unknown[] = []) => {
    await ready();
    return pool.query<R>(text, values);
  };

  /** Runs `work` in a transaction on one pooled connection; rolls back when it throws. */
  const transaction = async <T>(work: (client: Queryable) => Promise<T>): Promise<T> => {
    await ready();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const value = await work(client);
      await client.query('COMMIT');
      client.release();
      return value;
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
      client.release(!rolledBack); // a connection that cannot roll back is discarded
      throw error;
    }
  };

  /** Loads the step rows of the given jobs and assembles them. */
  const withSteps = async (rows: JobRow[]): Promise<Job[]> => {
    if (rows.length === 0) return [];
    const { rows: stepRows } = await pool.query<StepRow>(`SELECT * FROM ${steps} WHERE job_id = ANY($1)`, [rows.map((r) => r.id)]);
    return rows.map((row) => toJob(row, stepRows.filter((s) => s.job_id === row.id)));
  };
  const one = async (rows: JobRow[]) => (await withSteps(rows))[0];

  /** Inserts or replaces one step record of a job (inside a transaction). */
  const upsertStep = (client: Queryable, jobId: string, name: string, record: StepRecord) =>
    client.query(
      `INSERT INTO ${steps} (${stepColumns})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (job_id, name) DO UPDATE SET ${stepUpdate}`,
      [jobId, name, ...stepValues(record)],
    );
  /**
   * Serialises, until the transaction ends, everything that touches the wait key `key` of `pipeline`:
   * a park checking for a kept signal and a signal looking for a waiting job cannot interleave.
   */
  const lockWaitKey = (client: Queryable, pipeline: string, key: string) =>
    client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [JSON.stringify(['callwire.wait', schemaName, pipeline, key])]);
  const changed = (result: QueryResultLike) => result.rowCount === 1;

  /** Runs one statement; on the store's own pool it is prepared once per connection under `name`. */
  const run: RunStatement = async <R extends object>(name: string | undefined, text: string, values: unknown[]) => {
    await ready();
    const result = owned && name !== undefined ? await (pool as unknown as pg.Pool).query({ name, text, values }) : await pool.query(text, values);
    return result.rows as R[];
  };
  const enqueues = createEnqueueBatcher({
    jobs,
    steps,
    statementName: `callwire_${schemaName}`,
    run,
    // One batch at a time: the enqueues arriving meanwhile go together in the next. More batches in flight gained
    // nothing (PostgreSQL flushes the WAL for one commit at a time, so concurrent batches mostly waited for the same
    // flush) and cost a commit each: over HTTP, 11–17 rows per commit instead of 22–30, and more CPU per enqueue.
    maxInFlight: 1,
  });

  return {
    ...postgresSharedRecords(query, schema),
    async enqueue<TInput>(job: NewJob<TInput>): Promise<EnqueueResult<TInput>> {
      return (await enqueues.enqueue(job)) as EnqueueResult<TInput>;
    },
    async claim({ owner, leaseMs, now, limit, pipelines, jobId }) {
      if (limit <= 0) return [];
      const { rows } = await query<JobRow>(
        `WITH due AS (
           SELECT id FROM ${jobs}
           WHERE ((status IN ('queued', 'failed', 'waiting') AND run_at <= $2) OR (status = 'running' AND lease_expires_at < $2))
             AND ($5::text[] IS NULL OR pipeline = ANY($5::text[]))
             AND ($6::text IS NULL OR id = $6::text)
           ORDER BY run_at, seq
           LIMIT $4
           FOR UPDATE SKIP LOCKED)
         UPDATE ${jobs} j
         SET status = 'running', attempts = j.attempts + 1, lease_owner = $1, lease_expires_at = $3, updated_at = $2,
             wait = NULL, wait_key = NULL
         FROM due WHERE j.id = due.id
         RETURNING j.*`,
        [owner, now, now + leaseMs, limit, pipelines ? [...pipelines] : null, jobId ?? null],
      );
      rows.sort((a, b) => Number(a.run_at) - Number(b.run_at));
      return withSteps(rows);
    },
    async renew(id, owner, leaseMs, now) {
      return changed(await query(`UPDATE ${jobs} SET lease_expires_at = $3 WHERE ${held}`, [id, owner, now + leaseMs]));
    },
    async saveStep(id, owner, name, record, now) {
      const result = await query(
        `WITH job AS (UPDATE ${jobs} SET updated_at = $3 WHERE ${held} RETURNING id)
         INSERT INTO ${steps} (${stepColumns})
         SELECT job.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM job
         ON CONFLICT (job_id, name) DO UPDATE SET ${stepUpdate}`,
        [id, owner, now, name, ...stepValues(record)],
      );
      return changed(result);
    },
    async complete(id, owner, output, now) {
      return changed(await query(
        `UPDATE ${jobs} SET status = 'succeeded', output = $3, error = NULL, finished_at = $4, updated_at = $4,
           lease_owner = NULL, lease_expires_at = NULL
         WHERE ${held}`,
        [id, owner, JSON.stringify(output ?? null), now],
      ));
    },
    async fail(id, owner, error, outcome, now) {
      const dead = 'dead' in outcome;
      return changed(await query(
        `UPDATE ${jobs} SET status = $3, run_at = COALESCE($4, run_at), finished_at = $5, error = $6, updated_at = $7,
           lease_owner = NULL, lease_expires_at = NULL
         WHERE ${held}`,
        [id, owner, dead ? 'dead' : 'failed', dead ? null : outcome.retryAt, dead ? now : null, JSON.stringify(error), now],
      ));
    },
    async release(id, owner, now) {
      return changed(await query(
        `UPDATE ${jobs} SET status = 'queued', attempts = GREATEST(attempts - 1, 0), run_at = $3, updated_at = $3,
           lease_owner = NULL, lease_expires_at = NULL
         WHERE ${held}`,
        [id, owner, now],
      ));
    },
    async park(id, owner, { step, record }, now) {
      return transaction(async (client): Promise<ParkResult> => {
        const key = record.wait.key;
        const { rows: found } = await client.query<{ pipeline: string }>(`SELECT pipeline FROM ${jobs} WHERE id = $1`, [id]);
        const pipeline = found[0]?.pipeline;
        if (pipeline === undefined) return false;
        if (key !== undefined) await lockWaitKey(client, pipeline, key); // before the row lock, as in signal()
        if (!changed(await client.query(`SELECT id FROM ${jobs} WHERE ${held} FOR UPDATE`, [id, owner]))) return false;
        const kept = key === undefined ? undefined : (await client.query<{ payload: string }>(
          `DELETE FROM ${signals}
           WHERE seq = (SELECT seq FROM ${signals} WHERE pipeline = $1 AND key = $2 ORDER BY seq LIMIT 1)
           RETURNING payload`,
          [pipeline, key],
        )).rows[0];
        if (kept) {
          await upsertStep(client, id, step, receivedStepRecord(record, JSON.parse(kept.payload), now));
          await client.query(
            `UPDATE ${jobs} SET status = 'queued', attempts = GREATEST(attempts - 1, 0), run_at = $2, updated_at = $2,
               wait = NULL, wait_key = NULL, lease_owner = NULL, lease_expires_at = NULL
             WHERE id = $1`,
            [id, now],
          );
          return 'woken';
        }
        const wait: JobWait = { step, ...record.wait };
        await upsertStep(client, id, step, record);
        await client.query(
          `UPDATE ${jobs} SET status = 'waiting', attempts = GREATEST(attempts - 1, 0), run_at = $2, updated_at = $3,
             wait = $4, wait_key = $5, lease_owner = NULL, lease_expires_at = NULL
           WHERE id = $1`,
          [id, wait.until, now, JSON.stringify(wait), key ?? null],
        );
        return 'waiting';
      });
    },
    async signal({ pipeline, key, payload, now }) {
      return transaction(async (client): Promise<SignalledJob | undefined> => {
        await lockWaitKey(client, pipeline, key);
        const { rows } = await client.query<JobRow>(
          `SELECT * FROM ${jobs} WHERE pipeline = $1 AND wait_key = $2 AND status = 'waiting' ORDER BY seq LIMIT 1 FOR UPDATE`,
          [pipeline, key],
        );
        const row = rows[0];
        if (!row) {
          await client.query(`INSERT INTO ${signals} (pipeline, key, payload, created_at) VALUES ($1, $2, $3, $4)`, [pipeline, key, JSON.stringify(payload ?? null), now]);
          return undefined;
        }
        const { step } = JSON.parse(row.wait!) as JobWait;
        const { rows: stepRows } = await client.query<StepRow>(`SELECT * FROM ${steps} WHERE job_id = $1 AND name = $2`, [row.id, step]);
        await upsertStep(client, row.id, step, receivedStepRecord(stepRows[0] && toStep(stepRows[0]), payload, now));
        await client.query(
          `UPDATE ${jobs} SET status = 'queued', run_at = $2, updated_at = $2, wait = NULL, wait_key = NULL WHERE id = $1`,
          [row.id, now],
        );
        return { jobId: row.id, jobKey: row.key, step };
      });
    },
    async retry(id, now, options = {}) {
      const { rows } = await query<JobRow>(
        `WITH redriven AS (
           UPDATE ${jobs} SET status = 'queued', attempts = 0, run_at = $2, updated_at = $2, finished_at = NULL
           WHERE id = $1 AND status IN ('dead', 'failed') AND scrubbed_at IS NULL
           RETURNING *),
         reset AS (DELETE FROM ${steps} WHERE job_id IN (SELECT id FROM redriven) AND name = ANY($3::text[]))
         SELECT * FROM redriven`,
        [id, now, [...(options.resetSteps ?? [])]],
      );
      return one(rows);
    },
    async updateInput<TInput>(id: string, update: InputUpdate<TInput>, { now, runAt }: UpdateInputOptions) {
      return transaction(async (client): Promise<UpdateInputResult<TInput> | undefined> => {
        // The row lock serialises concurrent updates of this job: each one reads the input the previous one wrote.
        const { rows } = await client.query<JobRow>(`SELECT * FROM ${jobs} WHERE id = $1 FOR UPDATE`, [id]);
        if (!rows[0]) return undefined;
        const { rows: stepRows } = await client.query<StepRow>(`SELECT * FROM ${steps} WHERE job_id = $1`, [id]);
        const read = (row: JobRow) => toJob(row, stepRows) as Job<TInput>;
        const current = read(rows[0]);
        const next = inputUpdatableStatuses.includes(current.status) ? update(current.input, current) : undefined;
        if (next === undefined) return { job: read(rows[0]), updated: false };
        const { rows: updated } = await client.query<JobRow>(
          `UPDATE ${jobs} SET input = $2, run_at = COALESCE($3, run_at), updated_at = $4 WHERE id = $1 RETURNING *`,
          [id, JSON.stringify(next ?? null), runAt ?? null, now],
        );
        return { job: read(updated[0]!), updated: true };
      });
    },
    async get(id) {
      return one((await query<JobRow>(`SELECT * FROM ${jobs} WHERE id = $1`, [id])).rows);
    },
    async getByKey(pipeline, key) {
      return one((await query<JobRow>(`SELECT * FROM ${jobs} WHERE pipeline = $1 AND key = $2`, [pipeline, key])).rows);
    },
    async list(listQuery = {}) {
      const { rows } = await query<JobRow>(
        `SELECT * FROM ${jobs}
         WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR pipeline = $2)
           AND ($3::text IS NULL OR seq < (SELECT seq FROM ${jobs} WHERE id = $3))
         ORDER BY seq DESC
         LIMIT $4`,
        [listQuery.status ?? null, listQuery.pipeline ?? null, listQuery.before ?? null, Math.min(Math.max(listQuery.limit ?? 50, 1), 500)],
      );
      return withSteps(rows);
    },
    async stats(): Promise<StoreStats> {
      const { rows } = await query<{ pipeline: string; status: JobRow['status']; count: string }>(
        `SELECT pipeline, status, count(*) AS count FROM ${jobs} GROUP BY pipeline, status`,
      );
      const stats = emptyStats();
      for (const row of rows) stats.add(row.pipeline, row.status, Number(row.count));
      return stats.result();
    },
    async scrub({ pipeline, finishedBefore, now, jobId, keep }) {
      const kept = jobId === undefined ? undefined : keep;
      const { rows } = await query<{ count: string }>(
        `WITH scrubbed AS (
           UPDATE ${jobs} SET input = $4, output = 'null', scrubbed_at = $3
           WHERE pipeline = $1 AND status IN ('succeeded', 'dead') AND finished_at < $2
             AND (CASE WHEN $5::text IS NULL THEN scrubbed_at IS NULL ELSE id = $5::text END)
           RETURNING id),
         cleared AS (UPDATE ${steps} SET result = NULL WHERE job_id IN (SELECT id FROM scrubbed) AND NOT (name = ANY($6::text[]))),
         dropped AS (DELETE FROM ${signals} WHERE $5::text IS NULL AND pipeline = $1 AND created_at < $2)
         SELECT count(*) AS count FROM scrubbed`,
        [pipeline, finishedBefore, now, JSON.stringify(kept?.input ?? null), jobId ?? null, [...(kept?.steps ?? [])]],
      );
      return Number(rows[0]?.count ?? 0);
    },
    async reserveSlot(key, intervalMs, now) {
      // One statement, row-locked by the upsert: the slot is max(now, next_at); next_at moves one interval past it.
      const { rows } = await query<{ slot: string }>(
        `INSERT INTO ${paces} AS p (key, next_at) VALUES ($1, $2::bigint + $3::bigint)
         ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(EXCLUDED.next_at, p.next_at + $3::bigint)
         RETURNING p.next_at - $3::bigint AS slot`,
        [key, now, intervalMs],
      );
      return Number(rows[0]!.slot);
    },
    async ping() {
      await query('SELECT 1');
    },
    async close() {
      if (closed) return;
      await enqueues.drain();
      closed = true;
      if (owned) await pool.end();
    },
  };
}

/** The columns of a step row, in the order of `job_id`, `name`, then {@link stepValues}. */
const stepColumns = 'job_id, name, status, attempts, started_at, finished_at, result, error, wait, intent_at, confirmed, maybe_duplicated';
/** Replaces every column of a step row but its key (an upsert's `DO UPDATE SET`). */
const stepUpdate = stepColumns.split(', ').slice(2).map((column) => `${column} = EXCLUDED.${column}`).join(', ');

/** The values of a step record's columns, from `status` to `maybe_duplicated`. */
function stepValues(record: StepRecord): unknown[] {
  return [
    record.status, record.attempts, record.startedAt, record.finishedAt,
    'result' in record ? JSON.stringify(record.result ?? null) : null,
    record.error ? JSON.stringify(record.error) : null,
    record.wait ? JSON.stringify(record.wait) : null,
    record.intentAt ?? null, record.confirmed ? true : null, record.maybeDuplicated ?? null,
  ];
}

/** Creates the schema and runs pending migrations, serialised across processes by an advisory lock. */
async function migrate(pool: PostgresPool, schemaName: string, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`callwire.migrate.${schemaName}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.callwire_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${schema}.callwire_migrations`);
    for (let index = rows[0]?.version ?? 0; index < migrations.length; index++) {
      await client.query(migrations[index]!.replaceAll('{schema}', schema));
      await client.query(`INSERT INTO ${schema}.callwire_migrations (version) VALUES ($1)`, [index + 1]);
    }
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(true);
    throw error;
  }
}

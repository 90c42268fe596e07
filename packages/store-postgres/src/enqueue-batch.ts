import { randomUUID } from 'node:crypto';
import type { EnqueueResult, Job, NewJob } from '@callwire/core';
import { toJob, type JobRow, type StepRow } from './rows.js';

/** Runs one statement (`name`: prepare it once per connection, when the pool can). */
export type RunStatement = <R extends object>(name: string, text: string, values: unknown[]) => Promise<R[]>;

/** What {@link createEnqueueBatcher} needs. */
export interface EnqueueBatcherOptions {
  /** The quoted `schema.callwire_jobs` and `schema.callwire_steps`. */
  jobs: string;
  steps: string;
  /** A name for the prepared statements, unique per schema. */
  statementName: string;
  run: RunStatement;
  /** Most batches in flight at once; enqueues arriving meanwhile wait and go together in the next. */
  maxInFlight: number;
}

/** Enqueues jobs in batches; `drain` resolves once every accepted enqueue has settled. */
export interface EnqueueBatcher {
  enqueue(job: NewJob): Promise<EnqueueResult>;
  drain(): Promise<void>;
}

interface Pending {
  job: NewJob;
  input: string;
  resolve(result: EnqueueResult): void;
  reject(error: unknown): void;
}

/** One row of a batch's answer: the job (inserted now, or found) and its steps when it was there before. */
type BatchRow = JobRow & { created: boolean; step_rows: StepRow[] | null };

/**
 * Group commit for PostgreSQL: enqueues that arrive while earlier batches are in flight (or in the same turn
 * of the event loop) go to the database together, as one multi-row `INSERT … ON CONFLICT DO NOTHING` whose
 * statement also returns the rows it did not insert (the duplicates, with their steps): one round trip and
 * one commit for the whole batch. Each caller still resolves only once its job is committed. Keys repeated
 * inside a batch are sent once; the later callers get the first one's job as a duplicate.
 */
export function createEnqueueBatcher(options: EnqueueBatcherOptions): EnqueueBatcher {
  const { jobs, steps, run, maxInFlight } = options;
  // unnest(...) keeps the statement the same for any batch size, so it is prepared once per connection.
  // The jobs already there are looked up key by key (LATERAL: an index probe each, whatever plan the prepared
  // statement settles on; a join let the generic plan scan the whole table). The rows this statement inserts are
  // not in its snapshot, so only older jobs come back. Rows another transaction commits after that snapshot
  // conflict without being visible: those (rare) keys come back with no row and are read again by a second statement.
  const batchSql = `
    WITH batch AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[])
        AS b(id, pipeline, key, input, max_attempts, run_at, now)
    ), inserted AS (
      INSERT INTO ${jobs} (id, pipeline, key, input, status, max_attempts, run_at, created_at, updated_at)
      SELECT id, pipeline, key, input, 'queued', max_attempts, run_at, now, now FROM batch
      ON CONFLICT (pipeline, key) DO NOTHING
      RETURNING *
    )
    SELECT inserted.*, true AS created, NULL::json AS step_rows FROM inserted
    UNION ALL
    SELECT j.*, false AS created, (SELECT json_agg(s) FROM ${steps} s WHERE s.job_id = j.id) AS step_rows
    FROM batch b CROSS JOIN LATERAL (SELECT * FROM ${jobs} WHERE pipeline = b.pipeline AND key = b.key) j`;
  // A batch of one (no concurrency) takes the plain single-row statement: cheaper than the arrays and the CTE.
  const oneSql = `
    INSERT INTO ${jobs} (id, pipeline, key, input, status, max_attempts, run_at, created_at, updated_at)
    VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $7)
    ON CONFLICT (pipeline, key) DO NOTHING
    RETURNING *, true AS created, NULL::json AS step_rows`;
  const existingSql = `
    SELECT j.*, false AS created, (SELECT json_agg(s) FROM ${steps} s WHERE s.job_id = j.id) AS step_rows
    FROM unnest($1::text[], $2::text[]) AS b(pipeline, key) CROSS JOIN LATERAL (SELECT * FROM ${jobs} WHERE pipeline = b.pipeline AND key = b.key) j`;

  let pending: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;
  const settled = new Set<Promise<void>>();

  const keyOf = (job: NewJob) => `${job.pipeline}\u0000${job.key}`;
  const resultOf = (row: BatchRow): EnqueueResult => ({ job: toJob(row, row.step_rows ?? []) as Job, created: row.created });

  async function insert(batch: Pending[]): Promise<Map<string, EnqueueResult>> {
    const found = new Map<string, EnqueueResult>();
    const single = batch.length === 1 ? batch[0]! : undefined;
    const rows = single
      ? await run<BatchRow>(`${options.statementName}_enqueue_one`, oneSql, [
          randomUUID(), single.job.pipeline, single.job.key, single.input, single.job.maxAttempts, single.job.runAt ?? single.job.now, single.job.now,
        ])
      : await run<BatchRow>(`${options.statementName}_enqueue`, batchSql, [
          batch.map(() => randomUUID()), batch.map((p) => p.job.pipeline), batch.map((p) => p.job.key), batch.map((p) => p.input),
          batch.map((p) => p.job.maxAttempts), batch.map((p) => p.job.runAt ?? p.job.now), batch.map((p) => p.job.now),
        ]);
    for (const row of rows) found.set(`${row.pipeline}\u0000${row.key}`, resultOf(row));
    const missing = batch.filter((p) => !found.has(keyOf(p.job)));
    if (missing.length > 0) {
      const again = await run<BatchRow>(`${options.statementName}_existing`, existingSql, [missing.map((p) => p.job.pipeline), missing.map((p) => p.job.key)]);
      for (const row of again) found.set(`${row.pipeline}\u0000${row.key}`, resultOf(row));
    }
    return found;
  }

  async function send(batch: Pending[]): Promise<void> {
    const first = new Map<string, Pending>();
    for (const item of batch) if (!first.has(keyOf(item.job))) first.set(keyOf(item.job), item);
    const unique = [...first.values()];
    let found: Map<string, EnqueueResult>;
    try {
      found = await insert(unique);
    } catch (error) {
      if (unique.length === 1) {
        for (const item of batch) item.reject(error);
        return;
      }
      // One bad job must not fail the others: each is sent alone.
      await Promise.all(unique.map((item) => send(batch.filter((other) => keyOf(other.job) === keyOf(item.job)))));
      return;
    }
    for (const item of batch) {
      const result = found.get(keyOf(item.job));
      if (!result) item.reject(new Error(`The enqueue of ${item.job.key} found no job.`));
      else item.resolve(first.get(keyOf(item.job)) === item ? result : { job: result.job, created: false });
    }
  }

  function flush(): void {
    scheduled = false;
    while (pending.length > 0 && inFlight < maxInFlight) {
      const batch = pending;
      pending = [];
      inFlight++;
      const done = send(batch).finally(() => {
        inFlight--;
        settled.delete(done);
        if (pending.length > 0 && !scheduled) flush();
      });
      settled.add(done);
    }
  }

  return {
    enqueue(job) {
      return new Promise((resolve, reject) => {
        const input = JSON.stringify(job.input ?? null); // throws for this caller alone (e.g. a BigInt)
        pending.push({ job, input, resolve, reject });
        if (!scheduled && inFlight < maxInFlight) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async drain() {
      while (pending.length > 0 || settled.size > 0) {
        flush();
        await Promise.race(settled);
      }
    },
  };
}

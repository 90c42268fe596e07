import { newJobId, queuedJob, type EnqueueResult, type NewJob } from '@callwire/core';
import { toJob, type JobRow, type StepRow } from './rows.js';

/** Runs one statement (`name`: prepare it once per connection, when the pool can; `undefined`: plan it each time). */
export type RunStatement = <R extends object>(name: string | undefined, text: string, values: unknown[]) => Promise<R[]>;

/** What {@link createEnqueueBatcher} needs. */
export interface EnqueueBatcherOptions {
  /** The quoted `schema.callwire_jobs` and `schema.callwire_steps`. */
  jobs: string;
  steps: string;
  /** A name for the prepared statements, unique per schema. */
  statementName: string;
  run: RunStatement;
  /** Most batches in flight at once; enqueues arriving meanwhile wait and go together in the next (the store sends 1). */
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

/**
 * Group commit for PostgreSQL: enqueues that arrive while earlier batches are in flight (or in the same turn
 * of the event loop) go to the database together, as one multi-row `INSERT … ON CONFLICT DO NOTHING`: one
 * round trip and one commit for the whole batch. Each caller still resolves only once its job is committed.
 * The jobs it inserted are built from the values sent (only their ids come back); the keys it did not insert
 * (duplicates) are read by a second statement. Keys repeated inside a batch are sent once; the later callers
 * get the first one's job as a duplicate.
 */
export function createEnqueueBatcher(options: EnqueueBatcherOptions): EnqueueBatcher {
  const { jobs, steps, run, maxInFlight } = options;
  // The batch travels as one JSON array (see batchJson), so the statement is the same for any batch size and is
  // prepared once per connection. It only inserts: an earlier version also looked the duplicates up in the same
  // statement, and the generic plan a prepared statement settles on (costed while the table was nearly empty)
  // joined them by scanning the whole table on every batch, so PostgreSQL's CPU per enqueue grew with the table.
  const insertSql = `
    INSERT INTO ${jobs} (id, pipeline, key, input, status, max_attempts, run_at, created_at, updated_at)
    SELECT id, pipeline, key, input, 'queued', max_attempts, run_at, now, now
    FROM json_to_recordset($1::json) AS b(id text, pipeline text, key text, input text, max_attempts int, run_at bigint, now bigint)
    ON CONFLICT (pipeline, key) DO NOTHING
    RETURNING id`;
  // Only for duplicates, and never prepared: planned each time with the table's current statistics. Rows
  // another transaction was inserting made the INSERT wait for that transaction, so they are committed and
  // visible to this statement's new snapshot.
  const existingSql = `
    SELECT j.*, (SELECT json_agg(s) FROM ${steps} s WHERE s.job_id = j.id) AS step_rows
    FROM unnest($1::text[], $2::text[]) AS b(pipeline, key) JOIN ${jobs} j ON j.pipeline = b.pipeline AND j.key = b.key`;

  let pending: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;
  const settled = new Set<Promise<void>>();

  /** One string for a job's (or a row's) pipeline and key. */
  const keyOf = ({ pipeline, key }: { pipeline: string; key: string }) => `${pipeline}\u0000${key}`;

  /** Inserts the batch (one key each); resolves the jobs it inserted and the keys it did not. */
  async function insert(batch: Pending[]): Promise<{ found: Map<string, EnqueueResult>; missing: Pending[] }> {
    const found = new Map<string, EnqueueResult>();
    const ids = batch.map(() => newJobId());
    const rows = await run<{ id: string }>(`${options.statementName}_enqueue`, insertSql, [batchJson(batch, ids)]);
    const inserted = new Set(rows.map((row) => row.id));
    const missing: Pending[] = [];
    batch.forEach((item, index) => {
      if (inserted.has(ids[index]!)) found.set(keyOf(item.job), { job: queuedJob(ids[index]!, item.job, item.input), created: true });
      else missing.push(item);
    });
    return { found, missing };
  }

  /** Reads the jobs already there for keys the batch did not insert (duplicates) into `found`. */
  async function readExisting(missing: Pending[], found: Map<string, EnqueueResult>): Promise<void> {
    const rows = await run<JobRow & { step_rows: StepRow[] | null }>(undefined, existingSql, [missing.map((p) => p.job.pipeline), missing.map((p) => p.job.key)]);
    for (const row of rows) found.set(keyOf(row), { job: toJob(row, row.step_rows ?? []), created: false });
  }

  async function send(batch: Pending[]): Promise<void> {
    const first = new Map<string, Pending>();
    for (const item of batch) if (!first.has(keyOf(item.job))) first.set(keyOf(item.job), item);
    const unique = [...first.values()];
    let found: Map<string, EnqueueResult>;
    let missing: Pending[];
    try {
      ({ found, missing } = await insert(unique));
    } catch (error) {
      if (unique.length === 1) {
        for (const item of batch) item.reject(error);
        return;
      }
      // One bad job must not fail the others: each is sent alone.
      await Promise.all(unique.map((item) => send(batch.filter((other) => keyOf(other.job) === keyOf(item.job)))));
      return;
    }
    // The inserted jobs are committed: a failed read of the duplicates fails only the duplicates' callers.
    let readError: unknown;
    if (missing.length > 0) await readExisting(missing, found).catch((error: unknown) => (readError = error));
    for (const item of batch) {
      const result = found.get(keyOf(item.job));
      if (!result) item.reject(readError ?? new Error(`The enqueue of ${item.job.key} found no job.`));
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

/**
 * The rows of a batch as one JSON array: one native `JSON.stringify` per value instead of pg's escaping of seven
 * text arrays element by element. Each input (already JSON) goes as a string, so PostgreSQL stores its exact text
 * (a nested JSON value would be re-parsed, and `\u0000` inside it refused).
 */
function batchJson(batch: readonly Pending[], ids: readonly string[]): string {
  let json = '[';
  batch.forEach(({ job, input }, index) => {
    if (index > 0) json += ',';
    json += `{"id":"${ids[index]!}","pipeline":${JSON.stringify(job.pipeline)},"key":${JSON.stringify(job.key)},"input":${JSON.stringify(input)}`;
    json += `,"max_attempts":${JSON.stringify(job.maxAttempts)},"run_at":${JSON.stringify(job.runAt ?? job.now)},"now":${JSON.stringify(job.now)}}`;
  });
  return json + ']';
}

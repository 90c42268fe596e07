import Database from 'better-sqlite3';
import {
  emptyStats,
  inputUpdatableStatuses,
  newJobId,
  queuedJob,
  receivedStepRecord,
  type EnqueueResult,
  type InputUpdate,
  type JobStore,
  type JobWait,
  type NewJob,
  type ParkRequest,
  type ParkResult,
  type SignalledJob,
  type SignalRequest,
  type StepRecord,
  type StoreStats,
  type UpdateInputOptions,
  type UpdateInputResult,
} from '@callwire/core';
import { checkSqliteOptions } from './check-options.js';
import { listSql, statusesIndexed } from './list-query.js';
import { toJob, type JobRow } from './rows.js';
import { migrations } from './schema.js';
import { sqliteSharedRecords } from './shared-records.js';

/**
 * A better-sqlite3 `Database` you opened (`new Database(file)`): the methods the store calls on it.
 * Declared here, not taken from `@types/better-sqlite3`, so that using the store needs no extra `@types`
 * install; `test/database-type.test.ts` checks that a better-sqlite3 database fits it.
 */
export interface SqliteDatabase {
  /** Compiles a statement. */
  prepare(source: string): unknown;
  /** Runs SQL (migrations). */
  exec(source: string): unknown;
  /** Reads or sets a pragma. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Wraps a function in a transaction. */
  transaction(fn: (...args: never[]) => unknown): unknown;
  /** Closes the database (only when the store opened it). */
  close(): unknown;
  /** Whether the database is open. */
  readonly open: boolean;
}

/** Options of {@link createSqliteStore}: a file to open, or a database you opened (and will close). */
export type SqliteStoreOptions = (
  | {
      /** Path of the database file; created with its tables when missing. */
      filename: string;
      /** Not with `filename`. */
      database?: undefined;
    }
  | {
      /** A better-sqlite3 database you manage; `close()` leaves it open. */
      database: SqliteDatabase;
      /** Not with `database`. */
      filename?: undefined;
    }
) & {
  /** How long a write waits for another process's lock, in ms (default 5 000). */
  busyTimeoutMs?: number | undefined;
  /**
   * `full` (default) syncs every commit to disk, so an acknowledged job survives a power cut.
   * `normal` survives any process crash (SIGKILL included) but may lose the last commits on power loss; it is faster.
   */
  synchronous?: 'full' | 'normal' | undefined;
};

/**
 * A durable {@link JobStore} on SQLite (better-sqlite3) in WAL mode. Any number of workers in any
 * number of processes on one machine may share the file. Tables are created and migrated on open.
 *
 * @example
 * ```ts
 * import { createSqliteStore } from '@callwire/store-sqlite';
 *
 * const store = createSqliteStore({ filename: './callwire.db' });
 * ```
 */
export function createSqliteStore(options: SqliteStoreOptions): JobStore {
  checkSqliteOptions(options);
  const owned = options.database === undefined;
  // A better-sqlite3 database in either case (`SqliteDatabase` describes one without its types).
  const db = (options.database ?? new Database(options.filename)) as Database.Database;
  // The busy timeout first: switching to WAL needs a lock another process may hold while it opens the file.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  migrate(db);

  const sql = statements(db);
  let closed = false;

  /**
   * Inserts one job, or reads the existing one with its key. A new job is answered from what was inserted
   * (positional parameters, no `RETURNING *` row to read back and convert).
   */
  const insertOne = (job: NewJob, input: string): EnqueueResult => {
    const id = newJobId();
    if (sql.insert.run(id, job.pipeline, job.key, input, job.maxAttempts, job.runAt ?? job.now, job.now, job.now).changes === 1) {
      return { job: queuedJob(id, job, input), created: true };
    }
    return { job: toJob(sql.byKey.get(job.pipeline, job.key) as JobRow), created: false };
  };

  // Group commit: enqueues that arrive in the same turn of the event loop are inserted in one
  // transaction, so one commit (one fsync with synchronous=full) acknowledges them all. Each caller
  // still resolves only once its job is committed.
  // `input` is serialised at the flush, only for the jobs that go to the insert (a key known stored is answered by a read).
  type PendingEnqueue = { job: NewJob; input: string; keyId: string; resolve(result: EnqueueResult): void; reject(error: unknown): void };
  let pending: PendingEnqueue[] = [];
  const insertBatch = db.transaction((batch: PendingEnqueue[]) => batch.map((item) => insertOne(item.job, item.input)));
  /** The items whose input serialises, each with its JSON; any other is refused alone (e.g. a BigInt). */
  const serialised = (items: PendingEnqueue[]): PendingEnqueue[] => {
    const ready: PendingEnqueue[] = [];
    for (const item of items) {
      try {
        item.input = JSON.stringify(item.job.input ?? null);
      } catch (error) {
        item.reject(error);
        continue;
      }
      ready.push(item);
    }
    return ready;
  };
  // A key this store has seen stored is answered by a read (no write transaction, no write lock: a
  // webhook retried, or the same call from several connections, costs a lookup). Job rows are never
  // deleted, so a key seen stored stays stored; should the read miss anyway, the job goes to the insert.
  const storedKeys = recentKeys(4_096);
  const readKey = (item: PendingEnqueue) => sql.byKey.get(item.job.pipeline, item.job.key) as JobRow | undefined;
  // Deliveries of the same key (the same call from many connections) share one read of its row.
  const readBatch = db.transaction((groups: PendingEnqueue[][]) => groups.map((items) => readKey(items[0]!)));
  const settle = (batch: PendingEnqueue[], run: () => EnqueueResult[]) => {
    let results: EnqueueResult[];
    try {
      results = run();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => item.resolve(results[index]!));
  };
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const known = new Map<string, PendingEnqueue[]>();
    const fresh: PendingEnqueue[] = [];
    for (const item of batch) {
      const id = (item.keyId = keyId(item.job.pipeline, item.job.key));
      if (!storedKeys.has(id)) fresh.push(item);
      else if (known.has(id)) known.get(id)!.push(item);
      else known.set(id, [item]);
    }
    if (known.size > 0) {
      const groups = [...known.values()];
      let rows: Array<JobRow | undefined> = [];
      try {
        // One key needs no transaction: a single statement reads one consistent row.
        rows = groups.length === 1 ? [readKey(groups[0]![0]!)] : readBatch.deferred(groups);
      } catch {
        rows = []; // unreadable now: the insert path answers them (and reports its own error)
      }
      groups.forEach((items, index) => {
        const row = rows[index];
        for (const item of items) {
          if (row) item.resolve({ job: toJob(row), created: false }); // a job of its own for each caller
          else fresh.push(item);
        }
      });
    }
    const inserts = serialised(fresh);
    if (inserts.length === 0) return;
    settle(inserts, () => {
      const results = insertBatch.immediate(inserts);
      for (const item of inserts) storedKeys.add(item.keyId); // committed (inserted, or found stored): stored from now on
      return results;
    });
  };

  /** Reads, updates and writes a job's input in one write transaction (BEGIN IMMEDIATE), so concurrent updates serialise. */
  const updateInputTx = db.transaction(
    (id: string, update: InputUpdate<unknown>, now: number, runAt: number | undefined): UpdateInputResult | undefined => {
      const row = sql.byId.get(id) as JobRow | undefined;
      if (!row) return undefined;
      const current = toJob(row);
      const next = inputUpdatableStatuses.includes(row.status) ? update(current.input, current) : undefined;
      if (next === undefined) return { job: toJob(row), updated: false };
      const updated = sql.updateInput.get({ id, input: JSON.stringify(next ?? null), run_at: runAt ?? null, now }) as JobRow;
      return { job: toJob(updated), updated: true };
    },
  );

  /** Parks a held job in one write transaction; a signal kept for its wait key is consumed in the same one. */
  const parkTx = db.transaction((id: string, owner: string, { step, record }: ParkRequest, now: number): ParkResult => {
    const row = sql.heldRow.get({ id, owner }) as JobRow | undefined;
    if (!row) return false;
    const key = record.wait.key;
    const kept = key === undefined ? undefined : (sql.takeSignal.get({ pipeline: row.pipeline, key }) as { payload: string } | undefined);
    if (kept) {
      const received = receivedStepRecord(record, JSON.parse(kept.payload), now);
      sql.parkReceived.run({ id, path: stepPath(step), record: JSON.stringify(received), now });
      return 'woken';
    }
    const wait: JobWait = { step, ...record.wait };
    sql.park.run({ id, path: stepPath(step), record: JSON.stringify(record), run_at: wait.until, wait: JSON.stringify(wait), wait_key: key ?? null, now });
    return 'waiting';
  });

  /** Delivers a signal to the job waiting on its key, or keeps it, in one write transaction. */
  const signalTx = db.transaction(({ pipeline, key, payload, now }: SignalRequest): SignalledJob | undefined => {
    const row = sql.waitingOn.get({ pipeline, key }) as JobRow | undefined;
    if (!row) {
      sql.keepSignal.run({ pipeline, key, payload: JSON.stringify(payload ?? null), now });
      return undefined;
    }
    const { step } = JSON.parse(row.wait!) as JobWait;
    const waiting = (JSON.parse(row.steps) as Record<string, StepRecord>)[step];
    sql.receive.run({ id: row.id, path: stepPath(step), record: JSON.stringify(receivedStepRecord(waiting, payload, now)), now });
    return { jobId: row.id, jobKey: row.key, step };
  });

  return {
    ...sqliteSharedRecords(db),
    enqueue<TInput>(job: NewJob<TInput>): Promise<EnqueueResult<TInput>> {
      return new Promise((resolve, reject) => {
        if (closed) throw new Error('The SQLite store is closed.');
        if (pending.length === 0) setImmediate(flush);
        pending.push({ job, input: '', keyId: '', resolve: resolve as PendingEnqueue['resolve'], reject });
      });
    },
    async claim({ owner, leaseMs, now, limit, pipelines, jobId }) {
      if (limit <= 0) return [];
      const rows = sql.claim.all({
        owner,
        now,
        expires: now + leaseMs,
        limit,
        pipelines: pipelines ? JSON.stringify(pipelines) : null,
        job_id: jobId ?? null,
      }) as JobRow[];
      return rows.sort((a, b) => a.run_at - b.run_at || a.seq - b.seq).map(toJob);
    },
    async renew(id, owner, leaseMs, now) {
      return sql.renew.run({ id, owner, expires: now + leaseMs }).changes === 1;
    },
    async saveStep(id, owner, name, record, now) {
      return sql.saveStep.run({ id, owner, path: stepPath(name), record: JSON.stringify(record), now }).changes === 1;
    },
    async complete(id, owner, output, now) {
      return sql.complete.run({ id, owner, output: JSON.stringify(output ?? null), now }).changes === 1;
    },
    async fail(id, owner, error, outcome, now) {
      const dead = 'dead' in outcome;
      return sql.fail.run({ id, owner, error: JSON.stringify(error), dead: dead ? 1 : 0, retry_at: dead ? null : outcome.retryAt, now }).changes === 1;
    },
    async release(id, owner, now) {
      return sql.release.run({ id, owner, now }).changes === 1;
    },
    async park(id, owner, request, now) {
      return parkTx.immediate(id, owner, request, now);
    },
    async signal(request) {
      return signalTx.immediate(request);
    },
    async retry(id, now, options = {}) {
      const row = sql.retry.get({ id, now, reset: JSON.stringify(options.resetSteps ?? []) }) as JobRow | undefined;
      return row && toJob(row);
    },
    async updateInput<TInput>(id: string, update: InputUpdate<TInput>, { now, runAt }: UpdateInputOptions) {
      return updateInputTx.immediate(id, update as InputUpdate<unknown>, now, runAt) as UpdateInputResult<TInput> | undefined;
    },
    async get(id) {
      const row = sql.byId.get(id) as JobRow | undefined;
      return row && toJob(row);
    },
    async getByKey(pipeline, key) {
      const row = sql.byKey.get(pipeline, key) as JobRow | undefined;
      return row && toJob(row);
    },
    async list(query = {}) {
      const statement = (query.status === undefined ? undefined : sql.listByStatus.get(query.status)) ?? sql.list;
      const rows = statement.all({
        status: query.status ?? null,
        pipeline: query.pipeline ?? null,
        before: query.before ?? null,
        limit: Math.min(Math.max(query.limit ?? 50, 1), 500),
      }) as JobRow[];
      return rows.map(toJob);
    },
    async stats(): Promise<StoreStats> {
      const stats = emptyStats();
      for (const row of sql.stats.all() as Array<{ pipeline: string; status: JobRow['status']; count: number }>) {
        stats.add(row.pipeline, row.status, row.count);
      }
      return stats.result();
    },
    async scrub({ pipeline, finishedBefore, now, jobId, keep }) {
      if (jobId === undefined) sql.scrubSignals.run({ pipeline, before: finishedBefore });
      const kept = jobId === undefined ? undefined : keep;
      return sql.scrub.run({
        pipeline,
        before: finishedBefore,
        now,
        job_id: jobId ?? null,
        input: JSON.stringify(kept?.input ?? null),
        keep_steps: JSON.stringify(kept?.steps ?? []),
      }).changes;
    },
    async reserveSlot(key, intervalMs, now) {
      return (sql.reserveSlot.get({ key, interval: intervalMs, now }) as { slot: number }).slot;
    },
    async ping() {
      sql.ping.get();
    },
    async close() {
      if (closed) return;
      flush();
      closed = true;
      if (owned && db.open) db.close();
    },
  };
}

/** Runs pending migrations under a write lock, so processes opening the file at once migrate it once. */
function migrate(db: Database.Database): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let index = version; index < migrations.length; index++) db.exec(migrations[index]!);
    if (version < migrations.length) db.pragma(`user_version = ${migrations.length}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

const held = `id = @id AND lease_owner = @owner AND status = 'running'`;

/** The JSON path of a step in the `steps` column. */
const stepPath = (name: string) => `$."${name.replace(/["\\]/g, '\\$&')}"`;

/** One string for a `pipeline`/`key` pair. */
const keyId = (pipeline: string, key: string) => `${pipeline}\n${key}`;

/** A bounded set of {@link keyId}s; the oldest is forgotten first. */
function recentKeys(limit: number) {
  const keys = new Set<string>();
  const order: string[] = []; // the kept ids, oldest first from `next` on (a ring once full)
  let next = 0;
  return {
    has: (id: string) => keys.has(id),
    add(id: string) {
      if (keys.has(id)) return;
      if (order.length < limit) order.push(id);
      else {
        keys.delete(order[next]!);
        order[next] = id;
        next = (next + 1) % limit;
      }
      keys.add(id);
    },
  };
}

function statements(db: Database.Database) {
  return {
    insert: db.prepare(`
      INSERT INTO callwire_jobs (id, pipeline, key, input, status, max_attempts, run_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)
      ON CONFLICT (pipeline, key) DO NOTHING`),
    byId: db.prepare(`SELECT * FROM callwire_jobs WHERE id = ?`),
    updateInput: db.prepare(`
      UPDATE callwire_jobs SET input = @input, run_at = coalesce(@run_at, run_at), updated_at = @now
      WHERE id = @id
      RETURNING *`),
    byKey: db.prepare(`SELECT * FROM callwire_jobs WHERE pipeline = ? AND key = ?`),
    claim: db.prepare(`
      UPDATE callwire_jobs
      SET status = 'running', attempts = attempts + 1, lease_owner = @owner, lease_expires_at = @expires, updated_at = @now,
          wait = NULL, wait_key = NULL
      WHERE id IN (
        SELECT id FROM callwire_jobs
        WHERE ((status IN ('queued', 'failed', 'waiting') AND run_at <= @now) OR (status = 'running' AND lease_expires_at < @now))
          AND (@pipelines IS NULL OR pipeline IN (SELECT value FROM json_each(@pipelines)))
          AND (@job_id IS NULL OR id = @job_id)
        ORDER BY run_at, seq
        LIMIT @limit)
      RETURNING *`),
    heldRow: db.prepare(`SELECT * FROM callwire_jobs WHERE ${held}`),
    park: db.prepare(`
      UPDATE callwire_jobs
      SET status = 'waiting', attempts = max(attempts - 1, 0), run_at = @run_at, steps = json_set(steps, @path, json(@record)),
          wait = @wait, wait_key = @wait_key, updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
      WHERE id = @id`),
    parkReceived: db.prepare(`
      UPDATE callwire_jobs
      SET status = 'queued', attempts = max(attempts - 1, 0), run_at = @now, steps = json_set(steps, @path, json(@record)),
          wait = NULL, wait_key = NULL, updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
      WHERE id = @id`),
    takeSignal: db.prepare(`
      DELETE FROM callwire_signals
      WHERE seq = (SELECT seq FROM callwire_signals WHERE pipeline = @pipeline AND key = @key ORDER BY seq LIMIT 1)
      RETURNING payload`),
    waitingOn: db.prepare(`
      SELECT * FROM callwire_jobs WHERE pipeline = @pipeline AND wait_key = @key AND status = 'waiting' ORDER BY seq LIMIT 1`),
    keepSignal: db.prepare(`INSERT INTO callwire_signals (pipeline, key, payload, created_at) VALUES (@pipeline, @key, @payload, @now)`),
    receive: db.prepare(`
      UPDATE callwire_jobs
      SET status = 'queued', run_at = @now, steps = json_set(steps, @path, json(@record)), wait = NULL, wait_key = NULL, updated_at = @now
      WHERE id = @id`),
    scrubSignals: db.prepare(`DELETE FROM callwire_signals WHERE pipeline = @pipeline AND created_at < @before`),
    // One statement: the slot is max(now, next_at); next_at moves one interval past it.
    reserveSlot: db.prepare(`
      INSERT INTO callwire_paces (key, next_at) VALUES (@key, @now + @interval)
      ON CONFLICT (key) DO UPDATE SET next_at = max(excluded.next_at, callwire_paces.next_at + @interval)
      RETURNING next_at - @interval AS slot`),
    renew: db.prepare(`UPDATE callwire_jobs SET lease_expires_at = @expires WHERE ${held}`),
    saveStep: db.prepare(`UPDATE callwire_jobs SET steps = json_set(steps, @path, json(@record)), updated_at = @now WHERE ${held}`),
    complete: db.prepare(`
      UPDATE callwire_jobs
      SET status = 'succeeded', output = @output, error = NULL, finished_at = @now, updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
      WHERE ${held}`),
    fail: db.prepare(`
      UPDATE callwire_jobs
      SET status = CASE WHEN @dead = 1 THEN 'dead' ELSE 'failed' END,
          run_at = CASE WHEN @dead = 1 THEN run_at ELSE @retry_at END,
          finished_at = CASE WHEN @dead = 1 THEN @now ELSE NULL END,
          error = @error, updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
      WHERE ${held}`),
    release: db.prepare(`
      UPDATE callwire_jobs
      SET status = 'queued', attempts = max(attempts - 1, 0), run_at = @now, updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
      WHERE ${held}`),
    retry: db.prepare(`
      UPDATE callwire_jobs
      SET status = 'queued', attempts = 0, run_at = @now, updated_at = @now, finished_at = NULL,
          steps = (SELECT json_group_object(key, json(value)) FROM json_each(callwire_jobs.steps)
                   WHERE key NOT IN (SELECT value FROM json_each(@reset)))
      WHERE id = @id AND status IN ('dead', 'failed') AND scrubbed_at IS NULL
      RETURNING *`),
    list: db.prepare(listSql()),
    listByStatus: new Map<string, Database.Statement>(statusesIndexed.map((status) => [status, db.prepare(listSql(status))])),
    stats: db.prepare(`SELECT pipeline, status, count(*) AS count FROM callwire_jobs GROUP BY pipeline, status`),
    scrub: db.prepare(`
      UPDATE callwire_jobs
      SET input = @input, output = 'null', scrubbed_at = @now,
          steps = (SELECT json_group_object(key, CASE WHEN key IN (SELECT value FROM json_each(@keep_steps)) THEN json(value)
                                                      ELSE json_remove(value, '$.result') END)
                   FROM json_each(callwire_jobs.steps))
      WHERE pipeline = @pipeline AND status IN ('succeeded', 'dead') AND finished_at < @before
        AND (CASE WHEN @job_id IS NULL THEN scrubbed_at IS NULL ELSE id = @job_id END)`),
    ping: db.prepare(`SELECT 1`),
  };
}

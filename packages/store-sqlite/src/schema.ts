/** Ordered migrations; the database's `user_version` records how many have run. */
export const migrations: readonly string[] = [
  `CREATE TABLE callwire_jobs (
     seq              INTEGER PRIMARY KEY AUTOINCREMENT,
     id               TEXT NOT NULL UNIQUE,
     pipeline         TEXT NOT NULL,
     key              TEXT NOT NULL,
     input            TEXT NOT NULL,
     status           TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','dead')),
     attempts         INTEGER NOT NULL DEFAULT 0,
     max_attempts     INTEGER NOT NULL,
     steps            TEXT NOT NULL DEFAULT '{}',
     output           TEXT,
     error            TEXT,
     run_at           INTEGER NOT NULL,
     lease_owner      TEXT,
     lease_expires_at INTEGER,
     created_at       INTEGER NOT NULL,
     updated_at       INTEGER NOT NULL,
     finished_at      INTEGER,
     UNIQUE (pipeline, key)
   );
   CREATE INDEX callwire_jobs_due ON callwire_jobs (run_at) WHERE status IN ('queued', 'failed');
   CREATE INDEX callwire_jobs_lease ON callwire_jobs (lease_expires_at) WHERE status = 'running';
   CREATE INDEX callwire_jobs_status ON callwire_jobs (status, seq);`,
  // Durable waits. SQLite cannot change a CHECK constraint in place: the table is rebuilt (rows, seq
  // values and the AUTOINCREMENT counter kept), inside the migration's write transaction.
  `CREATE TABLE callwire_jobs_v2 (
     seq              INTEGER PRIMARY KEY AUTOINCREMENT,
     id               TEXT NOT NULL UNIQUE,
     pipeline         TEXT NOT NULL,
     key              TEXT NOT NULL,
     input            TEXT NOT NULL,
     status           TEXT NOT NULL CHECK (status IN ('queued','running','waiting','succeeded','failed','dead')),
     attempts         INTEGER NOT NULL DEFAULT 0,
     max_attempts     INTEGER NOT NULL,
     steps            TEXT NOT NULL DEFAULT '{}',
     output           TEXT,
     error            TEXT,
     run_at           INTEGER NOT NULL,
     lease_owner      TEXT,
     lease_expires_at INTEGER,
     created_at       INTEGER NOT NULL,
     updated_at       INTEGER NOT NULL,
     finished_at      INTEGER,
     wait             TEXT,
     wait_key         TEXT,
     UNIQUE (pipeline, key)
   );
   INSERT INTO callwire_jobs_v2 (seq, id, pipeline, key, input, status, attempts, max_attempts, steps, output, error, run_at,
                                 lease_owner, lease_expires_at, created_at, updated_at, finished_at)
     SELECT seq, id, pipeline, key, input, status, attempts, max_attempts, steps, output, error, run_at,
            lease_owner, lease_expires_at, created_at, updated_at, finished_at
     FROM callwire_jobs;
   DROP TABLE callwire_jobs;
   ALTER TABLE callwire_jobs_v2 RENAME TO callwire_jobs;
   -- (status, run_at): a claim seeks the due range of each claimable status, however many jobs wait for later.
   CREATE INDEX callwire_jobs_due ON callwire_jobs (status, run_at) WHERE status IN ('queued', 'failed', 'waiting');
   CREATE INDEX callwire_jobs_lease ON callwire_jobs (lease_expires_at) WHERE status = 'running';
   CREATE INDEX callwire_jobs_status ON callwire_jobs (status, seq);
   CREATE INDEX callwire_jobs_wait_key ON callwire_jobs (pipeline, wait_key, seq) WHERE status = 'waiting';
   CREATE TABLE callwire_signals (
     seq        INTEGER PRIMARY KEY AUTOINCREMENT,
     pipeline   TEXT NOT NULL,
     key        TEXT NOT NULL,
     payload    TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX callwire_signals_key ON callwire_signals (pipeline, key, seq);
   CREATE INDEX callwire_signals_created ON callwire_signals (created_at);`,
  // Shared paces (provider rate limits) for reserveSlot.
  `CREATE TABLE callwire_paces (
     key     TEXT PRIMARY KEY,
     next_at INTEGER NOT NULL
   );`,
  // Retention per pipeline: when a job's data was removed (jobs scrubbed before this column existed have a null input).
  `ALTER TABLE callwire_jobs ADD COLUMN scrubbed_at INTEGER;
   UPDATE callwire_jobs SET scrubbed_at = finished_at WHERE input = 'null' AND status IN ('succeeded', 'dead');
   CREATE INDEX callwire_jobs_finished ON callwire_jobs (pipeline, finished_at) WHERE scrubbed_at IS NULL AND status IN ('succeeded', 'dead');`,
  // Shared records (console sessions) and fixed-window counters (limits shared by every process).
  `CREATE TABLE callwire_records (
     namespace  TEXT NOT NULL,
     key        TEXT NOT NULL,
     value      TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (namespace, key)
   );
   CREATE TABLE callwire_hits (
     key      TEXT PRIMARY KEY,
     count    INTEGER NOT NULL,
     reset_at INTEGER NOT NULL
   );
   CREATE INDEX callwire_hits_reset ON callwire_hits (reset_at);`,
  // The status index serves list({ status }) for the statuses few jobs have at once (see list-query.ts); queued and
  // succeeded jobs, every insert and every completion, stay out of it. Its WHERE is a chain of ORs, the form SQLite
  // matches against the list query's status = '…'.
  `DROP INDEX callwire_jobs_status;
   CREATE INDEX callwire_jobs_status ON callwire_jobs (status, seq)
     WHERE status = 'running' OR status = 'waiting' OR status = 'failed' OR status = 'dead';`,
];

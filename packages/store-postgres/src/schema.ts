/** Ordered migrations; `{schema}` is replaced by the quoted schema name. */
export const migrations: readonly string[] = [
  `CREATE TABLE {schema}.callwire_jobs (
     seq              BIGSERIAL PRIMARY KEY,
     id               TEXT NOT NULL UNIQUE,
     pipeline         TEXT NOT NULL,
     key              TEXT NOT NULL,
     input            TEXT NOT NULL,
     status           TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','dead')),
     attempts         INTEGER NOT NULL DEFAULT 0,
     max_attempts     INTEGER NOT NULL,
     output           TEXT,
     error            TEXT,
     run_at           BIGINT NOT NULL,
     lease_owner      TEXT,
     lease_expires_at BIGINT,
     created_at       BIGINT NOT NULL,
     updated_at       BIGINT NOT NULL,
     finished_at      BIGINT,
     UNIQUE (pipeline, key)
   );
   CREATE INDEX callwire_jobs_due ON {schema}.callwire_jobs (run_at, seq) WHERE status IN ('queued', 'failed');
   CREATE INDEX callwire_jobs_lease ON {schema}.callwire_jobs (lease_expires_at) WHERE status = 'running';
   CREATE INDEX callwire_jobs_status ON {schema}.callwire_jobs (status, seq);
   CREATE TABLE {schema}.callwire_steps (
     job_id      TEXT NOT NULL REFERENCES {schema}.callwire_jobs (id) ON DELETE CASCADE,
     name        TEXT NOT NULL,
     status      TEXT NOT NULL,
     attempts    INTEGER NOT NULL,
     started_at  BIGINT NOT NULL,
     finished_at BIGINT NOT NULL,
     result      TEXT,
     error       TEXT,
     PRIMARY KEY (job_id, name)
   );`,
  // Durable waits: the `waiting` status, what a waiting job waits for, and signals that came before their wait.
  `DO $$
   DECLARE c record;
   BEGIN
     FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = '{schema}.callwire_jobs'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'
     LOOP
       EXECUTE format('ALTER TABLE {schema}.callwire_jobs DROP CONSTRAINT %I', c.conname);
     END LOOP;
   END $$;
   ALTER TABLE {schema}.callwire_jobs ADD CONSTRAINT callwire_jobs_status_check
     CHECK (status IN ('queued','running','waiting','succeeded','failed','dead'));
   ALTER TABLE {schema}.callwire_jobs ADD COLUMN IF NOT EXISTS wait TEXT, ADD COLUMN IF NOT EXISTS wait_key TEXT;
   ALTER TABLE {schema}.callwire_steps ADD COLUMN IF NOT EXISTS wait TEXT;
   DROP INDEX IF EXISTS {schema}.callwire_jobs_due;
   CREATE INDEX callwire_jobs_due ON {schema}.callwire_jobs (run_at, seq) WHERE status IN ('queued', 'failed', 'waiting');
   CREATE INDEX IF NOT EXISTS callwire_jobs_wait_key ON {schema}.callwire_jobs (pipeline, wait_key, seq) WHERE status = 'waiting';
   CREATE TABLE IF NOT EXISTS {schema}.callwire_signals (
     seq        BIGSERIAL PRIMARY KEY,
     pipeline   TEXT NOT NULL,
     key        TEXT NOT NULL,
     payload    TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS callwire_signals_key ON {schema}.callwire_signals (pipeline, key, seq);
   CREATE INDEX IF NOT EXISTS callwire_signals_created ON {schema}.callwire_signals (created_at);`,
  // Shared paces (provider rate limits) for reserveSlot.
  `CREATE TABLE IF NOT EXISTS {schema}.callwire_paces (
     key     TEXT PRIMARY KEY,
     next_at BIGINT NOT NULL
   );`,
  // Side-effect steps: when a provider call began with its outcome unknown, whether an interrupted run was
  // confirmed at the provider, and how many re-runs may have repeated the effect.
  `ALTER TABLE {schema}.callwire_steps
     ADD COLUMN IF NOT EXISTS intent_at BIGINT,
     ADD COLUMN IF NOT EXISTS confirmed BOOLEAN,
     ADD COLUMN IF NOT EXISTS maybe_duplicated INTEGER;`,
  // Retention per pipeline: when a job's data was removed (jobs scrubbed before this column existed have a null input).
  `ALTER TABLE {schema}.callwire_jobs ADD COLUMN IF NOT EXISTS scrubbed_at BIGINT;
   UPDATE {schema}.callwire_jobs SET scrubbed_at = finished_at WHERE input = 'null' AND status IN ('succeeded', 'dead');
   CREATE INDEX IF NOT EXISTS callwire_jobs_finished ON {schema}.callwire_jobs (pipeline, finished_at)
     WHERE scrubbed_at IS NULL AND status IN ('succeeded', 'dead');`,
  // Shared records (console sessions) and fixed-window counters (limits shared by every process).
  `CREATE TABLE IF NOT EXISTS {schema}.callwire_records (
     namespace  TEXT NOT NULL,
     key        TEXT NOT NULL,
     value      TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     PRIMARY KEY (namespace, key)
   );
   CREATE TABLE IF NOT EXISTS {schema}.callwire_hits (
     key      TEXT PRIMARY KEY,
     count    INTEGER NOT NULL,
     reset_at BIGINT NOT NULL
   );
   CREATE INDEX IF NOT EXISTS callwire_hits_reset ON {schema}.callwire_hits (reset_at);`,
  // The status index serves list({ status }) for the statuses few jobs have at once. Queued and succeeded jobs,
  // every insert and every completion, stay out of it (they are listed from the primary key, where they are
  // dense): a new job writes one index fewer.
  `DROP INDEX IF EXISTS {schema}.callwire_jobs_status;
   CREATE INDEX IF NOT EXISTS callwire_jobs_status ON {schema}.callwire_jobs (status, seq)
     WHERE status IN ('running', 'waiting', 'failed', 'dead');`,
];

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
];

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
];

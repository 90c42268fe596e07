import type { Job, JobStatus } from '@callwire/core';

/** A `callwire_jobs` row as better-sqlite3 returns it. */
export interface JobRow {
  seq: number;
  id: string;
  pipeline: string;
  key: string;
  input: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  steps: string;
  output: string | null;
  error: string | null;
  run_at: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

/** Turns a row into a {@link Job}, leaving out fields that are not set. */
export function toJob(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    pipeline: row.pipeline,
    key: row.key,
    input: JSON.parse(row.input) as unknown,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    steps: JSON.parse(row.steps) as Job['steps'],
    runAt: row.run_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.output !== null) job.output = JSON.parse(row.output) as unknown;
  if (row.error !== null) job.error = JSON.parse(row.error) as Job['error'];
  if (row.lease_owner !== null) job.leaseOwner = row.lease_owner;
  if (row.lease_expires_at !== null) job.leaseExpiresAt = row.lease_expires_at;
  if (row.finished_at !== null) job.finishedAt = row.finished_at;
  return job;
}

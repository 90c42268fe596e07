import type { Job, JobStatus, NewJob } from './types.js';

/**
 * The columns of a `callwire_jobs` row as SQL stores keep them: snake_case, JSON as text, epoch
 * milliseconds as numbers (or as the strings drivers return for BIGINT).
 */
export interface JobColumns {
  id: string;
  pipeline: string;
  key: string;
  input: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  output: string | null;
  error: string | null;
  run_at: number | string;
  lease_owner: string | null;
  lease_expires_at: number | string | null;
  created_at: number | string;
  updated_at: number | string;
  finished_at: number | string | null;
  /** The job's {@link Job.wait} as JSON while it is `waiting` (stores without durable waits may leave it out). */
  wait?: string | null;
  /** The job's {@link Job.scrubbedAt} (stores without it may leave it out). */
  scrubbed_at?: number | string | null;
}

/**
 * Turns a row of {@link JobColumns} and the job's step records into a {@link Job}, leaving out the
 * fields that are not set. For store authors.
 *
 * @example
 * ```ts
 * const job = jobFromColumns(row, JSON.parse(row.steps));
 * ```
 */
export function jobFromColumns(row: JobColumns, steps: Job['steps']): Job {
  const job: Job = {
    id: row.id,
    pipeline: row.pipeline,
    key: row.key,
    input: JSON.parse(row.input) as unknown,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    steps,
    runAt: Number(row.run_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.output !== null) job.output = JSON.parse(row.output) as unknown;
  if (row.error !== null) job.error = JSON.parse(row.error) as Job['error'];
  if (row.lease_owner !== null) job.leaseOwner = row.lease_owner;
  if (row.lease_expires_at !== null) job.leaseExpiresAt = Number(row.lease_expires_at);
  if (row.finished_at !== null) job.finishedAt = Number(row.finished_at);
  if (row.wait !== null && row.wait !== undefined) job.wait = JSON.parse(row.wait) as Job['wait'];
  if (row.scrubbed_at !== null && row.scrubbed_at !== undefined) job.scrubbedAt = Number(row.scrubbed_at);
  return job;
}

/**
 * The job a store's insert of `job` created, built from what was inserted (no row read back): queued, no
 * attempts and no steps, under the new `id`, with `input` as the JSON text stored. For store authors.
 *
 * @example
 * ```ts
 * if (insert.run(id, job.pipeline, job.key, input).changes === 1) return { job: queuedJob(id, job, input), created: true };
 * ```
 */
export function queuedJob(id: string, job: NewJob, input: string): Job {
  const runAt = job.runAt ?? job.now;
  return {
    id,
    pipeline: job.pipeline,
    key: job.key,
    input: JSON.parse(input) as unknown,
    status: 'queued',
    attempts: 0,
    maxAttempts: job.maxAttempts,
    steps: {},
    runAt,
    createdAt: job.now,
    updatedAt: job.now,
  };
}

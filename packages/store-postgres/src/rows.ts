import type { Job, JobStatus, StepRecord } from '@callwire/core';

/** A `callwire_jobs` row as pg returns it (BIGINT columns arrive as strings). */
export interface JobRow {
  id: string;
  pipeline: string;
  key: string;
  input: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  output: string | null;
  error: string | null;
  run_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A `callwire_steps` row. */
export interface StepRow {
  job_id: string;
  name: string;
  status: StepRecord['status'];
  attempts: number;
  started_at: string;
  finished_at: string;
  result: string | null;
  error: string | null;
}

/** Turns a row and its step rows into a {@link Job}, leaving out fields that are not set. */
export function toJob(row: JobRow, stepRows: readonly StepRow[]): Job {
  const steps: Job['steps'] = {};
  for (const step of stepRows) steps[step.name] = toStep(step);
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
  return job;
}

function toStep(row: StepRow): StepRecord {
  const record: StepRecord = { status: row.status, attempts: row.attempts, startedAt: Number(row.started_at), finishedAt: Number(row.finished_at) };
  if (row.result !== null) record.result = JSON.parse(row.result) as unknown;
  if (row.error !== null) record.error = JSON.parse(row.error) as StepRecord['error'];
  return record;
}

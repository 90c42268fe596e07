import { jobFromColumns, type Job, type JobColumns, type StepRecord } from '@callwire/core';

/** A `callwire_jobs` row as pg returns it (BIGINT columns arrive as strings). */
export type JobRow = JobColumns & { run_at: string };

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
  /** The step's {@link StepRecord.wait} as JSON (added by migration 2). */
  wait: string | null;
  /** {@link StepRecord.intentAt}, {@link StepRecord.confirmed}, {@link StepRecord.maybeDuplicated} (added by migration 4). */
  intent_at?: string | null;
  confirmed?: boolean | null;
  maybe_duplicated?: number | null;
}

/** Turns a row and its step rows into a {@link Job}. */
export function toJob(row: JobRow, stepRows: readonly StepRow[]): Job {
  const steps: Job['steps'] = {};
  for (const step of stepRows) steps[step.name] = toStep(step);
  return jobFromColumns(row, steps);
}

/** Turns a step row into a {@link StepRecord}. */
export function toStep(row: StepRow): StepRecord {
  const record: StepRecord = { status: row.status, attempts: row.attempts, startedAt: Number(row.started_at), finishedAt: Number(row.finished_at) };
  if (row.result !== null) record.result = JSON.parse(row.result) as unknown;
  if (row.error !== null) record.error = JSON.parse(row.error) as StepRecord['error'];
  if (row.wait !== null && row.wait !== undefined) record.wait = JSON.parse(row.wait) as StepRecord['wait'];
  if (row.intent_at !== null && row.intent_at !== undefined) record.intentAt = Number(row.intent_at);
  if (row.confirmed) record.confirmed = true;
  if (row.maybe_duplicated) record.maybeDuplicated = row.maybe_duplicated;
  return record;
}

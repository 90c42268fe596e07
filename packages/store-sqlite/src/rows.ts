import { jobFromColumns, type Job, type JobColumns } from '@callwire/core';

/** A `callwire_jobs` row as better-sqlite3 returns it. */
export interface JobRow extends JobColumns {
  seq: number;
  steps: string;
  run_at: number;
}

/** Turns a row into a {@link Job}. */
export const toJob = (row: JobRow): Job => jobFromColumns(row, row.steps === '{}' ? {} : (JSON.parse(row.steps) as Job['steps']));

import type { JobStatus } from '@callwire/core';

/** The statuses few jobs have at once: the status index holds only these jobs, and `list({ status })` reads it for them. */
export const statusesIndexed = ['running', 'waiting', 'failed', 'dead'] as const satisfies readonly JobStatus[];

/**
 * The `list` query. With one of {@link statusesIndexed}, the status is written into the SQL: SQLite uses a partial
 * index only when a term of the query's WHERE appears in the index's (its `status = 'dead' OR …`), which a bound
 * parameter never does. Queued and succeeded jobs are listed from the table itself, newest first, where they are dense.
 */
export function listSql(status?: (typeof statusesIndexed)[number]): string {
  return `
    SELECT * FROM callwire_jobs
    WHERE ${status === undefined ? '(@status IS NULL OR status = @status)' : `status = '${status}'`}
      AND (@pipeline IS NULL OR pipeline = @pipeline)
      AND (@before IS NULL OR seq < (SELECT seq FROM callwire_jobs WHERE id = @before))
    ORDER BY seq DESC
    LIMIT @limit`;
}

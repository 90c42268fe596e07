import { jobStatuses, type JobStatus, type StoreStats } from './types.js';

const zeroCounts = (): Record<JobStatus, number> =>
  Object.fromEntries(jobStatuses.map((status) => [status, 0])) as Record<JobStatus, number>;

/**
 * Builds {@link StoreStats} from `(pipeline, status, count)` rows, such as the rows of a
 * `GROUP BY pipeline, status` query. For store authors.
 *
 * @example
 * ```ts
 * const stats = emptyStats();
 * for (const row of rows) stats.add(row.pipeline, row.status, row.count);
 * return stats.result();
 * ```
 */
export function emptyStats() {
  const result: StoreStats = { total: 0, byStatus: zeroCounts(), byPipeline: {} };
  return {
    add(pipeline: string, status: JobStatus, count: number) {
      result.total += count;
      result.byStatus[status] += count;
      (result.byPipeline[pipeline] ??= zeroCounts())[status] += count;
    },
    result: () => result,
  };
}

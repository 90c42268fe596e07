/**
 * Small records every process shares through the job store: console sessions, and counters for limits
 * that must hold across processes (wrong secrets per client address). Additive to the job model: a store
 * keeps them apart from jobs (their own tables in SQL stores).
 */

/** A record of {@link SharedRecords}: a JSON value under a namespace and key, until it expires. */
export interface SharedRecord<T = unknown> {
  key: string;
  value: T;
  /** Epoch milliseconds: from then on the record is gone. */
  expiresAt: number;
}

/** The state of a fixed-window counter after {@link SharedRecords.countHit}. */
export interface HitCount {
  /** Hits counted in the current window (this one included). */
  count: number;
  /** Epoch milliseconds: when the current window ends and the count starts again at 0. */
  resetAt: number;
}

/** The shared-record part of the {@link JobStore} port. `runStoreConformance()` checks it. */
export interface SharedRecords {
  /** Stores `value` (JSON) under `namespace` and `key` until `expiresAt`, replacing a record already there. */
  putRecord(namespace: string, key: string, value: unknown, expiresAt: number): Promise<void>;
  /** The record under `namespace` and `key`, or `undefined` when there is none or it expired by `now`. */
  getRecord(namespace: string, key: string, now: number): Promise<SharedRecord | undefined>;
  /** The records of `namespace` that have not expired by `now`, soonest to expire first (expired ones are deleted). */
  listRecords(namespace: string, now: number): Promise<SharedRecord[]>;
  /** Deletes the record under `key`, or every record of `namespace` when `key` is omitted; resolves how many. */
  deleteRecords(namespace: string, key?: string): Promise<number>;
  /**
   * Counts `hits` (default 1; `0` only reads) on the fixed-window counter `key`: a window of `windowMs` starts at
   * the first hit after the previous one ended. Atomic across processes: N concurrent hits add exactly N.
   */
  countHit(key: string, windowMs: number, now: number, hits?: number): Promise<HitCount>;
}

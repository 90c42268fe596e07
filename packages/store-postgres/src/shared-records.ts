import type { HitCount, SharedRecord, SharedRecords } from '@callwire/core';

type RecordRow = { key: string; value: string; expires_at: string };
type Query = <R extends { [column: string]: any }>(text: string, values?: unknown[]) => Promise<{ rows: R[]; rowCount: number | null }>;

/** {@link SharedRecords} on the `callwire_records` and `callwire_hits` tables of `schema` (console sessions, shared limits). */
export function postgresSharedRecords(query: Query, schema: string): SharedRecords {
  const records = `${schema}.callwire_records`;
  const hitsTable = `${schema}.callwire_hits`;
  const toRecord = (row: RecordRow): SharedRecord => ({ key: row.key, value: JSON.parse(row.value) as unknown, expiresAt: Number(row.expires_at) });
  return {
    async putRecord(namespace, key, value, expiresAt) {
      await query(
        `INSERT INTO ${records} (namespace, key, value, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [namespace, key, JSON.stringify(value ?? null), expiresAt],
      );
    },
    async getRecord(namespace, key, now) {
      const { rows } = await query<RecordRow>(`SELECT key, value, expires_at FROM ${records} WHERE namespace = $1 AND key = $2 AND expires_at > $3`, [namespace, key, now]);
      return rows[0] && toRecord(rows[0]);
    },
    async listRecords(namespace, now) {
      await query(`DELETE FROM ${records} WHERE namespace = $1 AND expires_at <= $2`, [namespace, now]);
      const { rows } = await query<RecordRow>(`SELECT key, value, expires_at FROM ${records} WHERE namespace = $1 ORDER BY expires_at, key`, [namespace]);
      return rows.map(toRecord);
    },
    async deleteRecords(namespace, key) {
      const result = key === undefined
        ? await query(`DELETE FROM ${records} WHERE namespace = $1`, [namespace])
        : await query(`DELETE FROM ${records} WHERE namespace = $1 AND key = $2`, [namespace, key]);
      return result.rowCount ?? 0;
    },
    async countHit(key, windowMs, now, hits = 1): Promise<HitCount> {
      if (hits === 0) {
        const { rows } = await query<{ count: number; reset_at: string }>(`SELECT count, reset_at FROM ${hitsTable} WHERE key = $1 AND reset_at > $2`, [key, now]);
        return rows[0] ? { count: rows[0].count, resetAt: Number(rows[0].reset_at) } : { count: 0, resetAt: now + windowMs };
      }
      // One statement, row-locked by the upsert: a new window starts when the previous one ended.
      const { rows } = await query<{ count: number; reset_at: string }>(
        `INSERT INTO ${hitsTable} AS h (key, count, reset_at) VALUES ($1, $2, $3::bigint + $4::bigint)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN h.reset_at <= $3::bigint THEN $2 ELSE h.count + $2 END,
           reset_at = CASE WHEN h.reset_at <= $3::bigint THEN $3::bigint + $4::bigint ELSE h.reset_at END
         RETURNING count, reset_at`,
        [key, hits, now, windowMs],
      );
      const row = rows[0]!;
      if (row.count === hits) await query(`DELETE FROM ${hitsTable} WHERE reset_at <= $1`, [now]); // a new window: forget ended counters
      return { count: row.count, resetAt: Number(row.reset_at) };
    },
  };
}

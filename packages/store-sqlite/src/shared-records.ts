import type { HitCount, SharedRecord, SharedRecords } from '@callwire/core';
import type Database from 'better-sqlite3';

type RecordRow = { key: string; value: string; expires_at: number };

/** {@link SharedRecords} on the `callwire_records` and `callwire_hits` tables (console sessions, shared limits). */
export function sqliteSharedRecords(db: Pick<Database.Database, 'prepare'>): SharedRecords {
  const sql = {
    put: db.prepare(`
      INSERT INTO callwire_records (namespace, key, value, expires_at) VALUES (@namespace, @key, @value, @expires_at)
      ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`),
    get: db.prepare(`SELECT key, value, expires_at FROM callwire_records WHERE namespace = @namespace AND key = @key AND expires_at > @now`),
    purge: db.prepare(`DELETE FROM callwire_records WHERE namespace = @namespace AND expires_at <= @now`),
    list: db.prepare(`SELECT key, value, expires_at FROM callwire_records WHERE namespace = @namespace ORDER BY expires_at, key`),
    deleteOne: db.prepare(`DELETE FROM callwire_records WHERE namespace = @namespace AND key = @key`),
    deleteAll: db.prepare(`DELETE FROM callwire_records WHERE namespace = @namespace`),
    // One statement: a new window starts when the previous one ended.
    hit: db.prepare(`
      INSERT INTO callwire_hits (key, count, reset_at) VALUES (@key, @hits, @now + @window)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN callwire_hits.reset_at <= @now THEN @hits ELSE callwire_hits.count + @hits END,
        reset_at = CASE WHEN callwire_hits.reset_at <= @now THEN @now + @window ELSE callwire_hits.reset_at END
      RETURNING count, reset_at`),
    peek: db.prepare(`SELECT count, reset_at FROM callwire_hits WHERE key = @key AND reset_at > @now`),
    dropEnded: db.prepare(`DELETE FROM callwire_hits WHERE reset_at <= @now`),
  };
  const toRecord = (row: RecordRow): SharedRecord => ({ key: row.key, value: JSON.parse(row.value) as unknown, expiresAt: row.expires_at });
  return {
    async putRecord(namespace, key, value, expiresAt) {
      sql.put.run({ namespace, key, value: JSON.stringify(value ?? null), expires_at: expiresAt });
    },
    async getRecord(namespace, key, now) {
      const row = sql.get.get({ namespace, key, now }) as RecordRow | undefined;
      return row && toRecord(row);
    },
    async listRecords(namespace, now) {
      sql.purge.run({ namespace, now });
      return (sql.list.all({ namespace }) as RecordRow[]).map(toRecord);
    },
    async deleteRecords(namespace, key) {
      return (key === undefined ? sql.deleteAll.run({ namespace }) : sql.deleteOne.run({ namespace, key })).changes;
    },
    async countHit(key, windowMs, now, hits = 1): Promise<HitCount> {
      if (hits === 0) {
        const row = sql.peek.get({ key, now }) as { count: number; reset_at: number } | undefined;
        return row ? { count: row.count, resetAt: row.reset_at } : { count: 0, resetAt: now + windowMs };
      }
      const row = sql.hit.get({ key, hits, now, window: windowMs }) as { count: number; reset_at: number };
      if (row.count === hits) sql.dropEnded.run({ now }); // a new window: forget the counters that ended
      return { count: row.count, resetAt: row.reset_at };
    },
  };
}

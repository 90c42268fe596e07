import type { HitCount, SharedRecord, SharedRecords } from '../engine/shared-records.js';

/** {@link SharedRecords} in process memory, for {@link createMemoryStore}; values kept as JSON, as SQL stores keep them. */
export function memorySharedRecords(open: () => void): SharedRecords {
  const records = new Map<string, Map<string, { value: string; expiresAt: number }>>();
  const counters = new Map<string, HitCount>();
  const namespaceOf = (namespace: string) => {
    let found = records.get(namespace);
    if (!found) records.set(namespace, (found = new Map()));
    return found;
  };
  const toRecord = (key: string, stored: { value: string; expiresAt: number }): SharedRecord => ({ key, value: JSON.parse(stored.value) as unknown, expiresAt: stored.expiresAt });
  return {
    async putRecord(namespace, key, value, expiresAt) {
      open();
      namespaceOf(namespace).set(key, { value: JSON.stringify(value ?? null), expiresAt });
    },
    async getRecord(namespace, key, now) {
      open();
      const stored = records.get(namespace)?.get(key);
      return stored && stored.expiresAt > now ? toRecord(key, stored) : undefined;
    },
    async listRecords(namespace, now) {
      open();
      const found = namespaceOf(namespace);
      for (const [key, stored] of found) if (stored.expiresAt <= now) found.delete(key);
      return [...found].map(([key, stored]) => toRecord(key, stored)).sort((a, b) => a.expiresAt - b.expiresAt);
    },
    async deleteRecords(namespace, key) {
      open();
      const found = records.get(namespace);
      if (!found) return 0;
      if (key !== undefined) return found.delete(key) ? 1 : 0;
      const count = found.size;
      records.delete(namespace);
      return count;
    },
    async countHit(key, windowMs, now, hits = 1) {
      open();
      const current = counters.get(key);
      const live = current && current.resetAt > now ? current : undefined;
      if (hits === 0) return live ? { ...live } : { count: 0, resetAt: now + windowMs };
      const next = live ? { count: live.count + hits, resetAt: live.resetAt } : { count: hits, resetAt: now + windowMs };
      counters.set(key, next);
      if (!live) for (const [other, counter] of counters) if (counter.resetAt <= now) counters.delete(other);
      return { ...next };
    },
  };
}

import assert from 'node:assert/strict';
import type { JobStore } from '../engine/types.js';
import { withStore, type MakeStore, type StoreCheck } from './store-conformance-support.js';

const T0 = 1_700_000_000_000;

/** The store contract of shared records and counters ({@link JobStore.putRecord} … {@link JobStore.countHit}). */
export const sharedRecordChecks: readonly StoreCheck[] = [
  {
    name: 'shared records: put, get, replace, list unexpired ones per namespace, delete one or all',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        await store.putRecord('sessions', 'a', { ip: '198.51.100.7', at: T0, text: 'ünïcødé ✓' }, T0 + 1_000);
        await store.putRecord('sessions', 'b', { ip: '198.51.100.8' }, T0 + 3_000);
        await store.putRecord('sessions', 'old', { ip: '198.51.100.9' }, T0 + 10);
        await store.putRecord('other', 'a', 'another namespace', T0 + 5_000);
        assert.deepEqual(await store.getRecord('sessions', 'a', T0), { key: 'a', value: { ip: '198.51.100.7', at: T0, text: 'ünïcødé ✓' }, expiresAt: T0 + 1_000 });
        assert.equal(await store.getRecord('sessions', 'old', T0 + 10), undefined, 'expired at expiresAt');
        assert.equal(await store.getRecord('sessions', 'missing', T0), undefined);
        await store.putRecord('sessions', 'a', { ip: '198.51.100.7', seen: T0 + 50 }, T0 + 2_000);
        assert.deepEqual((await store.listRecords('sessions', T0 + 100)).map((r) => [r.key, r.value, r.expiresAt]), [
          ['a', { ip: '198.51.100.7', seen: T0 + 50 }, T0 + 2_000],
          ['b', { ip: '198.51.100.8' }, T0 + 3_000],
        ]);
        assert.equal(await store.deleteRecords('sessions', 'a'), 1);
        assert.equal(await store.deleteRecords('sessions', 'a'), 0);
        assert.equal(await store.getRecord('sessions', 'a', T0), undefined, 'a deleted record is gone');
        assert.equal(await store.deleteRecords('sessions'), 1);
        assert.deepEqual(await store.listRecords('sessions', T0), []);
        assert.deepEqual((await store.getRecord('other', 'a', T0))?.value, 'another namespace', 'deleting a namespace leaves the others');
      });
    },
  },
  {
    name: 'countHit counts in a fixed window per key, reads with 0 hits, and starts again when the window ends',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        assert.deepEqual(await store.countHit('guess:a', 60_000, T0, 0), { count: 0, resetAt: T0 + 60_000 }, 'reading creates nothing');
        assert.deepEqual(await store.countHit('guess:a', 60_000, T0), { count: 1, resetAt: T0 + 60_000 });
        assert.deepEqual(await store.countHit('guess:a', 60_000, T0 + 10), { count: 2, resetAt: T0 + 60_000 });
        assert.deepEqual(await store.countHit('guess:a', 60_000, T0 + 20, 0), { count: 2, resetAt: T0 + 60_000 });
        assert.deepEqual(await store.countHit('guess:b', 60_000, T0 + 30), { count: 1, resetAt: T0 + 60_030 }, 'another key counts apart');
        assert.deepEqual(await store.countHit('guess:a', 60_000, T0 + 60_000), { count: 1, resetAt: T0 + 120_000 }, 'a new window');
        assert.deepEqual(await store.countHit('guess:b', 60_000, T0 + 60_031, 0), { count: 0, resetAt: T0 + 120_031 });
      });
    },
  },
  {
    name: '40 concurrent countHit calls on one key count exactly 40',
    async run({ makeStore }) {
      await withStore(makeStore, async (store) => {
        const counts = await Promise.all(Array.from({ length: 40 }, () => store.countHit('guess:burst', 60_000, T0)));
        assert.deepEqual(counts.map((c) => c.count).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1));
        assert.equal((await store.countHit('guess:burst', 60_000, T0 + 1, 0)).count, 40);
      });
    },
  },
];

/**
 * The load-and-kill run, small enough for the suite (the full one is `pnpm faults:kill`: 5 runs of 200 calls and
 * 5 kills on each store and notifier): calls delivered over HTTP to 3 server processes (intake + worker) while two
 * of them are SIGKILLed and replaced.
 */
import { describe, expect, inject, it } from 'vitest';
import { loadAndKill } from '../../../../test-support/load-kill/run.js';

describe('load and SIGKILL: 60 calls in flight, 2 server processes killed', () => {
  it('Web API notifier on SQLite: every acknowledged call stored and posted once, 0 duplicated, 0 missing', async () => {
    const result = await loadAndKill({ store: 'sqlite', notifier: 'webapi', calls: 60, kills: 2 });
    expect(result).toMatchObject({ kills: 2, acked: 60, stored: 60, succeeded: 60, posts: 60, duplicated: 0, missing: 0 });
  }, 180_000);

  it('incoming webhook on PostgreSQL: every acknowledged call stored and posted, every duplicate reported by step.maybe-duplicated', async () => {
    const result = await loadAndKill({ store: 'postgres', databaseUrl: inject('databaseUrl'), notifier: 'webhook', calls: 60, kills: 2 });
    expect(result).toMatchObject({ kills: 2, acked: 60, stored: 60, succeeded: 60, missing: 0 });
    expect(result.posts).toBe(60 + result.duplicated);
    expect(result.duplicated).toBeLessThanOrEqual(result.reported); // the events
    expect(result.duplicated).toBeLessThanOrEqual(result.marked); // the marks on the records: the durable report
  }, 180_000);
});

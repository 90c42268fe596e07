import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '@callwire/store-sqlite';
import { newJobId } from '../src/job-id.js';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('job ids are time-ordered UUIDs (version 7)', () => {
  it('carries the time in its first 48 bits, then random bits with the RFC 9562 version and variant', () => {
    const id = newJobId(Date.UTC(2026, 10, 30));
    expect(id).toMatch(uuidV7);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 30));
    expect(newJobId(1_000)).not.toBe(newJobId(1_000));
  });

  it('sorts ids of later milliseconds after earlier ones', () => {
    const ids = [5, 1_000, 1_700_000_000_000, 1_800_000_000_000].map((ms) => newJobId(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is what the store gives a new job', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    const { job } = await store.enqueue({ pipeline: 'calls', key: 'c-1', input: {}, maxAttempts: 3, now: 0 });
    expect(job.id).toMatch(uuidV7);
    await store.close();
  });
});

import { expect, it } from 'vitest';
import { createSqliteStore } from '@callwire/store-sqlite';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

it('gives a new job a time-ordered id (newJobId, UUID version 7)', async () => {
  const store = createSqliteStore({ filename: ':memory:' });
  const { job } = await store.enqueue({ pipeline: 'calls', key: 'c-1', input: {}, maxAttempts: 3, now: 0 });
  expect(job.id).toMatch(uuidV7);
  await store.close();
});

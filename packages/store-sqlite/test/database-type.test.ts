import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { createSqliteStore, type SqliteDatabase } from '@callwire/store-sqlite';

it('takes a better-sqlite3 database you opened, typed by our own SqliteDatabase (no @types/better-sqlite3 for users), and leaves it open', async () => {
  const opened = new Database(':memory:');
  const database: SqliteDatabase = opened; // the type checker (`pnpm typecheck`) proves a real database fits the declared type
  const store = createSqliteStore({ database });
  const first = await store.enqueue({ pipeline: 'p', key: 'k', input: { n: 1 }, maxAttempts: 3, now: 1 });
  const again = await store.enqueue({ pipeline: 'p', key: 'k', input: { n: 2 }, maxAttempts: 3, now: 2 });
  expect([first.created, again.created, again.job.id]).toEqual([true, false, first.job.id]);
  await store.close();
  expect(opened.open).toBe(true);
  expect(opened.prepare('SELECT count(*) AS n FROM callwire_jobs').get()).toEqual({ n: 1 });
  opened.close();
});

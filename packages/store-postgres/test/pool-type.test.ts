import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { createPostgresStore, type PostgresPool } from '@callwire/store-postgres';

it('takes a pg.Pool you manage, typed by our own PostgresPool (no @types/pg for users), and leaves it open', async () => {
  const opened = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  const pool: PostgresPool = opened; // the type checker (`pnpm typecheck`) proves a real pool fits the declared type
  const schema = `cw_pool_${randomBytes(4).toString('hex')}`;
  const store = createPostgresStore({ pool, schema });
  try {
    const first = await store.enqueue({ pipeline: 'p', key: 'k', input: { n: 1 }, maxAttempts: 3, now: 1 });
    const again = await store.enqueue({ pipeline: 'p', key: 'k', input: { n: 2 }, maxAttempts: 3, now: 2 });
    expect([first.created, again.created, again.job.id]).toEqual([true, false, first.job.id]);
    await store.close();
    const { rows } = await opened.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".callwire_jobs`);
    expect(rows).toEqual([{ n: '1' }]);
  } finally {
    await opened.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await opened.end();
  }
});

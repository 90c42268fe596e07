import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { createPostgresStore, type PostgresPool } from '@callwire/store-postgres';

const admin = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

/**
 * A store on a pool that records the text of every statement the store runs through `pool.query`, and the keys
 * each enqueue batch sent (its one parameter is the batch as a JSON array). With `holdFirstBatch`, the first batch
 * reaches the database only once that promise resolves.
 */
function recordedStore(options: { holdFirstBatch?: Promise<void> } = {}) {
  const schema = `cw_batch_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  const statements: string[] = [];
  const batches: string[][] = [];
  const pool: PostgresPool = {
    query: async (text, values) => {
      statements.push(text);
      if (text.includes('json_to_recordset')) {
        batches.push((JSON.parse(values![0] as string) as { key: string }[]).map((row) => row.key));
        if (batches.length === 1) await options.holdFirstBatch;
      }
      return admin.query(text, values);
    },
    connect: () => admin.connect(),
    end: async () => {},
  };
  return { store: createPostgresStore({ pool, schema }), statements, batches, schema };
}

const job = (key: string, now = 1_000) => ({ pipeline: 'calls', key, input: { key }, maxAttempts: 5, now });

it('sends enqueues that arrive together as one statement, and reads back only the duplicates', async () => {
  const { store, statements } = recordedStore();
  await store.ping();
  statements.length = 0;
  const keys = Array.from({ length: 20 }, (_, index) => `call-${index}`);
  const first = await Promise.all(keys.map((key) => store.enqueue(job(key))));
  expect(first.every((result) => result.created)).toBe(true);
  expect(statements).toHaveLength(1);

  statements.length = 0;
  const again = await Promise.all([...keys.slice(0, 10).map((key) => store.enqueue(job(key, 2_000))), store.enqueue(job('call-new', 2_000))]);
  expect(again.map((result) => result.created)).toEqual([...Array<boolean>(10).fill(false), true]);
  expect(again.slice(0, 10).map((result) => result.job)).toEqual(first.slice(0, 10).map((result) => result.job));
  expect(statements).toHaveLength(2); // the insert, then one read of the ten duplicates
  await store.close();
});

it('sends one batch at a time: the enqueues arriving while it is in flight go together in the next', async () => {
  let release!: () => void;
  const { store, batches } = recordedStore({ holdFirstBatch: new Promise<void>((resolve) => (release = resolve)) });
  await store.ping();
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  const first = store.enqueue(job('first'));
  while (batches.length === 0) await nextTurn(); // the first batch is in flight, held
  const later: ReturnType<typeof store.enqueue>[] = [];
  for (let index = 0; index < 10; index++) {
    later.push(store.enqueue(job(`later-${index}`)));
    await nextTurn(); // each in a turn of its own
  }
  expect(batches).toHaveLength(1);
  release();
  const results = await Promise.all([first, ...later]);
  expect(results.map((result) => result.created)).toEqual(Array<boolean>(11).fill(true));
  expect(batches).toEqual([['first'], Array.from({ length: 10 }, (_, index) => `later-${index}`)]);
  for (const { job: stored } of results) expect(await store.get(stored.id)).toEqual(stored);
  await store.close();
});

it('stores each input as the exact JSON text it was given, and answers a new job exactly as the database holds it', async () => {
  const { store, schema } = recordedStore();
  const inputs = [
    { text: 'नमस्ते "quoted" \\ back\nline \u2028 \u0000 \ud800 😀', nested: { list: [1, 2.5, null, -0, 1e21] }, dropped: undefined },
    'a bare string',
    null,
    [{}, []],
  ];
  const results = await Promise.all(inputs.map((input, index) => store.enqueue({ pipeline: 'calls', key: `k${index}`, input, maxAttempts: 3, runAt: 5_000, now: 4_000 })));
  const { rows } = await admin.query<{ key: string; input: string }>(`SELECT key, input FROM "${schema}".callwire_jobs ORDER BY key`);
  expect(rows.map((row) => row.input)).toEqual(inputs.map((input) => JSON.stringify(input)));
  for (const { job, created } of results) {
    expect(created).toBe(true);
    expect(job).toEqual(await store.get(job.id));
    expect(job).toMatchObject({ status: 'queued', attempts: 0, maxAttempts: 3, runAt: 5_000, createdAt: 4_000, updatedAt: 4_000, steps: {} });
  }
  await store.close();
});

it('plans the enqueue statement without reading the whole jobs table, even in the generic plan a prepared statement settles on', async () => {
  // A prepared statement is re-planned generically after a few runs, with the statistics of that moment (a nearly
  // empty table). A plan that scans callwire_jobs there makes every later batch cost as much as the table is long.
  const { store, statements } = recordedStore();
  await Promise.all([store.enqueue(job('first')), store.enqueue(job('second'))]);
  const insert = statements.find((text) => text.includes('INSERT INTO') && text.includes('callwire_jobs'));
  expect(insert).toBeDefined();
  const client = await admin.connect();
  try {
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE enqueue_plan AS ${insert!}`);
    const parameters = Math.max(...[...insert!.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE enqueue_plan(${Array<string>(parameters).fill('NULL').join(', ')})`);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain(`Insert on callwire_jobs`);
    expect(plan).not.toMatch(/Seq Scan on callwire_jobs/);
  } finally {
    await client.query('DEALLOCATE ALL');
    await client.query('RESET plan_cache_mode');
    client.release();
  }
  await store.close();
});

it('gives new jobs time-ordered ids (newJobId, UUID version 7)', async () => {
  const { store } = recordedStore();
  const results = await Promise.all(['t-1', 't-2', 't-3'].map((key) => store.enqueue(job(key))));
  for (const { job: created } of results) expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(await store.get(results[0]!.job.id)).toMatchObject({ key: 't-1', status: 'queued' });
  await store.close();
});

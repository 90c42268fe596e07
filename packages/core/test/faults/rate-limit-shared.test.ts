/**
 * Finding 3, across processes: the guess limit was per process, so N processes (N Lambda instances) allowed N × 20
 * wrong secrets a minute from one address. It is now counted in the job store: two handlers — two processes' worth,
 * each with its own store connection — on one SQLite file, and on one PostgreSQL schema, share one count. Counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createHandler, createPipeline, type CallwireHandler, type JobStore } from '@callwire/core';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';

const OPERATOR = 'operator-shared-limit-secret-0123456789';
const url = inject('databaseUrl');
const admin = new pg.Pool({ connectionString: url, max: 1 });
const schemas: string[] = [];
const dirs: string[] = [];
const opened: JobStore[] = [];
const tally = { tried: 0, limited: 0 };
afterAll(async () => {
  for (const store of opened) await store.close();
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  console.log(`shared rate limit: ${tally.tried} wrong secrets tried over two handlers, ${tally.limited} answered 429`);
});

/** Two stores over the same data: one SQLite file, or one PostgreSQL schema. */
function twoStores(kind: 'sqlite' | 'postgres'): [JobStore, JobStore] {
  let make: () => JobStore;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'callwire-limit-'));
    dirs.push(dir);
    make = () => createSqliteStore({ filename: join(dir, 'limit.db') });
  } else {
    const schema = `cw_limit_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    make = () => createPostgresStore({ connectionString: url, schema, maxConnections: 2 });
  }
  const stores: [JobStore, JobStore] = [make(), make()];
  opened.push(...stores);
  return stores;
}

const handlerOn = (store: JobStore, trustProxy = false): CallwireHandler =>
  createHandler({ pipelines: [createPipeline({ name: 'jobs', store, run: async () => 'ok' })], auth: { operatorSecret: OPERATOR }, console: true, trustProxy: trustProxy ? 1 : false });

const jobs = (h: CallwireHandler, secret: string, ip: string, headers: Record<string, string> = {}) =>
  h(new Request('http://callwire.test/jobs', { headers: { authorization: `Bearer ${secret}`, ...headers } }), { ip });

async function login(h: CallwireHandler, secret: string, ip: string): Promise<Response> {
  const page = await (await h(new Request('http://callwire.test/console/login'), { ip })).text();
  const token = /name="login_token" value="([^"]+)"/.exec(page)![1]!;
  const body = new URLSearchParams({ login_token: token, secret }).toString();
  return h(new Request('http://callwire.test/console/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), { ip });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`finding 3 across processes on ${kind}`, () => {
    it('20 wrong secrets spread over two handlers (API and console login): the 21st, at either, gets 429 with Retry-After', async () => {
      const [a, b] = twoStores(kind).map((store) => handlerOn(store));
      for (let i = 0; i < 10; i++) {
        tally.tried += 2;
        expect((await jobs(a!, `wrong-a-${i}`, '198.51.100.70')).status).toBe(401);
        expect((await login(b!, `wrong-b-${i}`, '198.51.100.70')).status).toBe(401);
      }
      for (const [h, attempt] of [[a!, () => jobs(a!, 'wrong-21', '198.51.100.70')], [b!, () => login(b!, OPERATOR, '198.51.100.70')]] as const) {
        tally.tried++;
        const limited = await attempt();
        expect(limited.status, String(h === a ? 'handler a' : 'handler b')).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        tally.limited++;
      }
      expect((await jobs(b!, OPERATOR, '198.51.100.71')).status, 'another address is not held').toBe(200);
    });

    it('behind a trusted proxy, forwarded clients are counted apart, across handlers', async () => {
      const [a, b] = twoStores(kind).map((store) => handlerOn(store, true));
      for (let i = 0; i < 20; i++) {
        tally.tried++;
        await jobs(i % 2 === 0 ? a! : b!, 'wrong', '10.0.0.1', { 'x-forwarded-for': '192.0.2.60' });
      }
      tally.tried++;
      expect((await jobs(a!, 'wrong', '10.0.0.1', { 'x-forwarded-for': '192.0.2.60' })).status).toBe(429);
      tally.limited++;
      expect((await jobs(b!, OPERATOR, '10.0.0.1', { 'x-forwarded-for': '192.0.2.61' })).status).toBe(200);
    });
  });
}

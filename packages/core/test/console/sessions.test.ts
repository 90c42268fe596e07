/**
 * Finding 2 of the hardening issue: console logout did not end a session — a copied cookie kept working (pages,
 * re-drive) until it expired. Sessions now live in the job store: logout ends one everywhere, "log out everywhere"
 * ends all, a new operator secret ends all, and the console lists the active ones (no token shown).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler, createPipeline, type CallwireHandler } from '@callwire/core';
import { createSqliteStore } from '@callwire/store-sqlite';
import { consoleClient } from './client.js';

const SECRET = 'console-sessions-secret-0123456789abcdef';
const NEW_SECRET = 'console-sessions-rotated-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'callwire-sessions-'));
const file = join(dir, 'sessions.db');
const stores = [createSqliteStore({ filename: file }), createSqliteStore({ filename: file })];
/** Two processes' handlers over one SQLite file (each with its own store connection). */
const handlers = stores.map((store) =>
  createHandler({ pipelines: [createPipeline({ name: 'jobs', store, run: async () => 'ok' })], auth: { operatorSecret: SECRET }, console: true }),
);
const [one, two] = handlers as [CallwireHandler, CallwireHandler];

beforeAll(async () => {
  await stores[0]!.ping();
});
afterAll(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A client of `handler` that starts with `cookie` (a copied cookie). */
const withCookie = (handler: CallwireHandler, cookie: string | undefined) => {
  const client = consoleClient(handler);
  client.cookie = cookie;
  return client;
};

describe('finding 2: console sessions are revocable', () => {
  it('a copied cookie works in another process, and stops working everywhere after logout', async () => {
    const operator = consoleClient(one);
    expect((await operator.login(SECRET)).status).toBe(303);
    const thief = withCookie(two, operator.cookie);
    expect((await thief.get('/jobs')).status).toBe(200);
    const csrf = operator.csrf((await operator.get('/jobs')).text)!;
    expect((await operator.post('/logout', { csrf })).status).toBe(303);
    expect((await thief.get('/jobs')).location).toBe('/console/login');
    expect((await thief.post('/logout-all', { csrf })).status).toBe(403);
    expect((await withCookie(one, thief.cookie).get('/sessions')).location).toBe('/console/login');
  });

  it('lists the active sessions with created, last seen and client address, and no token', async () => {
    const first = consoleClient(one);
    await first.login(SECRET);
    // A login from a known address (the handler's context carries it).
    const page = await (await one(new Request('http://callwire.test/console/login'), { ip: '198.51.100.23' })).text();
    const token = /name="login_token" value="([^"]+)"/.exec(page)![1]!;
    const login = await one(
      new Request('http://callwire.test/console/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login_token: token, secret: SECRET }) }),
      { ip: '198.51.100.23' },
    );
    const second = withCookie(two, login.headers.get('set-cookie')!.split(';')[0]);
    const list = await second.get('/sessions');
    expect(list.status).toBe(200);
    expect(list.text).toContain('198.51.100.23');
    expect(list.text).toContain('this session');
    expect((list.text.match(/<tr>/g) ?? []).length).toBeGreaterThanOrEqual(3); // header + two sessions
    for (const cookie of [first.cookie!, second.cookie!]) {
      const [id, , signature] = cookie.split('=')[1]!.split('.');
      expect(list.text).not.toContain(id);
      expect(list.text).not.toContain(signature);
    }
    expect(list.text).not.toContain(SECRET);
  });

  it('"log out everywhere" ends every session, in every process', async () => {
    const a = consoleClient(one);
    const b = consoleClient(two);
    await a.login(SECRET);
    await b.login(SECRET);
    const csrf = b.csrf((await b.get('/sessions')).text)!;
    const out = await b.post('/logout-all', { csrf });
    expect([out.status, out.location]).toEqual([303, '/console/login']);
    expect((await a.get('/jobs')).location).toBe('/console/login');
    expect((await b.get('/jobs')).location).toBe('/console/login');
    const fresh = consoleClient(one);
    await fresh.login(SECRET);
    expect((await fresh.get('/jobs')).status).toBe(200);
  });

  it('a new operator secret ends the sessions made under the old one', async () => {
    const before = consoleClient(one);
    await before.login(SECRET);
    const rotated = createHandler({ pipelines: [createPipeline({ name: 'jobs', store: stores[1]!, run: async () => 'ok' })], auth: { operatorSecret: NEW_SECRET }, console: true });
    expect((await withCookie(rotated, before.cookie).get('/jobs')).location).toBe('/console/login');
    const after = consoleClient(rotated);
    await after.login(NEW_SECRET);
    const list = await after.get('/sessions');
    expect((list.text.match(/class="badge">this session/g) ?? []).length).toBe(1);
    expect((list.text.match(/<tr>/g) ?? []).length).toBe(2); // header + the one session under the new secret
  });
});

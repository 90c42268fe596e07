import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { createHandler } from '@callwire/core';
import { createExpressRouter } from '@callwire/adapter-express';
import { listen } from '@callwire/core/testing';
import { consoleKey, issueSession } from '../../src/console/session.js';
import { startConsoleApp, OPERATOR_SECRET, type ConsoleApp } from './app.js';
import { consoleClient } from './client.js';

let app: ConsoleApp;
let deadJobId: string;

beforeAll(async () => {
  app = await startConsoleApp();
  app.slack.broken = true;
  deadJobId = (await app.call('auth-dead')).id;
  app.slack.broken = false;
});
afterAll(() => app.close());

describe('console access', () => {
  it('sends a visitor without a session to the login page', async () => {
    const client = consoleClient(app.handler);
    for (const path of ['', '/jobs', `/jobs/${deadJobId}`, '/calls', '/appointments']) {
      const { status, location } = await client.get(path);
      expect([path, status, location]).toEqual([path, 303, '/console/login']);
    }
  });

  it('refuses a wrong secret with 401 and sets no cookie', async () => {
    const client = consoleClient(app.handler);
    const { status, text, response } = await client.login('not-the-secret');
    expect(status).toBe(401);
    expect(text).toContain('That is not the operator secret.');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await client.get('/jobs')).location).toBe('/console/login');
  });

  it('refuses a login form without its signed token (login CSRF)', async () => {
    const client = consoleClient(app.handler);
    const { status, response } = await client.post('/login', { secret: OPERATOR_SECRET });
    expect(status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('logs in with the secret: an HttpOnly, SameSite=Strict, signed cookie that does not hold the secret', async () => {
    const client = consoleClient(app.handler);
    const { status, location, response } = await client.login(OPERATOR_SECRET);
    expect([status, location]).toEqual([303, '/console/jobs']);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^callwire_console=[\w-]+\.\d+\.[\w-]{43}; Max-Age=28800; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(OPERATOR_SECRET);
    expect(setCookie).not.toContain(Buffer.from(OPERATOR_SECRET).toString('base64url'));
    const jobs = await client.get('/jobs');
    expect(jobs.status).toBe(200);
    expect(jobs.text).toContain(deadJobId);
  });

  it('marks the cookie Secure over https, and behind a trusted proxy that says https', async () => {
    const https = consoleClient(app.handler, 'https://ops.example.test');
    expect((await https.login(OPERATOR_SECRET)).response.headers.get('set-cookie')).toMatch(/; Secure$/);
    const proxied = createHandler({ pipelines: [app.calls, app.appointments], auth: { operatorSecret: OPERATOR_SECRET }, console: true, trustProxy: true });
    const behindProxy = consoleClient(proxied);
    const page = await behindProxy.get('/login');
    const token = /name="login_token" value="([^"]+)"/.exec(page.text)![1]!;
    const response = await proxied(
      new Request('http://callwire.test/console/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' }, body: new URLSearchParams({ login_token: token, secret: OPERATOR_SECRET }) }),
    );
    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('treats forged, tampered and expired cookies as no session', async () => {
    const client = consoleClient(app.handler);
    await client.login(OPERATOR_SECRET);
    const [id, expires, signature] = client.cookie!.slice('callwire_console='.length).split('.') as [string, string, string];
    const key = consoleKey(OPERATOR_SECRET);
    const expired = issueSession(key, Date.now() - 10 * 3_600_000, 3_600_000).value;
    const otherSecret = issueSession(consoleKey('another-secret'), Date.now(), 3_600_000).value;
    const forged = [
      `${id}.${Number(expires) + 86_400_000}.${signature}`, // a later expiry under the old signature
      `${id}.${expires}.${'A'.repeat(43)}`,
      `${id}.${expires}`,
      OPERATOR_SECRET,
      expired,
      otherSecret,
    ];
    for (const value of forged) {
      client.cookie = `callwire_console=${value}`;
      expect((await client.get('/jobs')).location).toBe('/console/login');
    }
  });

  it('refuses state-changing POSTs without the CSRF token, or with a wrong one, and changes nothing', async () => {
    const client = consoleClient(app.handler);
    await client.login(OPERATOR_SECRET);
    const confirm = await client.get(`/jobs/${deadJobId}/redrive`);
    expect(confirm.status).toBe(200);
    const csrf = client.csrf(confirm.text)!;
    expect(csrf).toMatch(/^[\w-]{43}$/);
    const other = consoleClient(app.handler);
    await other.login(OPERATOR_SECRET);
    const otherCsrf = other.csrf((await other.get('/jobs')).text)!;
    const forms: Record<string, string>[] = [{}, { csrf: '' }, { csrf: 'x'.repeat(43) }, { csrf: otherCsrf }];
    for (const form of forms) {
      const refused = await client.post(`/jobs/${deadJobId}/redrive`, form);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('CSRF token is missing or wrong');
    }
    expect((await app.store.get(deadJobId))!.status).toBe('dead');
    expect((await client.post('/logout', {})).status).toBe(403);
    expect((await client.get('/jobs')).status).toBe(200);
  });

  it('refuses a POST without a session', async () => {
    const { status } = await consoleClient(app.handler).post(`/jobs/${deadJobId}/redrive`, { csrf: 'x' });
    expect(status).toBe(403);
    expect((await app.store.get(deadJobId))!.status).toBe('dead');
  });

  it('logs out: the cookie is cleared', async () => {
    const client = consoleClient(app.handler);
    await client.login(OPERATOR_SECRET);
    const csrf = client.csrf((await client.get('/jobs')).text)!;
    const out = await client.post('/logout', { csrf });
    expect([out.status, out.location]).toEqual([303, '/console/login']);
    expect(out.response.headers.get('set-cookie')).toMatch(/^callwire_console=; Max-Age=0;/);
    expect((await client.get('/jobs')).location).toBe('/console/login');
  });

  it('says how to configure the secret when none is set', async () => {
    const handler = createHandler({ pipelines: [app.calls], console: true });
    const client = consoleClient(handler);
    for (const page of [await client.get('/login'), await client.get('/jobs'), await client.post('/login', { secret: '' })]) {
      expect(page.status).toBe(403);
      expect(page.text).toContain('auth.operatorSecret');
      expect(page.response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('serves pages with a strict CSP, no-store and no framing, and no inline script or style', async () => {
    const client = consoleClient(app.handler);
    const pages = [await client.get('/login')];
    await client.login(OPERATOR_SECRET);
    pages.push(await client.get('/jobs'), await client.get(`/jobs/${deadJobId}`), await client.get(`/calls/${deadJobId}`), await client.get(`/jobs/${deadJobId}/redrive`));
    for (const { response, text } of pages) {
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(text).not.toMatch(/<script|<style|style=|\son\w+=/i);
    }
    const cssHref = /<link rel="stylesheet" href="\/console(\/console\.[0-9a-f]{12}\.css)">/.exec(pages[0]!.text)![1]!;
    const css = await client.get(cssHref);
    expect(css.response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.text).toContain(':focus-visible');
  });

  it('is off unless asked for, and works under basePath or a mount path (relative links)', async () => {
    const off = createHandler({ pipelines: [app.calls], auth: { operatorSecret: OPERATOR_SECRET } });
    expect((await consoleClient(off).get('/login')).status).toBe(404);
    const based = createHandler({ pipelines: [app.calls], auth: { operatorSecret: OPERATOR_SECRET }, console: { title: 'Acme ops' }, basePath: '/callwire' });
    const client = consoleClient(based, 'http://callwire.test', '/callwire/console');
    const login = await client.login(OPERATOR_SECRET);
    expect(login.location).toBe('/callwire/console/jobs');
    const jobs = await client.get('/jobs');
    expect(jobs.text).toContain('<title>Jobs · Acme ops</title>');
    expect(jobs.text).toContain('href="/callwire/console/calls"');
    expect(jobs.raw).toContain('href="../console/calls"');
    // An Express router mounted at /ops hands callwire /console/…; the browser resolves links under /ops.
    const job = await consoleClient(app.handler).get(`/jobs/${deadJobId}`);
    expect(new URL(job.response.headers.get('location')!, `http://callwire.test/ops/console/jobs/${deadJobId}`).pathname).toBe('/ops/console/login');
  });

  it('works mounted in an Express app: log in and reach a job below the mount path', async () => {
    const express5 = express();
    express5.use('/ops', createExpressRouter(app.handler));
    const server = await listen(express5);
    try {
      const login = await fetch(`${server.url}/ops/console/login`);
      const token = /name="login_token" value="([^"]+)"/.exec(await login.text())![1]!;
      const answer = await fetch(`${server.url}/ops/console/login`, { method: 'POST', body: new URLSearchParams({ login_token: token, secret: OPERATOR_SECRET }), redirect: 'manual' });
      const next = new URL(answer.headers.get('location')!, `${server.url}/ops/console/login`);
      expect(next.pathname).toBe('/ops/console/jobs');
      const cookie = answer.headers.get('set-cookie')!.split(';')[0]!;
      const jobs = await fetch(next, { headers: { cookie } });
      const page = await jobs.text();
      const href = /href="([^"]+)">[^<]*<\/a><\/td><td data-label="Pipeline">calls/.exec(page)![1]!;
      const job = await fetch(new URL(href, next), { headers: { cookie } });
      expect([job.status, new URL(job.url).pathname]).toEqual([200, `/ops/console/jobs/${deadJobId}`]);
      expect(await job.text()).toContain('invalid_blocks');
    } finally {
      await server.close();
    }
  });
});

import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler, createWorker, type ErrorContext, type JobStore } from '@callwire/core';
import { createMemoryStore, listen, type LocalServer } from '@callwire/core/testing';
import { createExpressRouter } from '@callwire/adapter-express';
import { testCallsPipeline } from '../../core/test/http/test-pipelines.js';

const operatorSecret = 'operator-secret-123-0123456789abcdef';
let store: JobStore;
let calls: ReturnType<typeof testCallsPipeline>;
let server: LocalServer;
const reported: Array<{ error: unknown; context: ErrorContext }> = [];

beforeAll(async () => {
  store = createMemoryStore();
  calls = testCallsPipeline(store);
  const app = express();
  app.use(
    '/callwire',
    createExpressRouter({
      pipelines: [calls],
      auth: { operatorSecret },
      limits: { maxBodyBytes: 2048 },
      onError: (error, context) => reported.push({ error, context }),
    }),
  );
  app.get('/own-route', (_req, res) => void res.json({ mine: true }));
  server = await listen(app);
});
afterAll(() => server.close());

const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}/callwire${path}`, init);
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const asOperator = { authorization: `Bearer ${operatorSecret}` };

describe('HTTP contract through Express 5 on a real port', () => {
  it('GET / answers { service, version } and leaves the app\'s own routes alone', async () => {
    const response = await call('/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ service: 'callwire', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(await (await fetch(`${server.url}/own-route`)).json()).toEqual({ mine: true });
  });

  it('POST /webhook/zapier answers { success, message, call_id }, then "duplicate" for a repeat, 422 with field paths without call_id', async () => {
    const first = await postJson('/webhook/zapier', { call_id: 'call-100', from: '+919876543210' });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ success: true, message: expect.any(String), call_id: 'call-100' });
    const again = await postJson('/webhook/zapier', { call_id: 'call-100' });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { message: string }).message).toMatch(/duplicate/i);
    const missing = await postJson('/webhook/zapier', { from: '+919876543210' });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ error: 'invalid_payload', message: expect.any(String), issues: [{ path: 'call_id', message: 'Required' }] });
    expect((await store.list({ pipeline: 'calls' })).map((job) => job.key)).toEqual(['call-100']);
  });

  it('GET /health answers 200 { status, database, services, stats }', async () => {
    const response = await call('/health');
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'healthy', database: 'connected', services: { slack: 'configured', assemblyai: 'not configured' } });
    expect(body.stats).toMatchObject({ total_processed: expect.any(Number), successfully_posted: expect.any(Number), failed: expect.any(Number) });
  });

  it('GET /stats counts the calls pipeline in the legacy field names', async () => {
    await postJson('/webhook/zapier', { call_id: 'call-101' });
    await postJson('/webhook/zapier', { call_id: 'fail-102' });
    await createWorker({ pipelines: [calls] }).drain();
    const response = await call('/stats');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { stats: unknown }).stats).toMatchObject({ total_processed: 3, successfully_posted: 2, failed: 1, retrying: 0, in_progress: 0 });
  });

  it('answers 404 for unknown routes, 405 with Allow for wrong methods, 413 for big bodies, 400 for bad JSON', async () => {
    expect((await call('/nope')).status).toBe(404);
    const wrong = await call('/webhook/zapier');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const big = await postJson('/webhook/zapier', { call_id: 'c', padding: 'x'.repeat(4000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'payload_too_large' });
    const bad = await call('/webhook/zapier', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"call_id":' });
    expect(bad.status).toBe(400);
    expect(reported).toEqual([]);
  });

  it('operator routes need the operator secret: 401 without or wrong, 200 with it', async () => {
    expect((await call('/jobs')).status).toBe(401);
    expect((await call('/jobs', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await call('/call/call-100')).status).toBe(401);
    const list = await call('/jobs?status=dead', { headers: asOperator });
    expect(list.status).toBe(200);
    const { jobs } = (await list.json()) as { jobs: Array<{ id: string; key: string; status: string }> };
    expect(jobs.map((job) => [job.key, job.status])).toEqual([['fail-102', 'dead']]);
    expect(await (await call('/call/call-100', { headers: asOperator })).json()).toEqual({ call_id: 'call-100', status: 'succeeded' });
    const one = await call(`/jobs/${jobs[0]!.id}`, { headers: asOperator });
    expect(((await one.json()) as { job: { key: string } }).job.key).toBe('fail-102');
    expect((await call('/jobs/00000000-0000-4000-8000-000000000000', { headers: asOperator })).status).toBe(404);
  });

  it('GET /jobs validates its query with field paths (422)', async () => {
    const response = await call('/jobs?status=bogus&limit=0', { headers: asOperator });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)).toEqual(['status', 'limit']);
  });

  it('POST /jobs/:id/retry re-drives a dead job (and refuses a succeeded one with 409)', async () => {
    const dead = (await store.list({ status: 'dead' }))[0]!;
    const retried = await call(`/jobs/${dead.id}/retry`, { method: 'POST', headers: asOperator });
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { job: { status: string } }).job.status).toBe('queued');
    expect((await store.get(dead.id))!.status).toBe('queued');
    const done = (await store.list({ status: 'succeeded' }))[0]!;
    expect((await call(`/jobs/${done.id}/retry`, { method: 'POST', headers: asOperator })).status).toBe(409);
  });

  it('without an operator secret configured, operator routes answer 403 saying how to configure one', async () => {
    const app = express();
    app.use(createExpressRouter({ pipelines: [testCallsPipeline(createMemoryStore())] }));
    const bare = await listen(app);
    try {
      const response = await fetch(`${bare.url}/jobs`);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { message: string }).message).toMatch(/auth\.operatorSecret/);
    } finally {
      await bare.close();
    }
  });

  it('a failing store answers 503 with Retry-After and no internals, /health says degraded, onError hears of it', async () => {
    const broken = { ...createMemoryStore(), stats: () => Promise.reject(new TypeError('secret internals: password=hunter2')) };
    const seen: unknown[] = [];
    const handler = createHandler({ pipelines: [testCallsPipeline(broken)], onError: (error) => seen.push(error) });
    const app = express();
    app.use(createExpressRouter(handler));
    const bare = await listen(app);
    try {
      const response = await fetch(`${bare.url}/stats`);
      expect(response.status).toBe(503);
      expect(await response.text()).not.toContain('hunter2');
      expect(response.headers.get('retry-after')).toBe('5');
      const health = await (await fetch(`${bare.url}/health`)).json();
      expect(health).toMatchObject({ status: 'degraded', database: 'unreachable', stats: null });
      expect(seen).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });
});

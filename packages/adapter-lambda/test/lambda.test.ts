import { describe, expect, it } from 'vitest';
import { CallwireError, createPipeline, createWorker, json, type AuthOptions, type HttpContribution, type Route } from '@callwire/core';
import { createMemoryStore, fromLambdaResult, lambdaEvent } from '@callwire/core/testing';
import { createLambdaHandler, createScheduledHandler, createSqsHandler, type LambdaHttpEvent } from '@callwire/adapter-lambda';
import { testCallsPipeline } from '../../core/test/http/test-pipelines.js';

function reflectingHandler(auth: AuthOptions = {}) {
  const routes: Route[] = [
    { method: 'GET', path: '/who', auth: 'webhook', handle: async ({ ip, request }) => json({ ip, cookie: request.headers.get('cookie') }) },
    { method: 'GET', path: '/cookies', auth: 'public', handle: async () => {
      const headers = new Headers();
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response('ok', { headers });
    } },
  ];
  const pipeline = Object.assign(createPipeline({ name: 'reflect', store: createMemoryStore(), run: async () => undefined }), {
    routes: () => routes,
    services: () => ({}),
  } satisfies HttpContribution);
  return createLambdaHandler({ pipelines: [pipeline], auth });
}

describe('createLambdaHandler', () => {
  it('answers 400 (never throws) for events it cannot read', async () => {
    const lambda = reflectingHandler();
    const malformed: unknown[] = [
      null,
      undefined,
      'GET /',
      {},
      { Records: [{ messageId: '1', body: '{}' }] },
      { httpMethod: 'GET' },
      { version: '2.0', requestContext: { http: { method: 'GET' } }, rawPath: 'no-slash' },
      { httpMethod: 'GET', path: '/who', headers: { host: 'bad host name' } },
    ];
    for (const event of malformed) {
      const result = await lambda(event as LambdaHttpEvent);
      expect(result.statusCode, JSON.stringify(event)).toBe(400);
      expect(JSON.parse(result.body)).toMatchObject({ error: 'bad_request' });
    }
  });

  it("takes the caller's address from each integration for the IP allow-list", async () => {
    const lambda = reflectingHandler({ allowIps: { webhook: ['192.0.2.0/24', '72.12.164.125', '123.123.123.123'] } });
    for (const kind of ['v1', 'v2', 'functionUrl', 'alb'] as const) {
      const result = fromLambdaResult(await lambda(lambdaEvent(kind, { method: 'GET', path: '/who' }) as LambdaHttpEvent));
      expect(result.status, kind).toBe(200);
      expect(JSON.parse(new TextDecoder().decode(result.body)).ip, kind).toMatch(/^(192\.0\.2\.1|72\.12\.164\.125|123\.123\.123\.123)$/);
    }
    const outsider = lambdaEvent('v2', { method: 'GET', path: '/who' }) as LambdaHttpEvent;
    outsider.requestContext!.http!.sourceIp = '198.51.100.7';
    expect((await lambda(outsider)).statusCode).toBe(403);
  });

  it('passes HTTP API v2 cookies on as a Cookie header and answers Set-Cookie in `cookies`', async () => {
    const lambda = reflectingHandler();
    const who = await lambda(lambdaEvent('v2', { method: 'GET', path: '/who', headers: [['cookie', 'session=abc; theme=dark']] }) as LambdaHttpEvent);
    expect(JSON.parse(who.body).cookie).toBe('session=abc; theme=dark');
    const result = await lambda(lambdaEvent('v2', { method: 'GET', path: '/cookies' }) as LambdaHttpEvent);
    expect(result.cookies).toEqual(['a=1', 'b=2']);
    expect(result.headers?.['set-cookie']).toBeUndefined();
  });

  it('answers an ALB without multi-value headers in `headers`, with a status description', async () => {
    const result = await reflectingHandler()(lambdaEvent('alb', { method: 'GET', path: '/cookies' }) as LambdaHttpEvent);
    expect(result).toMatchObject({ statusCode: 200, statusDescription: '200 OK', body: 'ok', isBase64Encoded: false });
    expect(result.multiValueHeaders).toBeUndefined();
    expect(result.headers?.['set-cookie']).toBe('a=1');
  });

  it('decodes base64 bodies (what API Gateway sends for binary media types)', async () => {
    const store = createMemoryStore();
    const lambda = createLambdaHandler({ pipelines: [testCallsPipeline(store)] });
    const event = lambdaEvent('v1', { method: 'POST', path: '/webhook/zapier', headers: [['content-type', 'application/json']] }) as LambdaHttpEvent;
    event.body = Buffer.from('{"call_id":"b64-call"}').toString('base64');
    event.isBase64Encoded = true;
    const result = await lambda(event);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ success: true, call_id: 'b64-call' });
    expect((await store.list()).map((job) => job.key)).toEqual(['b64-call']);
  });
});

describe('worker Lambdas', () => {
  it('createSqsHandler runs the named jobs and reports the messages it could not settle', async () => {
    const store = createMemoryStore();
    const calls = testCallsPipeline(store);
    const ok = await calls.enqueue('sqs-ok', { call_id: 'sqs-ok' });
    const dead = await calls.enqueue('fail-sqs', { call_id: 'fail-sqs' });
    const later = await calls.enqueue('sqs-later', { call_id: 'sqs-later' }, { runAt: Date.now() + 3_600_000 });
    const unnamed = await calls.enqueue('sqs-unnamed', { call_id: 'sqs-unnamed' });
    const handler = createSqsHandler({ pipelines: [calls] });
    const result = await handler({
      Records: [
        { messageId: 'm-ok', body: JSON.stringify({ jobId: ok.job.id }) },
        { messageId: 'm-dead', body: JSON.stringify({ jobId: dead.job.id }) },
        { messageId: 'm-later', body: JSON.stringify({ jobId: later.job.id }) },
        { messageId: 'm-unknown', body: JSON.stringify({ jobId: '00000000-0000-4000-8000-000000000000' }) },
        { messageId: 'm-garbage', body: 'not json' },
      ],
    });
    expect(result.batchItemFailures.map((item) => item.itemIdentifier).sort()).toEqual(['m-garbage', 'm-later', 'm-unknown']);
    expect((await store.get(ok.job.id))!.status).toBe('succeeded');
    expect((await store.get(dead.job.id))!.status).toBe('dead');
    expect((await store.get(unnamed.job.id))!.status).toBe('queued'); // only the named jobs run
  });

  it('createSqsHandler fails the whole batch when the store is down', async () => {
    const store = { ...createMemoryStore(), claim: () => Promise.reject(new Error('connection refused')) };
    const handler = createSqsHandler({ pipelines: [testCallsPipeline(store)] });
    const result = await handler({ Records: [{ messageId: 'a', body: '{"jobId":"x"}' }, { messageId: 'b', body: '{"jobId":"y"}' }] });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }]);
  });

  it('createScheduledHandler drains every due job', async () => {
    const store = createMemoryStore();
    const calls = testCallsPipeline(store);
    for (const id of ['s-1', 's-2', 'fail-s-3']) await calls.enqueue(id, { call_id: id });
    const result = await createScheduledHandler({ pipelines: [calls], worker: createWorker({ pipelines: [calls], concurrency: 2 }) })({});
    expect(result).toMatchObject({ succeeded: 2, dead: 1 });
    expect((await store.stats()).byStatus).toMatchObject({ succeeded: 2, dead: 1, queued: 0 });
  });

  it("createScheduledHandler applies the pipelines' retention once an interval, after the due jobs ran", async () => {
    const store = createMemoryStore();
    let now = Date.parse('2026-11-30T12:00:00Z');
    const clock = () => now;
    const run = async (input: { fail: boolean }) => {
      if (input.fail) throw new CallwireError('provider_rejected', 'refused for good');
      return 'done';
    };
    let purges = 0;
    const calls = createPipeline({ name: 'calls', store, clock, run, retry: { maxAttempts: 1 } });
    const retained = Object.assign(calls, {
      purgeExpired: async () => {
        purges++;
        return store.scrub({ pipeline: calls.name, finishedBefore: now + 1, now });
      },
    });
    const other = createPipeline({ name: 'other', store, clock, run });
    await calls.enqueue('c-1', { fail: true });
    const kept = await other.enqueue('o-1', { fail: false });
    const scheduled = createScheduledHandler({ pipelines: [retained, other], retentionIntervalMs: 60_000 });
    expect(await scheduled({})).toMatchObject({ dead: 1, succeeded: 1, purged: 1 });
    expect(await scheduled({})).toMatchObject({ purged: 0 });
    expect(purges).toBe(1);
    now += 60_000;
    expect(await scheduled({})).toMatchObject({ purged: 0 });
    expect(purges).toBe(2);
    expect((await store.get(kept.job.id))?.input).toEqual({ fail: false });
    expect(() => createScheduledHandler({ pipelines: [calls], retentionIntervalMs: -1 })).toThrow(/retentionIntervalMs/);
  });
});

/**
 * Finding 3 (rate limit) of the hardening issue: about 1,000 console login guesses/s and 4,000 operator-API
 * guesses/s were possible. Now the 21st wrong secret from one client address within a minute gets 429 with
 * `Retry-After` (operator API and console login count together; across processes: rate-limit-shared.test.ts). Counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallPipeline, createHandler, type CallwireHandler } from '@callwire/core';
import { createMemoryStore, createSandbox, type Sandbox } from '@callwire/core/testing';

const OPERATOR = 'operator-rate-limit-secret-0123456789';
let sandbox: Sandbox;
const tally = { tried: 0, limited: 0 };

beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(async () => {
  await sandbox.close();
  console.log(`rate limit: ${tally.tried} wrong secrets tried, ${tally.limited} answered 429`);
});

function handler(trustProxy = false): CallwireHandler {
  const calls = createCallPipeline({ store: createMemoryStore(), recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier });
  return createHandler({ pipelines: [calls], auth: { operatorSecret: OPERATOR }, console: true, trustProxy: trustProxy ? 1 : false });
}

async function login(h: CallwireHandler, secret: string, ip: string): Promise<Response> {
  const page = await (await h(new Request('http://callwire.test/console/login'), { ip })).text();
  const token = /name="login_token" value="([^"]+)"/.exec(page)![1]!;
  const body = new URLSearchParams({ login_token: token, secret }).toString();
  return h(new Request('http://callwire.test/console/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), { ip });
}

const jobs = (h: CallwireHandler, secret: string, ip: string, headers: Record<string, string> = {}) =>
  h(new Request('http://callwire.test/jobs', { headers: { authorization: `Bearer ${secret}`, ...headers } }), { ip });

describe('finding 3: guesses of the operator secret are rate-limited per client address', () => {
  it('the 21st wrong console login within a minute gets 429 with Retry-After, even with the right secret; others are not held', async () => {
    const h = handler();
    for (let i = 0; i < 20; i++) {
      tally.tried++;
      expect((await login(h, `wrong-${i}`, '198.51.100.7')).status).toBe(401);
    }
    tally.tried++;
    const limited = await login(h, 'wrong-21', '198.51.100.7');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    tally.limited++;
    expect((await login(h, OPERATOR, '198.51.100.7')).status).toBe(429);
    expect((await login(h, OPERATOR, '198.51.100.8')).status).toBe(303);
  });

  it('the 21st wrong operator-API secret gets 429 with Retry-After; console and API count together', async () => {
    const h = handler();
    for (let i = 0; i < 10; i++) {
      tally.tried++;
      expect((await login(h, `wrong-${i}`, '203.0.113.5')).status).toBe(401);
    }
    for (let i = 0; i < 10; i++) {
      tally.tried++;
      expect((await jobs(h, `wrong-${i}`, '203.0.113.5')).status).toBe(401);
    }
    for (let i = 0; i < 50; i++) {
      tally.tried++;
      const response = await jobs(h, `wrong-more-${i}`, '203.0.113.5');
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await response.json()) as { error: string }).error).toBe('rate_limited');
      tally.limited++;
    }
    expect((await jobs(h, OPERATOR, '203.0.113.6')).status).toBe(200);
  });

  it('behind a trusted proxy, each forwarded client is counted on its own', async () => {
    const h = handler(true);
    for (let i = 0; i < 21; i++) {
      tally.tried++;
      await jobs(h, 'wrong', '10.0.0.1', { 'x-forwarded-for': '192.0.2.44' });
    }
    expect((await jobs(h, 'wrong', '10.0.0.1', { 'x-forwarded-for': '192.0.2.44' })).status).toBe(429);
    tally.limited++;
    expect((await jobs(h, OPERATOR, '10.0.0.1', { 'x-forwarded-for': '192.0.2.45' })).status).toBe(200);
  });
});

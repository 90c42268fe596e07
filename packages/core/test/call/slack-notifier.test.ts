import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRateLimiter, slackWebhookNotifier } from '@callwire/core/slack';
import { createFakeSlack, type LocalServer } from '@callwire/core/testing';
import type { CallMinutes } from '@callwire/core';

const slack = createFakeSlack();
let server: LocalServer;
beforeAll(async () => { server = await slack.start(); });
afterAll(async () => { await server.close(); });

const minutes: CallMinutes = {
  callId: 'n1', direction: 'incoming', supportNumber: '09631084471', customerNumber: '+919876543210', agent: { name: 'Asha' },
  timeZone: 'UTC', missed: false, recording: 'none', lines: [], department: 'Sales',
};
const message = { kind: 'call-minutes' as const, minutes };

it('429 throws a rate_limited error carrying Slack\'s Retry-After, and holds the webhook back', async () => {
  const waits: number[] = [];
  let now = 0;
  const notifier = slackWebhookNotifier({ url: `${server.url}/hooks/a`, rateLimiter: createRateLimiter({ minIntervalMs: 0, now: () => now, sleep: async (ms) => { waits.push(ms); now += ms; } }) });
  slack.rateLimitNext(1, 7);
  await expect(notifier.post(message)).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000, provider: 'slack', providerStatus: 429 });
  await notifier.post(message);
  expect(waits).toEqual([7000]);
});

it('a burst to one webhook queues one message a second instead of earning 429s', async () => {
  const starts: number[] = [];
  let now = 1_000_000;
  const limiter = createRateLimiter({ minIntervalMs: 1000, now: () => now, sleep: async (ms) => { now += ms; } });
  const notifier = slackWebhookNotifier({ url: `${server.url}/hooks/burst`, rateLimiter: limiter });
  const before = slack.messages.length;
  await Promise.all(Array.from({ length: 5 }, () => limiter.schedule('probe', async () => { starts.push(now); })));
  expect(starts.map((t) => t - starts[0]!)).toEqual([0, 1000, 2000, 3000, 4000]);
  await Promise.all(Array.from({ length: 3 }, () => notifier.post(message)));
  expect(slack.messages.length - before).toBe(3);
});

it('routes by department (case-insensitive), falls back to the default url, and refuses an unknown route without one', async () => {
  const notifier = slackWebhookNotifier({ url: `${server.url}/hooks/default`, routes: { sales: `${server.url}/hooks/sales` }, minIntervalMs: 0 });
  await notifier.post(message, { route: 'Sales' });
  await notifier.post(message, { route: 'Support' });
  expect(slack.messages.slice(-2).map((m) => m.path)).toEqual(['/hooks/sales', '/hooks/default']);
  const routesOnly = slackWebhookNotifier({ routes: { sales: `${server.url}/hooks/sales` }, minIntervalMs: 0 });
  await expect(routesOnly.post(message, { route: 'Support' })).rejects.toMatchObject({ code: 'bad_request', retryable: false });
});

it('a 500 is a retryable provider error; a 400 is permanent with Slack\'s message', async () => {
  const notifier = slackWebhookNotifier({ url: `${server.url}/hooks/e`, minIntervalMs: 0 });
  slack.failNext(1);
  await expect(notifier.post(message)).rejects.toMatchObject({ code: 'provider_error', retryable: true, providerStatus: 500 });
  const broken = slackWebhookNotifier({ url: `${server.url}/hooks/e`, minIntervalMs: 0, formatter: () => [{ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }] }] });
  await expect(broken.post(message)).rejects.toMatchObject({ code: 'provider_rejected', retryable: false, message: expect.stringContaining('invalid_blocks') });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createFakeAssemblyAI, createFakeExotel, createFakeSlack, type LocalServer } from '@callwire/core/testing';

/** The fakes' time-based options (recordings published later, transcripts that take a while, Slack's pace). */
describe('fake provider timing', () => {
  let now = 1_000_000;
  const clock = () => now;
  const servers: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('Exotel answers 404 for a recording until its publishedAt', async () => {
    const exotel = createFakeExotel({ clock });
    const server = await exotel.start();
    servers.push(server);
    const url = exotel.addRecording(server, 'late1', { publishedAt: now + 6_000 });
    const headers = { authorization: `Basic ${Buffer.from(`${exotel.apiKey}:${exotel.apiToken}`).toString('base64')}` };
    expect((await fetch(url, { headers })).status).toBe(404);
    now += 5_999;
    expect((await fetch(url, { headers })).status).toBe(404);
    now += 1;
    expect((await fetch(url, { headers })).status).toBe(200);
  });

  it('AssemblyAI keeps a polled transcript processing for processingMs, then completes it', async () => {
    const assembly = createFakeAssemblyAI({ processingMs: 150 });
    const server = await assembly.start();
    servers.push(server);
    const headers = { authorization: assembly.apiKey, 'content-type': 'application/json' };
    const submitted = (await (await fetch(`${server.url}/v2/transcript`, { method: 'POST', headers, body: JSON.stringify({ audio_url: 'https://x/a.mp3' }) })).json()) as { id: string };
    const status = async () => ((await (await fetch(`${server.url}/v2/transcript/${submitted.id}`, { headers })).json()) as { status: string }).status;
    expect(await status()).toBe('processing');
    expect(await status()).toBe('processing'); // the second look no longer completes it
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status()).toBe('completed');
  });

  it('Slack answers 429 with Retry-After to a webhook posted to faster than its pace, per webhook', async () => {
    const slack = createFakeSlack({ rateLimit: { perSecond: 1, burst: 2 }, clock });
    const server = await slack.start();
    servers.push(server);
    const post = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi' }) });
      await response.text();
      return { status: response.status, retryAfter: response.headers.get('retry-after') };
    };
    expect((await post('/a')).status).toBe(200);
    expect((await post('/a')).status).toBe(200); // a short burst is allowed
    expect(await post('/a')).toEqual({ status: 429, retryAfter: '1' });
    expect((await post('/b')).status).toBe(200); // another webhook has its own pace
    now += 1_000;
    expect((await post('/a')).status).toBe(200);
    expect(slack.rateLimited).toBe(1);
    expect(slack.messages.map((m) => m.path)).toEqual(['/a', '/a', '/b', '/a']);
  });

  it('Slack can answer fractional Retry-After seconds for time-scaled runs', async () => {
    const slack = createFakeSlack({ rateLimit: { perSecond: 20, fractionalRetryAfter: true }, clock });
    const server = await slack.start();
    servers.push(server);
    const post = () => fetch(`${server.url}/a`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });
    expect((await post()).status).toBe(200);
    now += 10;
    expect((await post()).headers.get('retry-after')).toBe('0.040');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { createCallPipeline, createWorker, type CallMinutes, type ChatNotifier } from '@callwire/core';
import { slackWebApiNotifier, type SlackWebApiNotifierOptions } from '@callwire/core/slack';
import { createFakeSlackWebApi, type FakeSlackWebApi, type LocalServer } from '@callwire/core/testing';
import { agents, dialogue, startHarness, transcriptOf, zapierCall, type Harness } from './harness.js';

const CALLS = 'C0CALLS0001';
const SALES = 'C0SALES0002';
const MISSED = 'C0MISSD0003';



const directory = [...agents, { name: 'Meera Iyer', email: 'meera@acme.in', department: 'Sales' }];

describe('slackWebApiNotifier end to end through the call pipeline (real @slack/web-api against the fake)', () => {
  let h: Harness | undefined;
  let slack: FakeSlackWebApi;
  let server: LocalServer;
  const notifierFor = (extra: Partial<SlackWebApiNotifierOptions> = {}) =>
    slackWebApiNotifier({ token: slack.token, channel: CALLS, routes: { Sales: SALES, missed: MISSED }, slackApiUrl: slack.url(server), minIntervalMs: 0, ...extra });
  beforeAll(async () => {
    slack = createFakeSlackWebApi({ channels: [CALLS, SALES, MISSED], users: [{ id: 'U07MEERA89', email: 'meera@acme.in' }] });
    server = await slack.start();
  });
  afterAll(async () => { await server.close(); });
  afterEach(async () => { await h?.close(); h = undefined; });

  it('the MOM goes to the route\'s channel, the transcript continues in its thread, metadata on every post, the agent mentioned after a lookup by e-mail (cached)', async () => {
    const utterances = dialogue(60);
    const notifier = notifierFor();
    h = await startHarness({ pipeline: { notifier, agents: directory } });
    h.assembly.setScript(() => utterances);
    const calls = ['wa-1', 'wa-2'].map((id) => ({ ...zapierCall(), call_id: id, duration: 3600, agent_name: undefined, agent_slack_handle: undefined, agent_email: 'Meera@acme.in', department: 'Sales' }));
    for (const payload of calls) {
      (payload as Record<string, unknown>).recording_url = h.exotel.addRecording(h.exotelServer, payload.call_id);
      expect((await h.postJson('/webhook/zapier', payload)).status).toBe(200);
    }
    await h.settle();

    for (const { call_id: callId } of calls) {
      const job = await h.job(callId);
      expect(job.status).toBe('succeeded');
      const posts = slack.messages.filter((m) => m.metadata?.event_payload.call_id === callId);
      const parts = (job.output as { messages: number }).messages;
      expect(parts).toBeGreaterThan(2);
      expect(posts).toHaveLength(parts);
      const [mom, ...replies] = posts;
      expect(mom!.channel).toBe(SALES);
      expect(mom!.thread_ts).toBeUndefined();
      for (const reply of replies) expect(reply).toMatchObject({ channel: SALES, thread_ts: mom!.ts });
      expect(posts.map((p) => p.metadata)).toEqual(posts.map((_, i) => ({ event_type: 'callwire_call_minutes', event_payload: { call_id: callId, part: i + 1, parts } })));
      expect(JSON.stringify(mom!.blocks)).toContain('<@U07MEERA89> (Meera Iyer)');
      expect(transcriptOf(posts)).toEqual(utterances.map((u, i) => `${i % 2 === 0 ? 'Agent' : 'Customer'}: ${u.text}`));
      // The stored step result carries the thread, so later parts never have to search for it.
      expect(job.steps['post-slack']?.result).toEqual({ parts, thread: `${SALES}/${mom!.ts}` });
    }
    // Two calls, many parts each: one lookup (cached per process), and no history search.
    expect(slack.calls('users.lookupByEmail')).toHaveLength(1);
    expect(slack.calls('conversations.history')).toHaveLength(0);
    for (const request of slack.calls('chat.postMessage')) expect(request.headers.authorization).toBe(`Bearer ${slack.token}`);
  });

  it('a restart between part 1 and part 2 still threads the rest under the MOM', async () => {
    const utterances = dialogue(45);
    const first = notifierFor();
    // The first process posts part 1 and dies in part 2 (its post never reaches Slack).
    const dying: ChatNotifier = {
      name: 'slack',
      post: (message, options) => (options?.part ?? 1) > 1 ? Promise.reject(new Error('ECONNRESET: the process went away')) : first.post(message, options),
    };
    h = await startHarness({ pipeline: { notifier: dying, agents: directory, retry: { maxAttempts: 4, baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: false } } });
    h.assembly.setScript(() => utterances);
    const payload: Record<string, unknown> = { ...zapierCall(), call_id: 'wa-restart', duration: 2700 };
    payload.recording_url = h.exotel.addRecording(h.exotelServer, 'wa-restart');
    await h.postJson('/webhook/zapier', payload);
    const harness = h;
    await harness.drainUntil(async () => (await harness.job('wa-restart')).status === 'failed');
    const crashed = await h.job('wa-restart');
    expect(crashed.steps['post-slack']?.status).toBe('succeeded');
    expect(crashed.steps['post-slack-2']?.status).not.toBe('succeeded');
    const mom = slack.messages.find((m) => m.metadata?.event_payload.call_id === 'wa-restart')!;

    // A new process: a new notifier (no memory of part 1), its clock past the retry's delay.
    const searches = slack.calls('conversations.history').length;
    const later = createCallPipeline({ ...h.options, notifier: notifierFor(), clock: () => Date.now() + 120_000 });
    expect((await createWorker({ pipelines: [later] }).drain()).succeeded).toBe(1);
    // Part 1's thread came from its stored step result: nothing had to be searched for.
    expect(slack.calls('conversations.history')).toHaveLength(searches);
    const posts = slack.messages.filter((m) => m.metadata?.event_payload.call_id === 'wa-restart');
    const parts = ((await h.job('wa-restart')).output as { messages: number }).messages;
    expect(posts).toHaveLength(parts);
    expect(posts.slice(1).every((p) => p.thread_ts === mom.ts && p.channel === mom.channel)).toBe(true);
    expect(transcriptOf(posts)).toEqual(utterances.map((u, i) => `${i % 2 === 0 ? 'Agent' : 'Customer'}: ${u.text}`));
  });
});

describe('slackWebApiNotifier against the fake, part by part', () => {
  let slack: FakeSlackWebApi;
  let server: LocalServer;
  beforeAll(async () => {
    slack = createFakeSlackWebApi({ channels: [CALLS, SALES, { id: 'C0ARCHIV004', archived: true }, { id: 'C0PRIVAT005', member: false }], users: [{ id: 'U07MEERA89', email: 'meera@acme.in' }] });
    server = await slack.start();
  });
  afterAll(async () => { await server.close(); });
  const notifier = (extra: Partial<SlackWebApiNotifierOptions> = {}) => slackWebApiNotifier({ token: slack.token, channel: CALLS, slackApiUrl: slack.url(server), minIntervalMs: 0, ...extra });

  const minutes = (callId: string, lines = dialogue(30)): CallMinutes => ({
    callId, direction: 'incoming', supportNumber: '09631084471', customerNumber: '+919876543210', agent: { name: 'Meera Iyer', email: 'meera@acme.in' },
    timeZone: 'UTC', missed: false, recording: 'transcribed', lines: lines.map((u, i) => ({ speaker: i % 2 === 0 ? 'Agent' : 'Customer', text: u.text })),
  });

  it('findPosted finds each part by its metadata; a later part without the stored thread finds its MOM the same way', async () => {
    const message = { kind: 'call-minutes' as const, minutes: minutes('find-1') };
    const first = await notifier().post(message, { part: 1 });
    expect(first.parts).toBeGreaterThan(1);
    // Other traffic in the channel, newer than the MOM: the search pages through it.
    for (let i = 0; i < 5; i++) await notifier().post({ kind: 'call-minutes', minutes: minutes(`other-${i}`, []) });

    const fresh = notifier();
    await expect(fresh.post(message, { part: 2 })).resolves.toEqual({ parts: first.parts, thread: first.thread });
    const mom = await fresh.findPosted({ callId: 'find-1' });
    expect(mom).toMatchObject({ channel: CALLS, part: 1, parts: first.parts, thread: first.thread });
    expect(await fresh.findPosted({ callId: 'find-1', part: 2 })).toMatchObject({ channel: CALLS, part: 2, thread: first.thread });
    expect(await fresh.findPosted({ callId: 'find-1', part: 3 })).toBeUndefined();
    expect(await fresh.findPosted({ callId: 'never-posted' })).toBeUndefined();
    const reply = slack.messages.find((m) => m.metadata?.event_payload.call_id === 'find-1' && m.metadata.event_payload.part === 2)!;
    expect(reply.thread_ts).toBe(mom!.ts);
    const searches = slack.calls('conversations.history');
    expect(searches.length).toBeGreaterThan(0);
    expect(searches.every((r) => r.args.include_all_metadata === 'true' && r.args.oldest !== undefined)).toBe(true);
  });

  it('an agent Slack does not know by e-mail is shown by name, and the answer is kept', async () => {
    const before = slack.calls('users.lookupByEmail').length;
    const n = notifier();
    const stranger = { ...minutes('stranger', []), agent: { name: 'Sam', email: 'sam@elsewhere.test' } };
    await n.post({ kind: 'call-minutes', minutes: stranger });
    await n.post({ kind: 'call-minutes', minutes: { ...stranger, callId: 'stranger-2' } });
    expect(slack.calls('users.lookupByEmail').length - before).toBe(1);
    expect(JSON.stringify(slack.messages.at(-1)!.blocks)).toContain('👤 CS Agent:\\nSam');
  });

  it('the user cache expires after its TTL', async () => {
    const before = slack.calls('users.lookupByEmail').length;
    const n = notifier({ userCacheTtlMs: 0 });
    await n.post({ kind: 'call-minutes', minutes: minutes('ttl-1', []) });
    await n.post({ kind: 'call-minutes', minutes: minutes('ttl-2', []) });
    expect(slack.calls('users.lookupByEmail').length - before).toBe(2);
  });

  const empty = { kind: 'call-minutes' as const, minutes: minutes('errors', []) };
  it.each([
    ['channel_not_found', { channel: 'C0NOSUCH999' }],
    ['not_in_channel', { channel: 'C0PRIVAT005' }],
    ['is_archived', { channel: 'C0ARCHIV004' }],
    ['invalid_auth', { token: 'xoxb-someone-elses' }],
    ['msg_blocks_too_long', { limits: { messageChars: 36_000, blockOverheadChars: 0 } }],
    ['invalid_blocks', { formatter: () => [{ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }] }],
  ] as const)('%s is permanent, with the reason', async (code, extra) => {
    const message = code === 'msg_blocks_too_long' ? { kind: 'call-minutes' as const, minutes: minutes('too-long') } : empty;
    const error = await notifier(extra as Partial<SlackWebApiNotifierOptions>).post(message).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CallwireError', code: 'provider_rejected', retryable: false, provider: 'slack' });
    // A bad token fails the first call made: here the agent's lookup by e-mail.
    expect((error as Error).message).toMatch(new RegExp(`Slack refused ${code === 'invalid_auth' ? 'users\\.lookupByEmail' : 'chat\\.postMessage'}: ${code} \\(.{10,}\\)`));
  });

  it('a thread reply to a message that is not there is refused (invalid_thread_ts), not posted top-level', async () => {
    const error = await notifier().post({ kind: 'call-minutes', minutes: minutes('orphan') }, { part: 2, thread: `${CALLS}/1700000000.000001` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'provider_rejected', message: expect.stringContaining('invalid_thread_ts') });
  });

  it('429 ratelimited carries Retry-After; 5xx and fatal_error are transient', async () => {
    slack.rateLimitNext(1, 3, 'chat.postMessage');
    await expect(notifier().post(empty)).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000, providerStatus: 429 });
    slack.failNext(1, 503, 'chat.postMessage');
    await expect(notifier().post(empty)).rejects.toMatchObject({ code: 'provider_error', retryable: true, providerStatus: 503 });
    slack.rateLimitNext(1, 2, 'users.lookupByEmail');
    await expect(notifier().post(empty)).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 2000, message: expect.stringContaining('users.lookupByEmail') });
  });

  it('options are checked when the notifier is made, naming the option', () => {
    const base = { token: 'xoxb-1-abc', channel: CALLS };
    expect(() => slackWebApiNotifier({ ...base, token: 'xoxp-user-token' })).toThrow(/`token`/);
    expect(() => slackWebApiNotifier({ ...base, channel: '#calls' })).toThrow(/`channel`/);
    expect(() => slackWebApiNotifier({ ...base, routes: { Sales: 'sales' } })).toThrow(/`routes.Sales`/);
    expect(() => slackWebApiNotifier({ token: base.token })).toThrow(/`channel` or `routes`/);
    expect(() => slackWebApiNotifier({ ...base, slackApiUrl: 'ftp://x' })).toThrow(/`slackApiUrl`/);
    expect(() => slackWebApiNotifier({ ...base, userCacheTtlMs: -1 })).toThrow(/`userCacheTtlMs`/);
    expect(() => slackWebApiNotifier({ ...base, eventType: 'has space' })).toThrow(/`eventType`/);
  });
});

describe('the Web API fake, as Slack answers', () => {
  let slack: FakeSlackWebApi;
  let server: LocalServer;
  beforeAll(async () => {
    slack = createFakeSlackWebApi({ channels: [CALLS] });
    server = await slack.start();
  });
  afterAll(async () => { await server.close(); });

  it('answers ok:false envelopes with HTTP 200: no token, a wrong token, an unknown method', async () => {
    const post = (path: string, headers: Record<string, string>, body: string) => fetch(`${server.url}/api/${path}`, { method: 'POST', headers, body }).then(async (r) => [r.status, await r.json()]);
    expect(await post('chat.postMessage', { 'content-type': 'application/x-www-form-urlencoded' }, `channel=${CALLS}&text=hi`)).toEqual([200, { ok: false, error: 'not_authed' }]);
    expect(await post('chat.postMessage', { 'content-type': 'application/json', authorization: 'Bearer xoxb-wrong' }, JSON.stringify({ channel: CALLS, text: 'hi' }))).toEqual([200, { ok: false, error: 'invalid_auth' }]);
    // A JSON body must carry the token in the header, not in the body.
    expect(await post('chat.postMessage', { 'content-type': 'application/json' }, JSON.stringify({ token: slack.token, channel: CALLS, text: 'hi' }))).toEqual([200, { ok: false, error: 'not_authed' }]);
    expect(await post('chat.nothing', { 'content-type': 'application/json', authorization: `Bearer ${slack.token}` }, '{}')).toEqual([200, { ok: false, error: 'unknown_method' }]);
    const [status, body] = await post('chat.postMessage', { 'content-type': 'application/json', authorization: `Bearer ${slack.token}` }, JSON.stringify({ channel: CALLS, text: 'hi', metadata: { event_type: 'x', event_payload: { a: 1 } } }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, channel: CALLS, ts: expect.stringMatching(/^\d+\.\d{6}$/) });
  });

  it('pages conversations.history newest first with a cursor, and shows metadata only with include_all_metadata', async () => {
    const client = new WebClient(slack.token, { slackApiUrl: slack.url(server), retryConfig: { retries: 0 } });
    for (let i = 0; i < 5; i++) await client.chat.postMessage({ channel: CALLS, text: `m${i}`, metadata: { event_type: 'test_event', event_payload: { i } } });
    const first = await client.conversations.history({ channel: CALLS, limit: 2, include_all_metadata: true });
    expect(first.messages!.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(first.messages![0]!.metadata).toEqual({ event_type: 'test_event', event_payload: { i: 4 } });
    expect(first.has_more).toBe(true);
    const second = await client.conversations.history({ channel: CALLS, limit: 2, cursor: first.response_metadata!.next_cursor!, include_all_metadata: true });
    expect(second.messages!.map((m) => m.text)).toEqual(['m2', 'm1']);
    const bare = await client.conversations.history({ channel: CALLS, limit: 1 });
    expect(bare.messages![0]!.metadata).toBeUndefined();
    const oldest = first.messages![1]!.ts!;
    const newer = await client.conversations.history({ channel: CALLS, oldest });
    expect(newer.messages!.map((m) => m.text)).toEqual(['m4']);
    await expect(client.users.lookupByEmail({ email: 'nobody@acme.in' })).rejects.toMatchObject({ data: { ok: false, error: 'users_not_found' } });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IncomingWebhook } from '@slack/webhook';
import { formatMinutesForSlack, slackWebhookNotifier } from '@callwire/core/slack';
import { createFakeSlack, type LocalServer } from '@callwire/core/testing';
import type { CallMinutes, Transcriber, Utterance } from '@callwire/core';
import { dialogue, startHarness, transcriptOf, type Harness } from './harness.js';


type Body = { text?: string; blocks?: { type: string; text?: { type?: string; text?: string } }[] };


/** Slack's limits, measured here independently of callwire's own accounting. */
function expectWithinSlackLimits(message: Body) {
  const blocks = message.blocks ?? [];
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) expect(block.text!.text!.length).toBeLessThanOrEqual(block.type === 'header' ? 150 : 3000);
  const text = blocks.reduce((n, b) => n + (b.text?.text?.length ?? 0), 0);
  // Reported: ~12,000 characters of block text, block containers included (bolt-js#2509, #2867).
  expect(text + 125 * blocks.length).toBeLessThanOrEqual(12_000);
  expect(message.text!.length).toBeLessThanOrEqual(4000);
}

/** A transcriber that "hears" a dual-channel recording: one channel per party (AssemblyAI's multichannel shape). */
function dualChannelTranscriber(utterances: Utterance[]): Transcriber {
  return {
    name: 'dual-channel-stub',
    async submit(audio, options) {
      expect(options.channels).toBe(2);
      await audio.stream.cancel();
      return { id: 'dual-1', channels: 2 };
    },
    async wait() {
      return { id: 'dual-1', text: utterances.map((u) => u.text).join(' '), channels: 2, utterances };
    },
  };
}

describe('long calls posted through the incoming-webhook fake, as strict as Slack', () => {
  let h: Harness | undefined;
  afterEach(async () => { await h?.close(); h = undefined; });

  it('a 60-minute mono call posts complete minutes, every message within Slack\'s limits', async () => {
    const utterances = dialogue(60);
    h = await startHarness();
    h.assembly.setScript(() => utterances);
    const { job } = await h.deliverCall({ duration: 3600 });
    expect(job.status).toBe('succeeded');
    expect(h.slack.requests).toHaveLength(h.slack.messages.length);
    const messages = h.slack.messages.map((m) => m.body as Body);
    expect(messages.length).toBe((job.output as { messages: number }).messages);
    expect(messages.length).toBeGreaterThan(4);
    messages.forEach(expectWithinSlackLimits);
    expect(transcriptOf(messages)).toEqual(utterances.map((u, i) => `${i % 2 === 0 ? 'Agent' : 'Customer'}: ${u.text}`));
  });

  it('a 30-minute dual-channel call posts complete minutes, roles from channels, every message within Slack\'s limits', async () => {
    // Channel 1 is the agent (Exotel records the agent on the left); the customer speaks first here.
    const utterances: Utterance[] = dialogue(30).map((u, i) => ({ ...u, speaker: String(2 - (i % 2)), channel: 2 - (i % 2) }));
    h = await startHarness({ pipeline: { transcriber: dualChannelTranscriber(utterances), recordingChannels: 2 } });
    const { job } = await h.deliverCall({ duration: 1800 });
    expect(job.status).toBe('succeeded');
    expect(h.slack.requests).toHaveLength(h.slack.messages.length);
    const messages = h.slack.messages.map((m) => m.body as Body);
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach(expectWithinSlackLimits);
    expect(transcriptOf(messages)).toEqual(utterances.map((u) => `${u.channel === 1 ? 'Agent' : 'Customer'}: ${u.text}`));
  });
});

describe('the incoming-webhook fake refuses what Slack refuses, and every answer is classified', () => {
  const slack = createFakeSlack();
  let server: LocalServer;
  beforeAll(async () => { server = await slack.start(); });
  afterAll(async () => { await server.close(); });

  const minutes: CallMinutes = {
    callId: 'limits-1', direction: 'incoming', supportNumber: '09631084471', customerNumber: '+919876543210', agent: { name: 'Asha' },
    timeZone: 'UTC', missed: false, recording: 'transcribed',
    lines: dialogue(30).map((u, i) => ({ speaker: i % 2 === 0 ? 'Agent' : 'Customer', text: u.text })),
  };
  const message = { kind: 'call-minutes' as const, minutes };

  it('the old splitting (up to 36,000 characters in one message) is refused with 400 msg_blocks_too_long', async () => {
    const [old] = formatMinutesForSlack(minutes, { messageChars: 36_000, blockOverheadChars: 0 });
    expect(old!.blocks.reduce((n, b) => n + ((b as { text: { text: string } }).text.text.length), 0)).toBeGreaterThan(12_000);
    const webhook = new IncomingWebhook(`${server.url}/services/T000/B000/old`);
    await expect(webhook.send(old as never)).rejects.toMatchObject({ statusCode: 400, body: 'msg_blocks_too_long' });

    const notifier = slackWebhookNotifier({ url: `${server.url}/services/T000/B000/old`, minIntervalMs: 0, limits: { messageChars: 36_000, blockOverheadChars: 0 } });
    await expect(notifier.post(message)).rejects.toMatchObject({ code: 'provider_rejected', retryable: false, providerStatus: 400, message: expect.stringContaining('msg_blocks_too_long') });
    // The default limits split the same minutes into messages Slack takes.
    const fresh = slackWebhookNotifier({ url: `${server.url}/services/T000/B000/new`, minIntervalMs: 0 });
    const { parts } = await fresh.post(message);
    for (let part = 2; part <= parts; part++) await fresh.post(message, { part });
    expect(slack.messages.filter((m) => m.path.endsWith('/new'))).toHaveLength(parts);
  });

  it('a header over 150 characters is refused with 400 invalid_blocks; 150 is accepted', async () => {
    const header = (length: number) => slackWebhookNotifier({
      url: `${server.url}/services/T000/B000/header`, minIntervalMs: 0,
      formatter: () => [{ text: 'minutes', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(length) } }] }],
    });
    await expect(header(151).post(message)).rejects.toMatchObject({ code: 'provider_rejected', providerStatus: 400, message: expect.stringContaining('invalid_blocks') });
    await expect(header(150).post(message)).resolves.toEqual({ parts: 1 });
  });

  const permanent = [
    ['invalid_payload', 400], ['invalid_blocks', 400], ['msg_blocks_too_long', 400], ['no_text', 400],
    ['action_prohibited', 403], ['posting_to_general_channel_denied', 403], ['channel_not_found', 404], ['no_service', 404],
    ['channel_is_archived', 410],
  ] as const;
  it.each(permanent)('%s (%i) fails the step for good, with the reason', async (code, status) => {
    const notifier = slackWebhookNotifier({ url: `${server.url}/services/T000/B000/${code}`, minIntervalMs: 0 });
    slack.rejectNext(code);
    const error = await notifier.post(message).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CallwireError', code: 'provider_rejected', retryable: false, provider: 'slack', providerStatus: status });
    expect((error as Error).message).toMatch(new RegExp(`^Slack answered ${status}: ${code} \\(.{10,}\\)$`));
  });

  it('a revoked webhook (no_service, for good) fails every post permanently', async () => {
    slack.breakHook('/services/T000/B000/revoked', 'no_service');
    const notifier = slackWebhookNotifier({ url: `${server.url}/services/T000/B000/revoked`, minIntervalMs: 0 });
    await expect(notifier.post(message)).rejects.toMatchObject({ retryable: false, providerStatus: 404, message: expect.stringContaining('revoked') });
    await expect(notifier.post(message)).rejects.toMatchObject({ retryable: false, providerStatus: 404 });
  });

  it('429 with Retry-After, 500 rollup_error and 503 are transient', async () => {
    const notifier = slackWebhookNotifier({ url: `${server.url}/services/T000/B000/transient`, minIntervalMs: 0 });
    slack.rejectNext('rollup_error');
    await expect(notifier.post(message)).rejects.toMatchObject({ code: 'provider_error', retryable: true, providerStatus: 500 });
    slack.failNext(1);
    await expect(notifier.post(message)).rejects.toMatchObject({ code: 'provider_error', retryable: true, providerStatus: 500 });
    slack.rateLimitNext(1, 2);
    await expect(notifier.post(message)).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 2000, providerStatus: 429 });
  });
});

describe('the MOM text itself', () => {
  const base: CallMinutes = {
    callId: 'x', direction: 'incoming', supportNumber: '1', customerNumber: '2', agent: {}, timeZone: 'UTC', missed: false, recording: 'transcribed', lines: [],
  };

  it('a transcript line with backtick runs (```, `````) cannot close its code block', () => {
    const lines = [
      { speaker: 'Customer', text: 'close ``` it' },
      { speaker: 'Agent', text: 'five `````then <!here>' },
      { speaker: 'Customer', text: 'ends with `' },
    ];
    const [message] = formatMinutesForSlack({ ...base, lines });
    const transcript = message!.blocks.map((b) => (b as { text: { text: string } }).text.text).find((t) => t.startsWith('📝 Full Transcription:'))!;
    // Exactly two runs of three backticks: the fence that opens the block and the one that closes it.
    expect(transcript.match(/```/g)).toHaveLength(2);
    expect(transcript.startsWith('📝 Full Transcription:\n```\n')).toBe(true);
    expect(transcript.endsWith('\n```')).toBe(true);
    const shown = transcript.slice(transcript.indexOf('```\n') + 4, transcript.lastIndexOf('\n```')).split('\n');
    expect(shown).toEqual([
      'Customer: close `\u200b`\u200b` it',
      'Agent: five `\u200b`\u200b`\u200b`\u200b`then &lt;!here&gt;',
      'Customer: ends with `',
    ]);
    // What a reader sees (zero-width spaces are invisible) is the line as spoken.
    expect(shown.map((l) => l.replace(/\u200b/g, ''))[0]).toBe('Customer: close ``` it');
  });

  it('the notification text and every section stay within the limits however long a payload\'s names are', () => {
    const [message] = formatMinutesForSlack({ ...base, agent: { name: 'N'.repeat(5000) }, department: 'D'.repeat(5000), lines: [{ speaker: 'Agent', text: 'Hello' }] });
    expect(message!.text.length).toBeLessThanOrEqual(3000);
    for (const block of message!.blocks) expect((block as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
    expect(message!.text).toContain(`${'N'.repeat(199)}…`);
  });
});

import { afterEach, expect, it } from 'vitest';
import { formatMinutesForSlack, slackLimits } from '@callwire/core/slack';
import type { CallMinutes } from '@callwire/core';
import { dialogue, startHarness, transcriptOf, zapierCall, type Harness } from './harness.js';



let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

it('a 30-minute transcript is posted complete, every message within Slack\'s limits', async () => {
  const utterances = dialogue(30);
  h = await startHarness();
  h.assembly.setScript(() => utterances);
  const { job } = await h.deliverCall({ duration: 1800 });
  expect(job.status).toBe('succeeded');
  const messages = h.slack.messages.map((m) => m.body);
  expect(messages.length).toBe((job.output as { messages: number }).messages);
  for (const message of messages) {
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks!) expect(block.text!.text!.length).toBeLessThanOrEqual(3000);
  }
  const expected = utterances.map((u, i) => `${i % 2 === 0 ? 'Agent' : 'Customer'}: ${u.text}`);
  expect(transcriptOf(messages)).toEqual(expected);
  expect(expected.join('\n').length).toBeGreaterThan(20_000);
});

it('a transcript past one message continues in numbered follow-ups (2/N)…(N/N), each posted once as its own step', async () => {
  const utterances = dialogue(180);
  h = await startHarness();
  h.assembly.setScript(() => utterances);
  const payload = zapierCall();
  payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
  await h.postJson('/webhook/zapier', payload);
  // The third part's first try fails (500): parts 1 and 2 must not be posted again on the retry.
  let posts = 0;
  h.calls.events.on('step.succeeded', ({ step }) => {
    if (step.startsWith('post-slack')) posts += 1;
    if (step === 'post-slack-2') h!.slack.failNext(1);
  });
  await h.settle();

  const job = await h.job(String(payload.call_id));
  const total = (job.output as { messages: number }).messages;
  expect(total).toBeGreaterThan(2);
  expect(posts).toBe(total);
  expect(job.attempts).toBe(2);
  expect(job.steps['post-slack-3']?.attempts).toBe(2);
  expect(job.steps['post-slack']?.attempts).toBe(1);
  expect(h.slack.messages).toHaveLength(total);
  expect(Object.keys(job.steps).filter((s) => s.startsWith('post-slack'))).toHaveLength(total);
  const messages = h.slack.messages.map((m) => m.body);
  messages.forEach((message, i) => {
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    expect(message.blocks!.some((b) => b.text!.text!.startsWith(`📝 Full Transcription (${i + 1}/${total}):`))).toBe(true);
  });
  expect(messages[1]!.text).toBe(`(2/${total}) Transcript of call ${payload.call_id}, continued`);
  expect(transcriptOf(messages)).toEqual(utterances.map((u, i) => `${i % 2 === 0 ? 'Agent' : 'Customer'}: ${u.text}`));
});

it('the formatter splits a single huge utterance at word boundaries without losing a character', () => {
  const text = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
  const minutes: CallMinutes = {
    callId: 'x', direction: 'incoming', supportNumber: '1', customerNumber: '2', agent: {}, timeZone: 'UTC', missed: false,
    recording: 'transcribed', lines: [{ speaker: 'Customer', text }],
  };
  const messages = formatMinutesForSlack(minutes, slackLimits);
  const sections = messages.flatMap((m) => m.blocks).map((b) => (b as { text: { text: string } }).text.text);
  expect(sections.every((s) => s.length <= 3000)).toBe(true);
  const pieces = transcriptOf(messages as never);
  expect(pieces.join(' ')).toBe(`Customer: ${text}`);
});

it('escapes user text so a transcript cannot mention @channel, link, or close its code block', () => {
  const minutes: CallMinutes = {
    callId: 'x', direction: 'incoming', supportNumber: '1', customerNumber: '2', agent: { name: '<!channel>' }, timeZone: 'UTC', missed: false,
    recording: 'transcribed', lines: [{ speaker: 'Customer', text: 'hi <!here> ``` & <https://evil|click>' }],
  };
  const all = JSON.stringify(formatMinutesForSlack(minutes, slackLimits));
  expect(all).not.toContain('<!channel>');
  expect(all).not.toContain('<!here>');
  expect(all).not.toContain('<https://evil');
  expect(all).toContain('&lt;!here&gt;');
});

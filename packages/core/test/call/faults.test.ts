import { afterEach, expect, it } from 'vitest';
import type { SlackMinutesFormatter } from '@callwire/core/slack';
import { createRateLimiter, formatMinutesForSlack } from '@callwire/core/slack';
import { startHarness, zapierCall, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

async function deliver(): Promise<string> {
  const payload = zapierCall();
  payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
  expect((await h.postJson('/webhook/zapier', payload)).status).toBe(200);
  return String(payload.call_id);
}

it('Slack 429 (with Retry-After) parks the job without spending an attempt; a 500 is retried: one message, transcription once', async () => {
  const rateLimiter = createRateLimiter({ minIntervalMs: 0, sleep: async () => {} });
  h = await startHarness({ slack: { rateLimiter } });
  const retryAts: number[] = [];
  const parks: { step: string; wait: string; delayMs: number }[] = [];
  h.calls.events.on('job.failed', (event) => retryAts.push(event.retryAt));
  h.calls.events.on('job.waiting', (event) => parks.push({ step: event.step, wait: event.wait, delayMs: event.until - Date.now() }));
  h.slack.rateLimitNext(1, 1);
  h.slack.failNext(1);
  const callId = await deliver();
  await h.settle();
  const job = await h.job(callId);
  expect(job.status).toBe('succeeded');
  expect(job.attempts).toBe(2); // the 500 spent one attempt; the 429 none
  expect(h.slack.requests).toHaveLength(3);
  expect(h.slack.messages).toHaveLength(1);
  expect(h.assembly.submissions).toHaveLength(1);
  expect(job.steps.transcribe?.attempts).toBe(2); // two parked looks (processing, then completed), none after Slack failed
  expect(job.steps['post-slack']?.attempts).toBe(3);
  expect(retryAts).toHaveLength(1);
  // Retry-After: 1 → parked for about a second, holding no worker.
  const slackParks = parks.filter((park) => park.step === 'post-slack');
  expect(slackParks).toHaveLength(1);
  expect(slackParks[0]).toMatchObject({ wait: 'not-ready' });
  expect(slackParks[0]!.delayMs).toBeGreaterThan(500);
});

it('AssemblyAI 500s are retried to success', async () => {
  h = await startHarness();
  h.assembly.failNext(2);
  const callId = await deliver();
  await h.settle();
  expect((await h.job(callId)).status).toBe('succeeded');
  expect(h.assembly.requests.filter((r) => r.path === '/v2/upload').length).toBe(3);
  expect(h.slack.messages).toHaveLength(1);
});

it('an AssemblyAI `error` transcript makes the job dead with AssemblyAI\'s message; a re-drive transcribes again and posts once', async () => {
  h = await startHarness();
  h.assembly.endNextInError('Transcoding failed. File does not appear to contain audio.');
  const callId = await deliver();
  await h.settle();
  const dead = await h.job(callId);
  expect(dead.status).toBe('dead');
  expect(dead.attempts).toBe(1);
  expect(dead.error).toMatchObject({ step: 'transcribe', provider: 'assemblyai', code: 'provider_rejected' });
  expect(dead.error?.message).toContain('Transcoding failed. File does not appear to contain audio.');
  expect(h.slack.messages).toHaveLength(0);

  const done = await h.redrive(callId);
  expect(done.status).toBe('succeeded');
  expect(h.assembly.submissions).toHaveLength(2);
  expect(h.slack.messages).toHaveLength(1);
});

it('Slack `invalid_blocks` makes the job dead with Slack\'s message; a re-drive (formatter fixed) posts once without transcribing again', async () => {
  let broken = true;
  const formatter: SlackMinutesFormatter = (minutes, limits) => {
    const messages = formatMinutesForSlack(minutes, limits);
    if (!broken) return messages;
    const filler = Array.from({ length: 51 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'x' } }));
    return [{ ...messages[0]!, blocks: filler }];
  };
  h = await startHarness({ slack: { formatter } });
  const callId = await deliver();
  await h.settle();
  const dead = await h.job(callId);
  expect(dead.status).toBe('dead');
  expect(dead.error).toMatchObject({ step: 'post-slack', provider: 'slack', providerStatus: 400 });
  expect(dead.error?.message).toContain('invalid_blocks');
  expect(h.slack.messages).toHaveLength(0);

  broken = false;
  const done = await h.redrive(callId);
  expect(done.status).toBe('succeeded');
  expect(h.slack.messages).toHaveLength(1);
  expect(h.assembly.submissions).toHaveLength(1);
  expect(done.steps.transcribe?.attempts).toBe(2); // two parked looks (processing, then completed), none after the re-drive
});

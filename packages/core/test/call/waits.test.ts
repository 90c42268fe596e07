/**
 * The call pipeline waits without holding anything: a recording Exotel has not published yet, a transcript
 * AssemblyAI is still making, and AssemblyAI's "transcript ready" callback (authentic, forged, lost).
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, transcriptWebhookSecret, zapierCall, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

/** Accepts the Zapier sample for `callId` with its recording on the fake Exotel (404 for the first `notFoundFirst` tries). */
async function receive(callId: string, notFoundFirst = 0): Promise<void> {
  const payload: Record<string, unknown> = { ...zapierCall(), call_id: callId };
  payload.recording_url = h.exotel.addRecording(h.exotelServer, callId, { notFoundFirst });
  expect((await h.postJson('/webhook/zapier', payload)).status).toBe(200);
}

describe('a recording not published yet', () => {
  it('parks the job (no lease, no attempt spent) and picks it up again until the recording is there', async () => {
    h = await startHarness();
    await receive('rec00001', 3);
    await h.worker.drain();
    const parked = await h.job('rec00001');
    expect(parked.status).toBe('waiting');
    expect(parked.wait).toMatchObject({ step: 'fetch-recording', kind: 'not-ready' });
    expect(parked.leaseOwner).toBeUndefined();
    expect(parked.attempts).toBe(0); // parking gives the claim back
    await h.settle();
    const done = await h.job('rec00001');
    expect(done.status).toBe('succeeded');
    expect(done.steps['fetch-recording']).toMatchObject({ status: 'succeeded', attempts: 4 }); // 3 × 404, then the recording
    expect(h.assembly.submissions).toHaveLength(1);
    expect(h.slack.messages).toHaveLength(1);
  });
});

describe("AssemblyAI's transcript-ready callback", () => {
  it('submits with webhook_url and a per-call auth header; the callback wakes the parked job → one MOM', async () => {
    h = await startHarness({ transcriptWebhook: true, transcriptWebhookTimeoutMs: 60_000 }); // only the callback can wake it in time
    await receive('hook0001');
    await h.settle();
    const [submission] = h.assembly.submissions;
    expect(submission).toMatchObject({
      webhook_url: expect.stringMatching(new RegExp(`^${h.handlerUrl}/webhook/assemblyai\\?key=hook0001&submission=[0-9a-f]{32}$`)),
      webhook_auth_header_name: 'x-callwire-signature',
      webhook_auth_header_value: createHmac('sha256', transcriptWebhookSecret).update('hook0001').digest('hex'),
    });
    expect(h.assembly.webhooks).toEqual([expect.objectContaining({ answered: 200, attempt: 1 })]);
    const job = await h.job('hook0001');
    expect(job.steps['transcript-ready']).toMatchObject({ status: 'succeeded', result: { timedOut: false } });
    expect(job.steps.transcribe).toMatchObject({ status: 'succeeded', attempts: 1 }); // one look, after the callback
    expect(h.slack.messages).toHaveLength(1);
  });

  it('a callback with a wrong or missing auth header, or for another call → 401, nothing woken', async () => {
    h = await startHarness({ transcriptWebhook: true });
    const post = (key: string, headers: Record<string, string>) =>
      fetch(`${h.handlerUrl}/webhook/assemblyai?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ transcript_id: 't-1', status: 'completed' }) });
    const signed = (key: string) => createHmac('sha256', transcriptWebhookSecret).update(key).digest('hex');
    for (const response of [
      await post('call-a', {}),
      await post('call-a', { 'x-callwire-signature': 'f'.repeat(64) }),
      await post('call-a', { 'x-callwire-signature': signed('call-b') }),
    ]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'unauthorized' });
    }
    const authentic = await post('call-a', { 'x-callwire-signature': signed('call-a') });
    expect(await authentic.json()).toEqual({ received: true, woke: false }); // kept for the job that will wait for it
  });

  it('a lost callback: the job waits parked, then at its timeout looks at the transcript itself → one MOM', async () => {
    h = await startHarness({ transcriptWebhook: true });
    h.assembly.loseNextWebhook();
    await receive('lost0001');
    await h.worker.drain();
    const waiting = await h.job('lost0001');
    expect(waiting.status).toBe('waiting');
    expect(waiting.wait).toMatchObject({ step: 'transcript-ready', kind: 'event', key: 'transcript:lost0001' });
    expect(waiting.leaseOwner).toBeUndefined();
    await h.settle(); // the harness's callback timeout is 300 ms
    const done = await h.job('lost0001');
    expect(h.assembly.webhooks).toHaveLength(0);
    expect(done.steps['transcript-ready']).toMatchObject({ status: 'succeeded', result: { timedOut: true } });
    expect(done.steps.transcribe).toMatchObject({ status: 'succeeded' });
    expect(h.slack.messages).toHaveLength(1);
  });
});

/**
 * AssemblyAI as it really behaves: multichannel transcripts carry a channel per utterance (roles come from it),
 * errors are classified by the status AssemblyAI answered, and a hung request times out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { createFakeAssemblyAI, listen } from '@callwire/core/testing';
import { renderBlocks, startHarness, zapierCall, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => { await h?.close(); h = undefined; });

async function receive(harness: Harness, callId: string): Promise<void> {
  const payload: Record<string, unknown> = { ...zapierCall(), call_id: callId };
  payload.recording_url = harness.exotel.addRecording(harness.exotelServer, callId);
  expect((await harness.postJson('/webhook/zapier', payload)).status).toBe(200);
}

describe('dual-channel recordings (recordingChannels: 2)', () => {
  it('are submitted as multichannel; roles come from each utterance’s channel (left = agent), end to end', async () => {
    h = await startHarness({ pipeline: { recordingChannels: 2 } });
    // The customer speaks first, on the right channel: a mono "first speaker is the agent" guess would be wrong.
    h.assembly.setScript(() => [
      { speaker: 'B', channel: '2', text: 'Hello? I was told to expect a call about my refund.' },
      { speaker: 'A', channel: '1', text: 'Yes, this is Asha from Acme, calling about your refund.' },
      { speaker: 'B', channel: '2', text: 'Great, when will it arrive?' },
    ]);
    await receive(h, 'dual0001');
    await h.settle();
    expect(h.assembly.submissions[0]).toMatchObject({ multichannel: true });
    expect(h.assembly.submissions[0]).not.toHaveProperty('speaker_labels');
    const text = renderBlocks(h.slack.messages[0]!.body);
    expect(text).toContain('Customer: Hello? I was told to expect a call about my refund.\nAgent: Yes, this is Asha from Acme, calling about your refund.\nCustomer: Great, when will it arrive?');
    const transcript = (await h.job('dual0001')).steps.transcribe?.result as { utterances: { channel?: number }[] };
    expect(transcript.utterances.map((u) => u.channel)).toEqual([2, 1, 2]);
  });
});

describe('errors, by the status AssemblyAI answered', () => {
  it('401 is permanent: the job is dead at once, the recording uploaded once', async () => {
    h = await startHarness();
    h.assembly.failNext(1, 401);
    await receive(h, 'auth0001');
    await h.settle();
    const job = await h.job('auth0001');
    expect(job.status).toBe('dead');
    expect(job.attempts).toBe(1);
    expect(job.error).toMatchObject({ code: 'provider_rejected', providerStatus: 401, retryable: false });
    expect(h.assembly.requests.filter((r) => r.path === '/v2/upload')).toHaveLength(1);
  });

  it.each([[400, 'provider_rejected', false], [404, 'provider_rejected', false], [429, 'rate_limited', true], [500, 'provider_error', true], [503, 'provider_error', true]] as const)(
    '%i → %s (retryable: %s)',
    async (status, code, retryable) => {
      const fake = createFakeAssemblyAI();
      const server = await fake.start();
      try {
        const transcriber = assemblyAITranscriber({ apiKey: fake.apiKey, baseUrl: server.url });
        fake.failNext(1, status, status === 429 ? 7 : undefined);
        const error = await transcriber.check!({ id: 't-1', channels: 1 }).catch((thrown: unknown) => thrown);
        expect(error).toMatchObject({ code, retryable, providerStatus: status });
        if (status === 429) expect(error).toMatchObject({ retryAfterMs: 7000 });
      } finally {
        await server.close();
      }
    },
  );

  it('a hung request times out (retryable timeout) instead of holding the step', async () => {
    const hung = await listen(() => {}); // takes the request, never answers
    try {
      const transcriber = assemblyAITranscriber({ apiKey: 'k', baseUrl: hung.url, requestTimeoutMs: 150 });
      await expect(transcriber.check!({ id: 't-1', channels: 1 })).rejects.toMatchObject({ code: 'timeout', retryable: true });
    } finally {
      await hung.close();
    }
  });
});

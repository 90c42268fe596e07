/**
 * A submission found again after a crash: the marker in the webhook URL, the transcripts list of the fake (as
 * AssemblyAI documents it), read through the real SDK and the transcriber.
 */
import { AssemblyAI } from 'assemblyai';
import { afterEach, describe, expect, it } from 'vitest';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { createFakeAssemblyAI, type LocalServer } from '@callwire/core/testing';
import { assemblyAICreated } from '../../src/providers/assemblyai/find-submitted.js';

const webhook = { url: 'https://hooks.example.test/webhook/assemblyai', secret: 'a-webhook-secret-of-at-least-32-characters' };
let server: LocalServer | undefined;
afterEach(async () => { await server?.close(); server = undefined; });

async function start() {
  const fake = createFakeAssemblyAI({ webhookProcessingMs: 60_000 });
  server = await fake.start();
  const transcriber = assemblyAITranscriber({ apiKey: fake.apiKey, baseUrl: server.url, webhook });
  const audio = () => ({ stream: new Blob([new Uint8Array(64)]).stream() });
  const submit = (key: string, submissionKey?: string) => transcriber.submit(audio(), { channels: 1, callbackKey: key, ...(submissionKey ? { submissionKey } : {}) });
  return { fake, url: server.url, transcriber, submit };
}

describe('the fake AssemblyAI transcripts list (GET /v2/transcript)', () => {
  it('is newest first, paged to older ones by prev_url, items without the submission fields, times in UTC without a zone', async () => {
    const { fake, url, submit } = await start();
    const ids: string[] = [];
    for (const key of ['a', 'b', 'c']) {
      ids.push((await submit(key)).id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const client = new AssemblyAI({ apiKey: fake.apiKey, baseUrl: url });
    const first = await client.transcripts.list({ limit: 2 });
    expect(first.transcripts.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    expect(first.page_details).toMatchObject({ limit: 2, result_count: 2, next_url: null });
    expect(Object.keys(first.transcripts[0]!).sort()).toEqual(['audio_url', 'completed', 'created', 'error', 'id', 'resource_url', 'status']);
    const older = await client.transcripts.list(first.page_details.prev_url!);
    expect(older.transcripts.map((t) => t.id)).toEqual([ids[0]]);
    expect(older.page_details.prev_url).toBeNull();
    const raw = (await (await fetch(`${url}/v2/transcript?limit=1`, { headers: { authorization: fake.apiKey } })).json()) as { transcripts: { created: string }[] };
    expect(raw.transcripts[0]!.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect((await fetch(`${url}/v2/transcript?limit=500`, { headers: { authorization: fake.apiKey } })).status).toBe(400);
    // A transcript gives its webhook_url back, never the auth header's value.
    const transcript = await client.transcripts.get(ids[0]!);
    expect(transcript.webhook_url).toContain('key=a');
    expect(transcript).toMatchObject({ webhook_auth: true, webhook_auth_header_name: 'x-callwire-signature' });
    expect(transcript).not.toHaveProperty('webhook_auth_header_value');
  });

  it('list times are UTC: read without the SDK’s local-time parse', () => {
    expect(assemblyAICreated('2024-03-11T21:29:59.936851')).toBe(Date.UTC(2024, 2, 11, 21, 29, 59, 936));
    expect(assemblyAICreated('2024-03-11T21:29:59Z')).toBe(Date.UTC(2024, 2, 11, 21, 29, 59));
  });
});

describe('assemblyAITranscriber().findSubmitted', () => {
  it('finds the transcript submitted with the same submission key since the intent, and no other', async () => {
    const { fake, transcriber, submit } = await start();
    const since = Date.now();
    const mine = await submit('call-1', 'calls:call-1:fetch-recording');
    await submit('call-2', 'calls:call-2:fetch-recording');
    await submit('call-1-again');
    expect(fake.submissions[0]!.webhook_url).toMatch(/[?&]submission=[0-9a-f]{32}$/);
    expect(fake.submissions[0]!.webhook_url).not.toContain('fetch-recording');
    expect(await transcriber.findSubmitted!({ submissionKey: 'calls:call-1:fetch-recording', channels: 1, since })).toEqual({ id: mine.id, channels: 1 });
    expect(await transcriber.findSubmitted!({ submissionKey: 'calls:call-3:fetch-recording', channels: 2, since })).toBeUndefined();
    // Only transcripts created since the intent (less 5 minutes of skew) are read: older ones are not this run's.
    const reads = () => fake.requests.filter((r) => r.method === 'GET' && /^\/v2\/transcript\/[\w-]+$/.test(r.path)).length;
    const before = reads();
    expect(await transcriber.findSubmitted!({ submissionKey: 'calls:call-1:fetch-recording', channels: 1, since: Date.now() + 10 * 60_000 })).toBeUndefined();
    expect(reads()).toBe(before);
  });

  it('is there only with a webhook: without one, a submission carries nothing to find it by', () => {
    expect(assemblyAITranscriber({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }).findSubmitted).toBeUndefined();
  });
});

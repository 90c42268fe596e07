import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exotelRecordings, isForbiddenAddress } from '@callwire/core/exotel';
import { createFakeExotel, type LocalServer } from '@callwire/core/testing';
import { startHarness } from './harness.js';

const exotel = createFakeExotel();
const other = createFakeExotel();
let server: LocalServer;
let otherServer: LocalServer;
let host: string;
beforeAll(async () => {
  [server, otherServer] = await Promise.all([exotel.start(), other.start()]);
  host = new URL(server.url).host;
});
afterAll(async () => { await Promise.all([server.close(), otherServer.close()]); });

const source = (overrides: Partial<Parameters<typeof exotelRecordings>[0]> = {}) =>
  exotelRecordings({ apiKey: exotel.apiKey, apiToken: exotel.apiToken, allowedHosts: [host], allowPrivateHosts: [host], notYetAvailable: { initialDelayMs: 1, maxDelayMs: 2, deadlineMs: 50 }, ...overrides });
const ref = (url: string) => ({ url, callId: 'c1' });
const sawCredentials = (fake: typeof exotel) => fake.requests.some((r) => r.headers.authorization !== undefined);

describe('recording fetch is SSRF-guarded and sends credentials only to allowed hosts', () => {
  it('refuses a URL on another host without any request', async () => {
    const before = other.requests.length;
    const url = other.addRecording(otherServer, 'c1');
    await expect(source().open(ref(url))).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('not an allowed host') });
    // The default allow-list is Exotel's recording hosts only.
    await expect(exotelRecordings({ apiKey: 'k', apiToken: 't' }).open(ref('https://evil.example/rec.mp3'))).rejects.toMatchObject({ code: 'forbidden' });
    expect(other.requests.length).toBe(before);
  });

  it('refuses 127.0.0.1 even as an allowed host, unless the test-only escape hatch names it', async () => {
    const url = exotel.addRecording(server, 'c2');
    const before = exotel.requests.length;
    await expect(source({ allowPrivateHosts: [] }).open(ref(url))).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('private, loopback or link-local') });
    expect(exotel.requests.length).toBe(before);
  });

  it('refuses 169.254.169.254 (cloud metadata) and hostnames that resolve to private addresses', async () => {
    await expect(source({ allowedHosts: ['169.254.169.254'] }).open(ref('http://169.254.169.254/latest/meta-data/'))).rejects.toMatchObject({ code: 'forbidden' });
    const rebinding = source({ allowedHosts: ['recordings.exotel.com'], resolve: async () => ['10.1.2.3'] });
    await expect(rebinding.open(ref('https://recordings.exotel.com/exotelrecordings/acme1/c3.mp3'))).rejects.toMatchObject({ code: 'forbidden' });
    expect(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1'].every(isForbiddenAddress)).toBe(true);
    expect(['13.234.1.1', '2606:4700::1111'].some(isForbiddenAddress)).toBe(false);
  });

  it('refuses a redirect to 169.254.169.254 or to another local server, which receives nothing', async () => {
    const toMetadata = exotel.addRedirect(server, '/exotelrecordings/acme1/meta.mp3', 'http://169.254.169.254/latest/meta-data/iam');
    await expect(source().open(ref(toMetadata))).rejects.toMatchObject({ code: 'forbidden' });
    const before = other.requests.length;
    const toOther = exotel.addRedirect(server, '/exotelrecordings/acme1/hop.mp3', other.addRecording(otherServer, 'c4'));
    await expect(source().open(ref(toOther))).rejects.toMatchObject({ code: 'forbidden' });
    expect(other.requests.length).toBe(before);
    expect(sawCredentials(other)).toBe(false);
  });

  it('streams an allowed recording with Basic auth, and enforces the size limit', async () => {
    const url = exotel.addRecording(server, 'c5', { bytes: Buffer.alloc(10_000, 1) });
    const audio = await source().open(ref(url));
    let bytes = 0;
    for await (const chunk of audio.stream as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    expect(bytes).toBe(10_000);
    expect(exotel.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from(`${exotel.apiKey}:${exotel.apiToken}`).toString('base64')}`);
    await expect(source({ maxBytes: 5_000 }).open(ref(url))).rejects.toMatchObject({ code: 'payload_too_large' });
  });

  it('a recording not published yet (404) is "not ready": look again later, with backoff, to the configured deadline', async () => {
    const url = exotel.addRecording(server, 'c6', { notFoundFirst: 1_000 });
    await expect(source().open(ref(url))).rejects.toMatchObject({ name: 'NotReadyError', retryInMs: 1, deadlineMs: 50 });
    await expect(source().open(ref(url), { attempt: 4 })).rejects.toMatchObject({ name: 'NotReadyError', retryInMs: 2, deadlineMs: 50 }); // doubled, capped at maxDelayMs
  });
});

it('through the pipeline: a payload recording URL on 169.254.169.254 kills the job at once, no credentials sent anywhere', async () => {
  const h = await startHarness();
  try {
    const response = await h.postJson('/webhook/zapier', { call_id: 'ssrf1', from_number: '+919876543210', to_number: '09631084471', recording_url: 'http://169.254.169.254/latest/meta-data/' });
    expect(response.status).toBe(200);
    await h.settle();
    const job = await h.job('ssrf1');
    expect(job.status).toBe('dead');
    expect(job.attempts).toBe(1);
    expect(job.error).toMatchObject({ step: 'fetch-recording', code: 'forbidden' });
    expect(h.exotel.requests).toHaveLength(0);
    expect(h.assembly.uploads).toHaveLength(0);
    expect(h.slack.messages).toHaveLength(0);
  } finally {
    await h.close();
  }
});

/**
 * The AssemblyAI upload of a byte stream (what `exotelRecordings()` opens): read with a BYOB reader into
 * two reused buffers and POSTed over node:http, not fetch. Through the fake AssemblyAI: the exact bytes
 * arrive, with the SDK's headers; AssemblyAI's errors are classified as on the fetch path; a failed
 * download fails the upload with the download's error; nothing follows a redirect with the key. A stream
 * that is not a byte stream still goes through fetch. (fetch sends `sec-fetch-mode`; node:http does not:
 * that header tells the two paths apart on the wire.)
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { createFakeAssemblyAI, listen, type LocalServer } from '@callwire/core/testing';

const closing: LocalServer[] = [];
afterEach(async () => { await Promise.all(closing.splice(0).map((server) => server.close())); });

const pattern = (length: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 131 + 17) % 253));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A recording server answering `body` (or, with `cutAt`, only its first bytes before closing). */
async function recordingServer(body: Buffer, cutAt?: number): Promise<LocalServer> {
  const server = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(body.length) });
    if (cutAt === undefined) return void res.end(body);
    res.write(body.subarray(0, cutAt), () => res.destroy());
  });
  closing.push(server);
  return server;
}

async function start(options: { body: Buffer; cutAt?: number }) {
  const recordings = await recordingServer(options.body, options.cutAt);
  const fake = createFakeAssemblyAI();
  const api = await fake.start();
  closing.push(api);
  const host = new URL(recordings.url).host;
  const source = exotelRecordings({ apiKey: 'k', apiToken: 't', allowedHosts: [host], allowPrivateHosts: [host] });
  const transcriber = assemblyAITranscriber({ apiKey: fake.apiKey, baseUrl: api.url, requestTimeoutMs: 2_000 });
  const open = () => source.open({ url: `${recordings.url}/rec.wav`, callId: 'upload' });
  const uploadRequests = () => fake.requests.filter((r) => r.path === '/v2/upload');
  return { fake, transcriber, open, uploadRequests };
}

describe('a byte stream (an Exotel recording)', () => {
  it('arrives whole (5 MiB, same SHA-256) through node:http with the SDK\'s headers, then the transcript is submitted', async () => {
    const body = pattern(5 * 1024 * 1024);
    const { fake, transcriber, open, uploadRequests } = await start({ body });
    const handle = await transcriber.submit(await open(), { channels: 1 });
    expect(handle.id).toBeTruthy();
    expect(fake.uploads).toEqual([{ bytes: body.length, authorization: fake.apiKey }]);
    expect(fake.uploadDigests).toEqual([sha(body)]);
    expect(uploadRequests()[0]!.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked', authorization: fake.apiKey });
    expect(uploadRequests()[0]!.headers['sec-fetch-mode']).toBeUndefined(); // not fetch
    expect(fake.submissions).toHaveLength(1);
  });

  it.each([[401, 'provider_rejected', false], [429, 'rate_limited', true], [500, 'provider_error', true]] as const)(
    'AssemblyAI answering %i → %s (retryable: %s), as on the fetch path',
    async (status, code, retryable) => {
      const { fake, transcriber, open } = await start({ body: pattern(1024 * 1024) });
      fake.failNext(1, status, status === 429 ? 3 : undefined);
      const error = await transcriber.submit(await open(), { channels: 1 }).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code, retryable, providerStatus: status, provider: 'assemblyai', message: expect.stringContaining('upload the recording') });
      if (status === 429) expect(error).toMatchObject({ retryAfterMs: 3000 });
      expect(fake.submissions).toHaveLength(0);
    },
  );

  it('a download cut short fails the upload with the download\'s error; AssemblyAI records no upload', async () => {
    const { fake, transcriber, open, uploadRequests } = await start({ body: pattern(2 * 1024 * 1024), cutAt: 700_000 });
    await expect(transcriber.submit(await open(), { channels: 1 })).rejects.toMatchObject({ code: 'provider_error', provider: 'exotel', retryable: true });
    expect(uploadRequests().length).toBeLessThanOrEqual(1);
    expect(fake.uploads).toEqual([]);
    expect(fake.submissions).toHaveLength(0);
  });

  it('an AssemblyAI that takes the upload and never answers: a retryable timeout', async () => {
    const recordings = await recordingServer(pattern(100_000));
    const hung = await listen((req) => { req.resume(); }); // reads everything, answers nothing
    closing.push(hung);
    const host = new URL(recordings.url).host;
    const audio = await exotelRecordings({ apiKey: 'k', apiToken: 't', allowedHosts: [host], allowPrivateHosts: [host] }).open({ url: `${recordings.url}/rec.wav`, callId: 'hung' });
    const transcriber = assemblyAITranscriber({ apiKey: 'key', baseUrl: hung.url, requestTimeoutMs: 150 });
    await expect(transcriber.submit(audio, { channels: 1 })).rejects.toMatchObject({ code: 'timeout', retryable: true, provider: 'assemblyai' });
  });

  it('a redirect is not followed: the key goes to baseUrl only', async () => {
    const elsewhere: string[] = [];
    const other = await listen((req, res) => { elsewhere.push(String(req.headers.authorization)); req.resume(); res.end('{"upload_url":"https://x"}'); });
    closing.push(other);
    const redirecting = await listen((req, res) => { req.resume(); req.on('end', () => res.writeHead(307, { location: `${other.url}/v2/upload` }).end()); });
    closing.push(redirecting);
    const recordings = await recordingServer(pattern(100_000));
    const host = new URL(recordings.url).host;
    const audio = await exotelRecordings({ apiKey: 'k', apiToken: 't', allowedHosts: [host], allowPrivateHosts: [host] }).open({ url: `${recordings.url}/rec.wav`, callId: 'redirect' });
    const transcriber = assemblyAITranscriber({ apiKey: 'secret-key', baseUrl: redirecting.url });
    await expect(transcriber.submit(audio, { channels: 1 })).rejects.toMatchObject({ code: 'provider_error', message: expect.stringContaining('without an upload_url') });
    expect(elsewhere).toEqual([]);
  });
});

describe('a stream that is not a byte stream', () => {
  it('is still uploaded through fetch, whole', async () => {
    const body = pattern(3 * 1024 * 1024);
    const { fake, transcriber, uploadRequests } = await start({ body: Buffer.alloc(0) });
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= body.length) return controller.close();
        controller.enqueue(body.subarray(offset, offset + 100_000));
        offset += 100_000;
      },
    });
    await transcriber.submit({ stream, contentType: 'audio/wav' }, { channels: 1 });
    expect(fake.uploads).toEqual([{ bytes: body.length, authorization: fake.apiKey }]);
    expect(fake.uploadDigests).toEqual([sha(body)]);
    expect(uploadRequests()[0]!.headers['sec-fetch-mode']).toBe('cors'); // fetch
  });
});

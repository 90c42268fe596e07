/**
 * Recordings from every place Exotel keeps them, credentials only where they belong: Exotel's hosts
 * (Basic auth, HTTPS), Exotel's S3 bucket (no credentials; the S3 fake answers 400 to any
 * Authorization header), presigned URLs, and one refresh through Call Details when S3 says 403.
 * The guard tests at the end fail if their guard is removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMaxRecordingBytes, exotelCallDetails, exotelRecordings, exotelS3Hosts } from '@callwire/core/exotel';
import { createFakeExotel, createFakeS3Recordings, listen, type LocalServer } from '@callwire/core/testing';
import { locateRecording } from '../../src/providers/exotel/recording-location.js';
import { startHarness } from '../call/harness.js';

const exotel = createFakeExotel();
const otherExotel = createFakeExotel();
const s3 = createFakeS3Recordings();
let exotelServer: LocalServer;
let otherServer: LocalServer;
let s3Server: LocalServer;
let hosts: { exotel: string; other: string; s3: string };
beforeAll(async () => {
  [exotelServer, otherServer, s3Server] = await Promise.all([exotel.start(), otherExotel.start(), s3.start()]);
  hosts = { exotel: new URL(exotelServer.url).host, other: new URL(otherServer.url).host, s3: new URL(s3Server.url).host };
});
afterAll(async () => { await Promise.all([exotelServer.close(), otherServer.close(), s3Server.close()]); });

const basic = `Basic ${Buffer.from(`${exotel.apiKey}:${exotel.apiToken}`).toString('base64')}`;
const callDetails = () => exotelCallDetails({ accountSid: exotel.accountSid, apiKey: exotel.apiKey, apiToken: exotel.apiToken, region: exotelServer.url });
const source = (overrides: Partial<Parameters<typeof exotelRecordings>[0]> = {}) =>
  exotelRecordings({
    apiKey: exotel.apiKey,
    apiToken: exotel.apiToken,
    allowedHosts: [hosts.exotel, hosts.other],
    allowPrivateHosts: [hosts.exotel, hosts.other, hosts.s3],
    testS3Hosts: [hosts.s3],
    notYetAvailable: { initialDelayMs: 1, maxDelayMs: 2, deadlineMs: 50 },
    ...overrides,
  });
async function bytesOf(audio: { stream: ReadableStream<Uint8Array> }): Promise<number> {
  let total = 0;
  for await (const chunk of audio.stream as unknown as AsyncIterable<Uint8Array>) total += chunk.byteLength;
  return total;
}
const s3Credentials = () => s3.requests.filter((r) => r.headers.authorization !== undefined);
const detailsRequests = (sid: string) => exotel.requests.filter((r) => r.path.startsWith(`/v1/Accounts/acme1/Calls/${sid}.json`));

describe('where each recording comes from', () => {
  it('Exotel S3 bucket: fetched with no credential (the S3 fake would answer 400 to one)', async () => {
    const url = s3.addObject(s3Server, 'acme1/s3plain1.mp3', { bytes: Buffer.alloc(20_000, 3), public: true });
    const before = s3.requests.length;
    expect(await bytesOf(await source().open({ url, callId: 's3plain1' }))).toBe(20_000);
    expect(s3.requests.length).toBe(before + 1);
    expect(s3Credentials()).toEqual([]);
  });

  it('an Exotel host (recordings.exotel.com-style path): the Basic credential is received', async () => {
    const url = exotel.addRecording(exotelServer, 'exorec01', { bytes: Buffer.alloc(1_000, 1) });
    expect(await bytesOf(await source().open({ url, callId: 'exorec01' }))).toBe(1_000);
    expect(exotel.requests.at(-1)).toMatchObject({ path: '/exotelrecordings/acme1/exorec01.mp3', headers: { authorization: basic } });
  });

  it('a presigned URL is preferred over the plain URL, and fetched without credentials', async () => {
    const plain = s3.addObject(s3Server, 'acme1/signed01.mp3', { bytes: Buffer.alloc(3_000, 2) }); // not public: the plain URL would be 403
    const presignedUrl = s3.presign(s3Server, 'acme1/signed01.mp3');
    const before = s3.requests.length;
    expect(await bytesOf(await source().open({ url: plain, presignedUrl, callId: 'signed01' }))).toBe(3_000);
    expect(s3.requests.slice(before).map((r) => r.path)).toEqual([new URL(presignedUrl).pathname + new URL(presignedUrl).search]);
    expect(s3Credentials()).toEqual([]);
  });

  it('the S3 fake is as strict as S3: 400 to an Authorization header, 403 expired / unsigned private, tampered signature 403', async () => {
    const url = s3.addObject(s3Server, 'acme1/strict01.mp3');
    const basicAnswer = await fetch(url, { headers: { authorization: basic } });
    expect(basicAnswer.status).toBe(400);
    expect(await basicAnswer.text()).toContain('<Code>InvalidArgument</Code><Message>Unsupported Authorization Type</Message>');
    expect((await fetch(url)).status).toBe(403);
    const expired = await fetch(s3.presign(s3Server, 'acme1/strict01.mp3', { issuedAt: Date.now() - 3_600_000, expiresInSeconds: 300 }));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>300<\/X-Amz-Expires>/);
    const tampered = s3.presign(s3Server, 'acme1/strict01.mp3').replace('X-Amz-Expires=300', 'X-Amz-Expires=3000');
    expect(await (await fetch(tampered)).text()).toContain('SignatureDoesNotMatch');
    s3.requests.splice(0); // these probes sent credentials on purpose
  });
});

describe('an expired or forbidden S3 URL', () => {
  it('is refreshed once through Call Details (PreSignedRecordingUrl), then fetched', async () => {
    const plain = s3.addObject(s3Server, 'acme1/expire01.mp3', { bytes: Buffer.alloc(4_000, 4) });
    exotel.addCall({ Sid: 'expire01', From: '09876543210', To: '09631084471', Status: 'completed', DateCreated: '2026-11-20 15:10:02', RecordingUrl: plain }, { presign: (minutes) => s3.presign(s3Server, 'acme1/expire01.mp3', { expiresInSeconds: minutes * 60 }) });
    const stale = s3.presign(s3Server, 'acme1/expire01.mp3', { issuedAt: Date.now() - 3_600_000 });
    const audio = await source({ callDetails: callDetails() }).open({ url: plain, presignedUrl: stale, callId: 'expire01' });
    expect(await bytesOf(audio)).toBe(4_000);
    expect(detailsRequests('expire01')).toHaveLength(1);
    expect(s3Credentials()).toEqual([]);
  });

  it('a second 403 after the refresh is a permanent error, and Call Details is asked only once', async () => {
    const plain = s3.addObject(s3Server, 'acme1/expire02.mp3');
    exotel.addCall({ Sid: 'expire02', From: '09876543210', To: '09631084471', Status: 'completed', DateCreated: '2026-11-20 15:10:02', RecordingUrl: plain }, { presign: () => s3.presign(s3Server, 'acme1/expire02.mp3', { issuedAt: Date.now() - 3_600_000 }) });
    const stale = s3.presign(s3Server, 'acme1/expire02.mp3', { issuedAt: Date.now() - 3_600_000 });
    await expect(source({ callDetails: callDetails() }).open({ url: plain, presignedUrl: stale, callId: 'expire02' }))
      .rejects.toMatchObject({ code: 'provider_rejected', providerStatus: 403, retryable: false, message: expect.stringContaining('also with the fresh URL') });
    expect(detailsRequests('expire02')).toHaveLength(1);
  });

  it('without a Call Details client is a permanent error naming the option that enables the refresh', async () => {
    const plain = s3.addObject(s3Server, 'acme1/private1.mp3');
    await expect(source().open({ url: plain, callId: 'private1' })).rejects.toMatchObject({ code: 'provider_rejected', providerStatus: 403, retryable: false, message: expect.stringContaining('`callDetails` option of exotelRecordings()') });
  });

  it('a 403 from an Exotel host is not an S3 expiry: permanent at once, Call Details not asked', async () => {
    const forbidding = await listen((_req, res) => { res.writeHead(403, { 'content-type': 'application/json' }).end('{"RestException":{"Status":403,"Message":"Forbidden"}}'); });
    try {
      const host = new URL(forbidding.url).host;
      const before = exotel.requests.length;
      const recordings = exotelRecordings({ apiKey: 'k', apiToken: 't', allowedHosts: [host], allowPrivateHosts: [host], callDetails: callDetails() });
      await expect(recordings.open({ url: `${forbidding.url}/exotelrecordings/acme1/denied01.mp3`, callId: 'denied01' }))
        .rejects.toMatchObject({ code: 'provider_rejected', providerStatus: 403, retryable: false, message: expect.stringContaining('Exotel answered 403') });
      expect(exotel.requests.slice(before)).toEqual([]);
    } finally {
      await forbidding.close();
    }
  });
});

describe('recording hosts, classified before anything is sent', () => {
  const policy = { allowedHosts: ['recordings.exotel.com', '*.exotel.com', '*.exotel.in'], testS3Hosts: [], allowPrivateHosts: [] };
  it('Exotel S3 paths in both regions and both spellings are S3 (no credentials); other buckets and hosts are refused', () => {
    for (const host of exotelS3Hosts) expect(locateRecording(`https://${host}/exotelrecordings/acme1/c1.mp3`, policy).kind).toBe('s3');
    expect(exotelS3Hosts).toEqual(expect.arrayContaining(['s3-ap-southeast-1.amazonaws.com', 's3.ap-south-1.amazonaws.com']));
    expect(locateRecording('https://exotelrecordings.s3.ap-south-1.amazonaws.com/acme1/c1.mp3?X-Amz-Signature=ab', policy).kind).toBe('s3');
    expect(locateRecording('https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3', policy).kind).toBe('exotel');
    expect(locateRecording('https://my.exotel.in/recordings/c1.mp3', policy).kind).toBe('exotel');
    for (const refused of [
      'https://s3-ap-southeast-1.amazonaws.com/someone-elses-bucket/c1.mp3',
      'https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/../evil/c1.mp3',
      'https://s3.us-east-1.amazonaws.com/exotelrecordings/acme1/c1.mp3',
      'https://attacker.s3.ap-south-1.amazonaws.com/exotelrecordings/c1.mp3',
      'http://s3-ap-southeast-1.amazonaws.com/exotelrecordings/acme1/c1.mp3',
      'https://exotel.com.evil.example/exotelrecordings/acme1/c1.mp3',
    ]) expect(() => locateRecording(refused, policy), refused).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('an allow-list that names S3 still sends it no credentials', async () => {
    const url = s3.addObject(s3Server, 'acme1/misconf1.mp3', { public: true });
    await bytesOf(await source({ allowedHosts: [hosts.exotel, hosts.s3, '*.amazonaws.com'] }).open({ url, callId: 'misconf1' }));
    expect(s3Credentials()).toEqual([]);
  });
});

describe('credential guards (each test fails when its guard is removed)', () => {
  it('(a) a redirect from an allowed host to another host — even another allowed one — drops the Authorization header', async () => {
    const otherUrl = otherExotel.addRecording(otherServer, 'hop00001');
    const before = otherExotel.requests.length;
    const toOther = exotel.addRedirect(exotelServer, '/exotelrecordings/acme1/hop00001.mp3', otherUrl);
    // The other host asks for credentials (401) because none came.
    await expect(source().open({ url: toOther, callId: 'hop00001' })).rejects.toMatchObject({ code: 'provider_rejected', providerStatus: 401 });
    expect(otherExotel.requests.slice(before)).toHaveLength(1);
    expect(otherExotel.requests.slice(before)[0]!.headers.authorization).toBeUndefined();

    // Exotel host → S3: S3 answers 400 to a credential; without one it serves the recording.
    const s3Url = s3.addObject(s3Server, 'acme1/hop00002.mp3', { bytes: Buffer.alloc(500, 9), public: true });
    const toS3 = exotel.addRedirect(exotelServer, '/exotelrecordings/acme1/hop00002.mp3', s3Url);
    expect(await bytesOf(await source().open({ url: toS3, callId: 'hop00002' }))).toBe(500);
    expect(s3Credentials()).toEqual([]);
  });

  it('(b) credentials never go over plain HTTP: http://recordings.exotel.com is refused and receives nothing', async () => {
    const port = exotelServer.port;
    const path = new URL(exotel.addRecording(exotelServer, 'plain01')).pathname; // served, so a leak would succeed at once
    const before = exotel.requests.length;
    const plainHttp = exotelRecordings({
      apiKey: exotel.apiKey,
      apiToken: exotel.apiToken,
      // The default allow-list; the name resolves to the local fake, which may be reached (test escape hatch)…
      allowPrivateHosts: [`recordings.exotel.com:${port}`],
      resolve: async () => ['127.0.0.1'],
      notYetAvailable: { initialDelayMs: 1, maxDelayMs: 1, deadlineMs: 10 },
    });
    // …but never with credentials over HTTP.
    await expect(plainHttp.open({ url: `http://recordings.exotel.com:${port}${path}`, callId: 'plain01' }))
      .rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('plain HTTP') });
    expect(exotel.requests.slice(before)).toEqual([]);
  });
});

describe('recordings of any length', () => {
  it('the default limit fits a dual-channel WAV of a 2-hour call (~20 MB per minute, Exotel)', () => {
    const twoHoursDualChannel = 120 * 20_000_000;
    expect(defaultMaxRecordingBytes).toBeGreaterThanOrEqual(twoHoursDualChannel);
    expect(defaultMaxRecordingBytes).toBeGreaterThan(200 * 1024 * 1024);
    expect(Number.isSafeInteger(defaultMaxRecordingBytes)).toBe(true);
  });

  it('a streamed body without Content-Length fails past maxBytes; at the limit it passes', async () => {
    const chunk = Buffer.alloc(10_000, 1);
    const streaming = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'audio/wav' }); // chunked: the size is known only by counting
      for (let i = 0; i < 10; i++) res.write(chunk);
      res.end();
    });
    try {
      const host = new URL(streaming.url).host;
      const make = (maxBytes: number) => exotelRecordings({ apiKey: 'k', apiToken: 't', allowedHosts: [host], allowPrivateHosts: [host], maxBytes });
      await expect(bytesOf(await make(50_000).open({ url: `${streaming.url}/exotelrecordings/a/big.wav`, callId: 'big' }))).rejects.toMatchObject({ code: 'payload_too_large' });
      expect(await bytesOf(await make(100_000).open({ url: `${streaming.url}/exotelrecordings/a/big.wav`, callId: 'big' }))).toBe(100_000);
    } finally {
      await streaming.close();
    }
  });
});

it('through the pipeline: a call whose recording is on the S3 host reaches Slack, and S3 received no credential', async () => {
  const h = await startHarness({ pipeline: { recordings: source() } });
  try {
    const recordingUrl = s3.addObject(s3Server, 'acme1/e2es3001.mp3', { public: true });
    const response = await h.postJson('/webhook/zapier', { call_id: 'e2es3001', from_number: '+919876543210', to_number: '09631084471', recording_url: recordingUrl, status: 'completed' });
    expect(response.status).toBe(200);
    await h.settle();
    expect((await h.job('e2es3001')).status).toBe('succeeded');
    expect(h.slack.messages).toHaveLength(1);
    expect(h.assembly.uploads).toHaveLength(1);
    expect(s3.requests.some((r) => r.path === '/exotelrecordings/acme1/e2es3001.mp3')).toBe(true);
    expect(s3Credentials()).toEqual([]);
  } finally {
    await h.close();
  }
});

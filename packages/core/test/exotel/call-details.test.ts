/**
 * The Call Details client against the fake Exotel: the region's API host, `details=true`, fields that
 * publish late (incomplete, then complete), error classification, and option validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exotelCallDetails, isCallDetailsComplete, parseCallPayload, pendingCallFields } from '@callwire/core/exotel';
import { createFakeExotel, listen, received, type LocalServer, type ReceivedRequest } from '@callwire/core/testing';

let now = Date.parse('2026-11-20T09:45:00Z');
const exotel = createFakeExotel({ region: 'mumbai', clock: () => now });
let server: LocalServer;
beforeAll(async () => { server = await exotel.start(); });
afterAll(async () => { await server.close(); });

const auth = () => ({ accountSid: exotel.accountSid, apiKey: exotel.apiKey, apiToken: exotel.apiToken });
const finished = {
  From: '09811122233', To: '09876543210', Status: 'completed', Direction: 'outbound-api', PhoneNumberSid: '09631084471',
  DateCreated: '2026-11-20 15:10:02', StartTime: '2026-11-20 15:10:02', EndTime: '2026-11-20 15:12:17', Duration: '135', Price: '1.500',
  ConversationDuration: 118, Legs: [{ Id: 1, OnCallDuration: 130 }, { Id: 2, OnCallDuration: 118 }],
};

describe('region', () => {
  it('chooses api.exotel.com for Singapore (default) and api.in.exotel.com for Mumbai, asking details=true', () => {
    expect(exotelCallDetails(auth()).urlFor('c1')).toBe('https://api.exotel.com/v1/Accounts/acme1/Calls/c1.json?details=true');
    expect(exotelCallDetails({ ...auth(), region: 'singapore' }).baseUrl).toBe('https://api.exotel.com');
    expect(exotelCallDetails({ ...auth(), region: 'mumbai' }).urlFor('c1')).toBe('https://api.in.exotel.com/v1/Accounts/acme1/Calls/c1.json?details=true');
    expect(exotelCallDetails({ ...auth(), region: 'https://exotel-proxy.example', recordingUrlValidityMinutes: 30 }).urlFor('c 1'))
      .toBe('https://exotel-proxy.example/v1/Accounts/acme1/Calls/c%201.json?details=true&RecordingUrlValidity=30');
  });

  it('reaches a Mumbai account only through the Mumbai host (the fake plays the regional DNS)', async () => {
    exotel.addCall({ Sid: 'region01', ...finished });
    const fetch = exotel.regionFetch(server);
    const mumbai = await exotelCallDetails({ ...auth(), region: 'mumbai', fetch }).get('region01');
    expect(mumbai).toMatchObject({ Sid: 'region01', AccountSid: 'acme1' });
    await expect(exotelCallDetails({ ...auth(), region: 'singapore', fetch }).get('region01')).rejects.toMatchObject({ code: 'provider_rejected', providerStatus: 401, retryable: false });
  });
});

describe('late fields', () => {
  it('reports an answer without Duration/EndTime/ConversationDuration/RecordingUrl incomplete, then complete once Exotel publishes', async () => {
    const recording = exotel.addRecording(server, 'late0001');
    exotel.addCall({ Sid: 'late0001', ...finished, RecordingUrl: recording }, { lateForRequests: 2 });
    const details = exotelCallDetails({ ...auth(), region: server.url });
    for (let i = 0; i < 2; i++) {
      const early = await details.get('late0001');
      expect(early).toMatchObject({ Sid: 'late0001', From: '09811122233', To: '09876543210', Status: 'completed', Direction: 'outbound-api', PhoneNumberSid: '09631084471' });
      expect(early).not.toHaveProperty('Duration');
      expect(early).not.toHaveProperty('EndTime');
      expect(early.Details?.ConversationDuration).toBeUndefined();
      expect(pendingCallFields(early, { expectRecording: true })).toEqual(['EndTime', 'Duration', 'ConversationDuration', 'RecordingUrl']);
      expect(isCallDetailsComplete(early)).toBe(false);
    }
    const final = await details.get('late0001');
    expect(final).toMatchObject({ EndTime: '2026-11-20 15:12:17', Duration: 135, Price: '1.500', RecordingUrl: recording });
    expect(final.Details).toEqual({ ConversationDuration: 118, Leg1Status: 'completed', Leg2Status: 'completed', Legs: [{ Id: 1, OnCallDuration: 130 }, { Id: 2, OnCallDuration: 118 }] });
    expect(isCallDetailsComplete(final, { expectRecording: true })).toBe(true);
    const requests = exotel.requests.filter((r) => r.path.startsWith('/v1/Accounts/acme1/Calls/late0001.json'));
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.path.endsWith('?details=true') && r.headers.authorization === `Basic ${Buffer.from(`${exotel.apiKey}:${exotel.apiToken}`).toString('base64')}`)).toBe(true);
    // What the intake step will do with it: Exotel's own field names parse as a call payload.
    expect(parseCallPayload(final, { source: 'exotel-status-callback' })).toMatchObject({ callId: 'late0001', from: '09811122233', to: '09876543210', status: 'completed' });
  });

  it('publishes by time too (about 5 minutes after the call), and never calls a ringing call complete', async () => {
    exotel.addCall({ Sid: 'late0002', ...finished }, { lateUntil: now + 5 * 60_000 });
    const details = exotelCallDetails({ ...auth(), region: server.url });
    expect(isCallDetailsComplete(await details.get('late0002'))).toBe(false);
    now += 5 * 60_000 + 1;
    expect(isCallDetailsComplete(await details.get('late0002'))).toBe(true);
    // An unrecorded call is complete without a recording unless one is expected; a call still in progress never is.
    expect(pendingCallFields({ Sid: 'x', Status: 'in-progress', EndTime: 'x', Duration: 1 })).toEqual(['Status']);
    expect(pendingCallFields({ Sid: 'x', Status: 'no-answer', EndTime: '2026-11-20 15:12:17', Duration: 30, Details: { ConversationDuration: 0, Legs: [] } }, { expectRecording: true })).toEqual([]);
  });

  it('passes RecordingUrlValidity and reads PreSignedRecordingUrl; an out-of-range validity is refused at construction', async () => {
    exotel.addCall({ Sid: 'signed01', ...finished, RecordingUrl: 'https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/acme1/signed01.mp3' }, { presign: (minutes) => `https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/acme1/signed01.mp3?X-Amz-Expires=${minutes * 60}&X-Amz-Signature=ab` });
    const call = await exotelCallDetails({ ...auth(), region: server.url, recordingUrlValidityMinutes: 15 }).get('signed01');
    expect(call.PreSignedRecordingUrl).toContain('X-Amz-Expires=900');
    expect(() => exotelCallDetails({ ...auth(), recordingUrlValidityMinutes: 61 })).toThrow(/exotelCallDetails: option `recordingUrlValidityMinutes` must be at most 60/);
  });
});

describe('errors', () => {
  let flaky: LocalServer;
  let trap: LocalServer;
  const trapped: ReceivedRequest[] = [];
  let answer: { status: number; headers?: Record<string, string>; body?: string } = { status: 200 };
  beforeAll(async () => {
    flaky = await listen((_req, res) => { res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? ''); });
    trap = await listen((req, res) => { trapped.push(received(req)); res.writeHead(200, { 'content-type': 'application/json' }).end('{"Call":{"Sid":"stolen"}}'); });
  });
  afterAll(async () => { await Promise.all([flaky.close(), trap.close()]); });

  const get = () => exotelCallDetails({ ...auth(), region: flaky.url, timeoutMs: 2_000 }).get('c1');

  it('is permanent for 400, 401, 403 and 404, with the RestException message', async () => {
    for (const status of [400, 401, 403, 404]) {
      answer = { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ RestException: { Status: status, Message: `said ${status}` } }) };
      await expect(get()).rejects.toMatchObject({ name: 'CallwireError', code: 'provider_rejected', provider: 'exotel', providerStatus: status, retryable: false, message: expect.stringContaining(`said ${status}`) });
    }
  });

  it('is retryable for 429 (with Retry-After), 5xx and an unreachable host', async () => {
    answer = { status: 429, headers: { 'retry-after': '7' } };
    await expect(get()).rejects.toMatchObject({ code: 'provider_error', providerStatus: 429, retryable: true, retryAfterMs: 7_000 });
    for (const status of [500, 502, 503]) {
      answer = { status };
      await expect(get()).rejects.toMatchObject({ code: 'provider_error', providerStatus: status, retryable: true });
    }
    const closed = await listen(() => undefined);
    await closed.close();
    await expect(exotelCallDetails({ ...auth(), region: closed.url }).get('c1')).rejects.toMatchObject({ code: 'provider_error', retryable: true });
    answer = { status: 200, body: '{"Call": {}}' };
    await expect(get()).rejects.toMatchObject({ code: 'provider_rejected', retryable: false });
  });

  it('never follows a redirect: the other host hears nothing', async () => {
    answer = { status: 302, headers: { location: `${trap.url}/v1/Accounts/acme1/Calls/c1.json` } };
    await expect(get()).rejects.toMatchObject({ code: 'provider_rejected', providerStatus: 302 });
    expect(trapped).toEqual([]);
  });
});

describe('options are checked at construction', () => {
  it('throws a TypeError naming the option', () => {
    const make = (overrides: Record<string, unknown>) => () => exotelCallDetails({ ...auth(), ...overrides } as never);
    expect(make({ accountSid: '' })).toThrow(/exotelCallDetails: option `accountSid`/);
    expect(make({ accountSid: 'acme/../x' })).toThrow(/option `accountSid`/);
    expect(make({ apiToken: undefined })).toThrow(/option `apiToken`/);
    expect(make({ region: 'tokyo' })).toThrow(/option `region` must be 'singapore', 'mumbai' or an https:\/\/ base URL/);
    expect(make({ region: 'http://api.exotel.com' })).toThrow(/option `region` must be an https:\/\/ URL/);
    expect(make({ region: 'https://key:token@api.exotel.com' })).toThrow(/option `region` must not carry credentials/);
    expect(make({ region: 'https://api.exotel.com/v1' })).toThrow(/option `region` must be an origin only/);
    expect(make({ timeoutMs: -1 })).toThrow(/option `timeoutMs`/);
    expect(make({ region: 'http://127.0.0.1:9' })).not.toThrow();
  });
});

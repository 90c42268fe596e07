/**
 * The bulk Call Details query (`exotelCallHistory`): at most one month per query (split into windows,
 * `gte` and `lte` both sent), and paging that never leaves the API host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exotelCallHistory } from '@callwire/core/exotel';
import { createFakeExotel, listen, received, sendJson, type LocalServer, type ReceivedRequest } from '@callwire/core/testing';
import { dateWindows } from '../../src/providers/exotel/date-windows.js';

const exotel = createFakeExotel();
let server: LocalServer;
beforeAll(async () => { server = await exotel.start(); });
afterAll(async () => { await server.close(); });

const auth = () => ({ accountSid: exotel.accountSid, apiKey: exotel.apiKey, apiToken: exotel.apiToken });
const base = { From: '09876543210', To: '09631084471', Direction: 'inbound', Status: 'completed', Duration: '30' };
const collect = async (iterable: AsyncIterable<{ callId: string }>) => {
  const ids: string[] = [];
  for await (const call of iterable) ids.push(call.callId);
  return ids;
};
const dateCreated = (path: string) => new URL(path, 'http://x').searchParams.get('DateCreated') ?? '';
const asUtc = (wallClock: string) => Date.parse(`${wallClock.replace(' ', 'T')}Z`);

describe('the one-month range limit', () => {
  it('the fake refuses a range over one month the way Exotel does (400 RestException)', async () => {
    const response = await fetch(`${server.url}/v1/Accounts/acme1/Calls.json?DateCreated=${encodeURIComponent('gte:2026-09-01 00:00:00;lte:2026-10-15 00:00:00')}`, {
      headers: { authorization: `Basic ${Buffer.from(`${exotel.apiKey}:${exotel.apiToken}`).toString('base64')}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ RestException: { Status: 400 } });
  });

  it('a 70-day range is asked in ≤ 1-month windows, each with gte and lte, every call found once', async () => {
    exotel.calls.push(
      { ...base, Sid: 'win00001', DateCreated: '2026-08-01 00:00:00' },
      { ...base, Sid: 'win00002', DateCreated: '2026-08-28 23:59:59' },
      { ...base, Sid: 'win00003', DateCreated: '2026-08-29 00:00:00' },
      { ...base, Sid: 'win00004', DateCreated: '2026-10-09 12:00:00' },
      { ...base, Sid: 'win00005', DateCreated: '2026-10-10 00:00:01' },
    );
    const before = exotel.requests.length;
    // 2026-08-01 00:00 IST .. 2026-10-10 00:00 IST
    const history = exotelCallHistory({ ...auth(), region: server.url, pageSize: 1 });
    const ids = await collect(history.completedCalls({ since: new Date('2026-07-31T18:30:00Z'), until: new Date('2026-10-09T18:30:00Z') }));
    expect(ids).toEqual(['win00001', 'win00002', 'win00003', 'win00004']);
    const firstPages = exotel.requests.slice(before).filter((r) => !r.path.includes('After='));
    const ranges = firstPages.map((r) => dateCreated(r.path));
    expect(ranges).toEqual([
      'gte:2026-08-01 00:00:00;lte:2026-08-28 23:59:59',
      'gte:2026-08-29 00:00:00;lte:2026-09-25 23:59:59',
      'gte:2026-09-26 00:00:00;lte:2026-10-10 00:00:00',
    ]);
    for (const range of ranges) {
      const [, gte, lte] = /^gte:(.+);lte:(.+)$/.exec(range)!;
      expect(asUtc(lte!) - asUtc(gte!)).toBeLessThan(28 * 86_400_000);
    }
    expect(exotel.requests.slice(before).every((r) => r.headers.authorization?.toString().startsWith('Basic '))).toBe(true);
  });

  it('an open range ends now (lte is always sent); windows never overlap', async () => {
    const before = exotel.requests.length;
    const history = exotelCallHistory({ ...auth(), region: server.url, clock: () => new Date('2026-10-09T18:30:00Z') });
    await collect(history.completedCalls({ since: new Date('2026-10-01T18:30:00Z') }));
    expect(exotel.requests.slice(before).map((r) => dateCreated(r.path))).toEqual(['gte:2026-10-02 00:00:00;lte:2026-10-10 00:00:00']);
    const windows = dateWindows(new Date('2026-01-01T00:00:00.250Z'), new Date('2026-06-30T23:59:59.900Z'));
    expect(windows.length).toBe(7);
    for (const [index, window] of windows.entries()) {
      expect(window.until.getTime() - window.since.getTime()).toBeLessThan(28 * 86_400_000);
      if (index > 0) expect(window.since.getTime() - windows[index - 1]!.until.getTime()).toBe(1000);
    }
    expect(dateWindows(new Date('2026-02-01'), new Date('2026-01-01'))).toEqual([]);
  });
});

describe('paging never leaves the API host', () => {
  let api: LocalServer;
  let trap: LocalServer;
  const apiRequests: ReceivedRequest[] = [];
  const trapped: ReceivedRequest[] = [];
  beforeAll(async () => {
    trap = await listen((req, res) => { trapped.push(received(req)); sendJson(res, 200, { Calls: [{ ...base, Sid: 'stolen01', DateCreated: '2026-11-20 10:00:00' }], Metadata: { NextPageUri: null } }); });
    // An API answer whose NextPageUri names another host (the trap).
    api = await listen((req, res) => {
      apiRequests.push(received(req));
      const after = new URL(req.url ?? '/', 'http://x').searchParams.get('After');
      if (after) return sendJson(res, 200, { Calls: [{ ...base, Sid: 'page0002', DateCreated: '2026-11-20 10:00:00' }], Metadata: { NextPageUri: null } });
      sendJson(res, 200, { Calls: [{ ...base, Sid: 'page0001', DateCreated: '2026-11-20 09:00:00' }], Metadata: { NextPageUri: `${trap.url}/v1/Accounts/acme1/Calls.json?After=1` } });
    });
  });
  afterAll(async () => { await Promise.all([api.close(), trap.close()]); });

  it('a foreign NextPageUri is followed on the API host: the foreign host receives nothing, no credential', async () => {
    const history = exotelCallHistory({ ...auth(), region: api.url });
    const ids = await collect(history.completedCalls({ since: new Date('2026-11-20T00:00:00Z'), until: new Date('2026-11-21T00:00:00Z') }));
    expect(ids).toEqual(['page0001', 'page0002']);
    expect(trapped).toEqual([]);
    expect(apiRequests.map((r) => new URL(r.path, 'http://x').searchParams.get('After'))).toEqual([null, '1']);
    expect(apiRequests.every((r) => r.headers.authorization?.toString().startsWith('Basic '))).toBe(true);
  });
});

it('keeps the deprecated baseUrl option working, and refuses one that disagrees with region', () => {
  expect(() => exotelCallHistory({ ...auth(), baseUrl: 'https://api.in.exotel.com' })).not.toThrow();
  expect(() => exotelCallHistory({ ...auth(), baseUrl: 'https://api.in.exotel.com', region: 'singapore' })).toThrow(/exotelCallHistory: option `baseUrl` disagrees with `region`/);
  expect(() => exotelCallHistory({ ...auth(), pageSize: 500 })).toThrow(/exotelCallHistory: option `pageSize` must be at most 100/);
  expect(() => exotelCallHistory({ ...auth(), timeZone: 'Mars/Olympus' })).toThrow(/option `timeZone`/);
});

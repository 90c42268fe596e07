/**
 * Property-based fuzzing of every webhook and operator write route through the real handler and the
 * real pipelines: payloads start from the sample payloads of `@callwire/core/testing` and are mutated (fields removed, retyped,
 * replaced by huge, unicode, NUL-laden or prototype-polluting values), encoded every way (JSON, form,
 * text, truncated JSON, raw bytes) under random content types and headers. Never a 5xx, never an
 * unhandled rejection, and every 4xx is JSON naming the problem (`issues[].path` for 422).
 * Deterministic seed; the number of runs is counted and printed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayloads, signElevenLabsBody } from '@callwire/core/testing';
import { OPERATOR, SECRET, startFuzzTarget, T0, type FuzzTarget } from './fuzz-setup.js';

const SEED = 20_261_121;
const RUNS = Number(process.env.CALLWIRE_FUZZ_RUNS ?? 200);

let target: FuzzTarget;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let runs = 0;
const statuses = new Map<number, number>();
const knownIds = { appointments: [] as string[], jobs: [] as string[] };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  target = await startFuzzTarget();
  // A real booking and a real call job, so reschedule/cancel/retry also get ids that exist.
  const booked = await send({ method: 'POST', path: '/webhook', body: samplePayloads.appointmentFlat.body, headers: { 'content-type': 'application/json' } });
  expect(booked.status).toBeLessThan(300);
  const call = await send({ method: 'POST', path: '/webhook/zapier', body: samplePayloads.zapierCall.body, headers: { 'content-type': 'application/json' } });
  expect(call.status).toBe(200);
  for (const job of await target.store.list({ limit: 10 })) {
    knownIds.jobs.push(job.id);
    if (job.pipeline !== 'calls') knownIds.appointments.push(job.id, job.key);
  }
  expect(knownIds.appointments.length).toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await target?.close();
  console.log(`fault suite: ${runs} fuzzed requests across ${routes.length} routes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
});

interface Shot {
  method: string;
  path: string;
  body?: string | Uint8Array;
  headers: Record<string, string>;
}

async function send(shot: Shot): Promise<Response> {
  const init: RequestInit = { method: shot.method, headers: shot.headers };
  if (shot.body !== undefined && shot.method !== 'GET' && shot.method !== 'HEAD') init.body = shot.body as BodyInit;
  return target.handler(new Request(`http://callwire.test${shot.path}`, init), { ip: '127.0.0.1' });
}

/** Sends one fuzzed request and checks the contract; returns nothing, throws on a breach. */
async function check(shot: Shot): Promise<void> {
  runs++;
  const response = await send(shot);
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const text = await response.text();
  const where = `${shot.method} ${shot.path} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get('content-type'), where).toMatch(/^application\/json/);
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; issues?: { path?: unknown; message?: unknown }[] };
    expect(typeof body.error, where).toBe('string');
    expect(typeof body.message === 'string' && body.message.length > 0, where).toBe(true);
    if (response.status === 422) {
      expect(Array.isArray(body.issues) && body.issues.length > 0, where).toBe(true);
      for (const issue of body.issues!) expect(typeof issue.path === 'string' && typeof issue.message === 'string', where).toBe(true);
    }
  }
}

// ---- values and mutations --------------------------------------------------------------------

const nasty = fc.constantFrom(
  '', ' ', '\u0000', 'a\u0000b', '\uD800', '\uFEFF+919876543210', '０９８７６５４３２１０', '+', '+0', '9'.repeat(400), '-1', '1e309', 'NaN', 'Infinity',
  '__proto__', 'constructor', 'toString', '<script>alert(1)</script>', '${jndi:ldap://x}', '../../etc/passwd', '%00', '%E0%A4%A', '2026-02-30T25:61:00Z',
  '2026-11-24T15:00:00-08:00', 'tomorrow at 3pm', 'x'.repeat(200_000), '🙂'.repeat(5_000), 'नमस्ते', 'Ünïcödé', 'file:///etc/passwd', 'http://169.254.169.254/',
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ __proto__: { polluted: true } }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
  fc.anything({ maxDepth: 2 }),
);

type Path = (string | number)[];

/** Every path to a value inside a JSON document. */
function paths(node: unknown, prefix: Path = []): Path[] {
  if (node === null || typeof node !== 'object' || prefix.length > 8) return [prefix];
  const entries = Array.isArray(node) ? node.map((child, index) => [index, child] as const) : Object.entries(node);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

type Mutation = { op: 'set'; at: number; value: unknown } | { op: 'delete'; at: number } | { op: 'add'; at: number; key: string; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'parameters', 'data')), value }),
);

/** Applies mutations to a copy of a JSON document (paths are picked modulo what exists). */
function mutate(document: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(document);
  for (const original of mutations) {
    const m = 'value' in original ? { ...original, value: structuredClone(original.value) } : original;
    const all = paths(root);
    const path = all[m.at % all.length]!;
    if (path.length === 0) {
      if (m.op === 'set') root = m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
    const key = path.at(-1)!;
    if (m.op === 'set') parent[key] = m.value;
    else if (m.op === 'delete') delete parent[key];
    else {
      const holder = parent[key];
      if (holder !== null && typeof holder === 'object' && !Array.isArray(holder)) Object.defineProperty(holder, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      else parent[key] = { [m.key]: m.value };
    }
  }
  return root;
}

const toForm = (document: unknown): string => {
  if (document === null || typeof document !== 'object') return String(document);
  return new URLSearchParams(Object.entries(document).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])).toString();
};

type Encoding = 'json' | 'form' | 'text' | 'truncated' | 'bytes' | 'empty';
const encoding = fc.constantFrom<Encoding>('json', 'json', 'json', 'form', 'text', 'truncated', 'bytes', 'empty');
function encode(document: unknown, how: Encoding, bytes: Uint8Array): string | Uint8Array {
  const json = JSON.stringify(document) ?? 'undefined';
  switch (how) {
    case 'json': return json;
    case 'form': return toForm(document);
    case 'text': return String(document);
    case 'truncated': return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
    case 'bytes': return bytes;
    case 'empty': return '';
  }
}

const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
  fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/vnd.api+json', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/octet-stream', 'APPLICATION/JSON', ';;;', 'application/json;', 'text/html'),
  fc.stringMatching(/^[\x21-\x7e]{0,40}$/),
);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,120}$/);
const extraHeaders = fc.record(
  {
    'x-forwarded-for': fc.oneof(headerValue, fc.constantFrom('::1', '127.0.0.1, 10.0.0.1', 'not-an-ip', '999.999.999.999')),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x-unknown'),
    'x-callwire-secret': headerValue,
    authorization: fc.oneof(headerValue, fc.constant(`Bearer ${OPERATOR}`), fc.constant('Bearer ')),
    'elevenlabs-signature': headerValue,
    accept: headerValue,
  },
  { requiredKeys: [] },
);

/** A fuzzed request to a JSON/form POST route, starting from a fixture document. */
const postShot = (path: fc.Arbitrary<string>, seed: unknown) =>
  fc.record({ path, mutations: fc.array(mutation, { maxLength: 6 }), how: encoding, bytes: fc.uint8Array({ maxLength: 300 }), type: fc.option(contentType), extra: extraHeaders }).map(
    ({ path: p, mutations, how, bytes, type, extra }): Shot => ({
      method: 'POST',
      path: p,
      body: encode(mutate(seed, mutations), how, bytes),
      headers: { ...extra, ...(type === null ? {} : { 'content-type': type }) },
    }),
  );

const queryRecord = (text: string) => Object.fromEntries(new URLSearchParams(text));
const rawQuery = fc.constantFrom('%', '%E0%A4%A', '%00=%00', 'a=1&a=2&a=3', '&&&', '=', 'CallSid', 'CallSid=&CallFrom=', `CallSid=${'x'.repeat(50_000)}`, 'Legs[0][Status]=completed&Legs[0][Status][x]=1');

/** An id segment: one that exists, or garbage (percent-encoded). */
const idSegment = (known: () => string[]) =>
  fc.oneof(
    fc.constant(null).map(() => known()[0] ?? 'none'),
    fc.string({ maxLength: 60 }).map((s) => encodeURIComponent(s) || 'x'),
    fc.constantFrom('%00', '..', '%2e%2e', 'x'.repeat(5_000), '%F0%9F%99%82', 'null', 'undefined', '0'),
  );

const zapier = JSON.parse(samplePayloads.zapierCall.body) as unknown;
const flat = JSON.parse(samplePayloads.appointmentFlat.body) as unknown;
const postCall = JSON.parse(samplePayloads.elevenLabsPostCall.body) as unknown;
const statusCallback = queryRecord(samplePayloads.exotelStatusCallback.body);
const passthru = queryRecord(samplePayloads.exotelPassthru.body);

const routes: [string, fc.Arbitrary<Shot>][] = [
  ['POST /webhook/zapier', postShot(fc.constant('/webhook/zapier'), zapier)],
  [
    'POST /webhook/exotel',
    fc.oneof(
      postShot(fc.constant('/webhook/exotel'), statusCallback),
      postShot(fc.constant('/webhook/exotel'), statusCallback).map((shot) => ({ ...shot, headers: { ...shot.headers, 'content-type': 'application/x-www-form-urlencoded' }, body: typeof shot.body === 'string' ? shot.body : toForm({}) })),
    ),
  ],
  [
    'GET /webhook/exotel',
    fc.oneof(
      fc.record({ mutations: fc.array(mutation, { maxLength: 6 }), extra: extraHeaders }).map(({ mutations, extra }) => ({ method: 'GET', path: `/webhook/exotel?${toForm(mutate(passthru, mutations))}`, headers: extra })),
      rawQuery.map((q) => ({ method: 'GET', path: `/webhook/exotel?${q}`, headers: {} })),
    ),
  ],
  ['POST /webhook', postShot(fc.constant('/webhook'), flat)],
  [
    'POST /webhook (wrapped tool call)',
    postShot(fc.constant('/webhook'), { tool_call_id: 'tc_1', parameters: flat }),
  ],
  [
    'POST /webhook/elevenlabs',
    fc.tuple(postShot(fc.constant('/webhook/elevenlabs'), postCall), fc.constantFrom('valid', 'valid', 'random', 'none'), fc.integer({ min: -3_600, max: 3_600 })).map(([shot, signature, skew]) => {
      const headers = { ...shot.headers };
      const raw = typeof shot.body === 'string' ? shot.body : new TextDecoder().decode(shot.body);
      if (signature === 'valid' && typeof shot.body === 'string') headers['elevenlabs-signature'] = signElevenLabsBody(raw, SECRET, Math.floor(T0 / 1000) + skew);
      if (signature === 'none') delete headers['elevenlabs-signature'];
      return { ...shot, headers };
    }),
  ],
  ['POST /tools/availability', postShot(fc.constant('/tools/availability'), { date: '2026-11-24', limit: 3 })],
  ['POST /appointments/:id/reschedule', postShot(idSegment(() => knownIds.appointments).map((id) => `/appointments/${id}/reschedule`), { time: '2026-11-25T10:00:00-08:00' })],
  ['POST /appointments/:id/cancel', postShot(idSegment(() => knownIds.appointments).map((id) => `/appointments/${id}/cancel`), { reason: 'Customer asked' })],
  [
    'POST /jobs/:id/retry',
    fc.tuple(postShot(idSegment(() => knownIds.jobs).map((id) => `/jobs/${id}/retry`), { resetSteps: ['transcribe'] }), fc.boolean()).map(([shot, operator]) => ({
      ...shot,
      headers: { ...shot.headers, ...(operator ? { authorization: `Bearer ${OPERATOR}` } : {}) },
    })),
  ],
];

describe('fuzzing every webhook route through the real handler and pipelines', () => {
  for (const [name, shots] of routes) {
    it(`${name}: never a 5xx, every 4xx names the problem`, async () => {
      await fc.assert(fc.asyncProperty(shots, check), { seed: SEED, numRuns: RUNS, endOnFailure: true });
    }, 120_000);
  }

  it('reported no 5xx cause and left no unhandled rejection', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(target.reported).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(runs).toBeGreaterThanOrEqual(routes.length * RUNS);
  });
});

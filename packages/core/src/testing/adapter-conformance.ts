import assert from 'node:assert/strict';
import { createPipeline } from '../engine/pipeline.js';
import { optionError, type Overrides } from '../options.js';
import { createHandler, type CallwireHandler, type HandlerOptions } from '../http/handler.js';
import { json, type HttpContribution, type Route } from '../http/route.js';
import type { ConformanceRequest, ConformanceResponse, SendRequest } from './adapter-clients.js';
import { createMemoryStore } from './memory-store.js';
import type { TestRegistrar } from './store-conformance.js';

/** A running adapter under test. */
export interface AdapterHarness {
  send: SendRequest;
  /** Stops servers; called after each check. */
  close?(): Promise<void>;
}

/** What {@link AdapterConformanceOptions.serve} gets. */
export interface ServeSetup {
  /**
   * Builds the handler under test. Adapters that strip their framework's mount path mount the result
   * at `basePath` and call `makeHandler()`; the others call `makeHandler({ basePath })`.
   */
  makeHandler(overrides?: Partial<HandlerOptions>): CallwireHandler;
  /** Where the routes must answer, e.g. `/hooks/callwire`. */
  basePath: string;
}

/** Options of {@link runAdapterConformance}. */
export interface AdapterConformanceOptions extends Overrides<TestRegistrar> {
  /** Label of the `describe` block, e.g. `Express 5`. */
  name: string;
  /** Serves a handler through the adapter and returns a way to send it requests. */
  serve(setup: ServeSetup): Promise<AdapterHarness>;
  /** Where to mount (default `/hooks/callwire`). */
  basePath?: string | undefined;
  /** Per-check timeout in ms (default 30 000). */
  timeoutMs?: number | undefined;
  /**
   * Serves the handler inside an application with routes of its own, as a user mounts callwire into an
   * existing app: callwire at `basePath`, the app answering `GET /app/ping` with 200 and the text `pong`,
   * and everything neither serves with the app's own 404 and the text `app: not found` (build them with
   * {@link appRoutes}). The check "inside an app" needs callwire to let every path it does not serve reach
   * the app (Express: `next()`; Node: `handler.serves(path)`; Lambda: `fallback`).
   */
  serveInApp(setup: ServeSetup): Promise<AdapterHarness>;
  /**
   * The client address the adapter's requests come from, as `allowIps` must see it (default: a loopback
   * address, for a local server called with `fetch`).
   */
  clientAddress?: string | undefined;
  /**
   * True for an adapter that hands every request callwire does not serve on to its host application
   * (Express's `next()`): unknown paths are then the host's to answer, so only their 404 status is checked.
   */
  passesOn?: boolean | undefined;
}

/** What a check knows of the adapter under test. */
export interface AdapterTraits {
  /** See {@link AdapterConformanceOptions.passesOn}. */
  passesOn: boolean;
  /** The addresses `allowIps` must let through: {@link AdapterConformanceOptions.clientAddress}, or the loopbacks. */
  clientAddresses: readonly string[];
}

/** What the app of {@link AdapterConformanceOptions.serveInApp} answers, for a path and method. */
export interface AppAnswer {
  status: number;
  /** `text/plain` body. */
  text: string;
}

/**
 * The routes of the host application in the "inside an app" check: `GET /app/ping` → 200 `pong`,
 * anything else → 404 `app: not found`. Adapters' tests call it from their framework's handlers.
 *
 * @example
 * ```ts
 * app.get('/app/ping', (req, res) => { const a = appRoutes('GET', '/app/ping'); res.status(a.status).type('text/plain').send(a.text); });
 * ```
 */
export function appRoutes(method: string, pathname: string): AppAnswer {
  return method === 'GET' && pathname === '/app/ping' ? { status: 200, text: 'pong' } : { status: 404, text: 'app: not found' };
}

const loopbacks = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** The body limit of the handler under test. */
export const conformanceBodyLimit = 4096;
const secret = 'conformance-secret-0123456789abcdef';
const encoder = new TextEncoder();
const text = (body: Uint8Array) => new TextDecoder().decode(body);
const parsed = (response: ConformanceResponse) => JSON.parse(text(response.body)) as Record<string, unknown>;
const header = (response: ConformanceResponse, name: string) => (response.headers[name] ?? []).join(', ');
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Routes that reflect what they received, so each check can compare it with what was sent. */
function conformanceRoutes(): Route[] {
  const echo: Route['handle'] = async ({ request, url, params, body, rawBody, rawBytes }) =>
    json({ method: request.method, params, body, rawBody, rawBytes: base64(rawBytes ?? new Uint8Array()), path: url.pathname, multi: request.headers.get('x-multi') });
  return [
    { method: 'GET', path: '/echo/:id', auth: 'public', handle: echo },
    { method: 'POST', path: '/echo/:id', auth: 'public', handle: echo },
    { method: 'POST', path: '/bytes', auth: 'public', handle: async ({ rawBytes }) => new Response(rawBytes, { headers: { 'content-type': 'application/octet-stream' } }) },
    { method: 'GET', path: '/utf8', auth: 'public', handle: async () => new Response('नमस्ते ✓ café', { headers: { 'content-type': 'text/plain; charset=utf-8' } }) },
    {
      method: 'GET',
      path: '/cookies',
      auth: 'public',
      async handle() {
        const headers = new Headers({ 'content-type': 'application/json' });
        headers.append('set-cookie', 'a=1; Path=/');
        headers.append('set-cookie', 'b=2; Path=/; HttpOnly');
        headers.append('x-many', 'one');
        headers.append('x-many', 'two');
        return new Response('{}', { status: 201, headers });
      },
    },
    { method: 'POST', path: '/intake', auth: 'webhook', handle: async ({ body }) => json({ accepted: true, body }, 202) },
  ];
}

function makeHandlerFactory(checkOverrides: Partial<HandlerOptions> = {}): (overrides?: Partial<HandlerOptions>) => CallwireHandler {
  const pipeline = Object.assign(createPipeline({ name: 'conformance-http', store: createMemoryStore(), run: async () => undefined }), {
    routes: conformanceRoutes,
    services: () => ({ fake: 'configured' as const }),
  } satisfies HttpContribution);
  return (overrides = {}) =>
    createHandler({ pipelines: [pipeline], auth: { webhookSecret: secret }, limits: { maxBodyBytes: conformanceBodyLimit }, ...checkOverrides, ...overrides });
}

interface AdapterCheck {
  name: string;
  /** Handler options of this check (on top of the suite's). */
  handler?(adapter: AdapterTraits): Partial<HandlerOptions>;
  /** Whether the check serves the handler inside the host application (`serveInApp`). */
  inApp?: boolean;
  run(send: (request: ConformanceRequest) => Promise<ConformanceResponse>, basePath: string, adapter: AdapterTraits): Promise<void>;
}

const post = (path: string, body: Uint8Array<ArrayBuffer> | string, contentType: string, headers: Array<[string, string]> = []): ConformanceRequest => ({
  method: 'POST',
  path,
  headers: [['content-type', contentType], ...headers],
  body: typeof body === 'string' ? encoder.encode(body) : body,
});

/** Every check of the adapter contract. */
export const adapterConformanceChecks: readonly AdapterCheck[] = [
  {
    name: 'GET / answers { service, version } under the base path',
    async run(send, base) {
      const response = await send({ method: 'GET', path: `${base}/` });
      assert.equal(response.status, 200);
      assert.match(header(response, 'content-type'), /^application\/json/);
      assert.equal(parsed(response).service, 'callwire');
      assert.equal(typeof parsed(response).version, 'string');
    },
  },
  {
    name: 'routes with decoded path params and the query string as a flat record',
    async run(send, base) {
      const response = await send({ method: 'GET', path: `${base}/echo/call%20one?x=1&Legs%5B0%5D%5BStatus%5D=completed&x=2` });
      assert.equal(response.status, 200);
      const echo = parsed(response);
      assert.deepEqual(echo.params, { id: 'call one' });
      assert.deepEqual(echo.body, { x: '2', 'Legs[0][Status]': 'completed' });
      assert.equal(echo.rawBody, '');
    },
  },
  {
    name: 'parses a JSON body and keeps the raw body byte for byte',
    async run(send, base) {
      const raw = '{ "call_id" : "c-1",\n  "name": "Zoë ✓ नमस्ते", "n": 1.50 }';
      const response = await send(post(`${base}/echo/1`, raw, 'application/json'));
      assert.equal(response.status, 200);
      const echo = parsed(response);
      assert.deepEqual(echo.body, { call_id: 'c-1', name: 'Zoë ✓ नमस्ते', n: 1.5 });
      assert.equal(echo.rawBody, raw);
      assert.equal(echo.rawBytes, base64(encoder.encode(raw)));
    },
  },
  {
    name: 'parses a form body into a flat record with bracketed keys',
    async run(send, base) {
      const raw = 'CallSid=abc&Status=completed&Legs%5B0%5D%5BStatus%5D=completed&CustomField=agent%3Dravi%40acme.in&Note=a+b';
      const response = await send(post(`${base}/echo/2`, raw, 'application/x-www-form-urlencoded'));
      const echo = parsed(response);
      assert.deepEqual(echo.body, { CallSid: 'abc', Status: 'completed', 'Legs[0][Status]': 'completed', CustomField: 'agent=ravi@acme.in', Note: 'a b' });
      assert.equal(echo.rawBody, raw);
    },
  },
  {
    name: 'keeps binary (non-UTF-8) bodies exact, both ways',
    async run(send, base) {
      const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
      const echoed = parsed(await send(post(`${base}/echo/3`, bytes, 'application/octet-stream')));
      assert.equal(echoed.rawBytes, base64(bytes));
      const response = await send(post(`${base}/bytes`, bytes, 'application/octet-stream'));
      assert.equal(response.status, 200);
      assert.deepEqual([...response.body], [...bytes]);
    },
  },
  {
    name: 'answers UTF-8 text intact',
    async run(send, base) {
      const response = await send({ method: 'GET', path: `${base}/utf8` });
      assert.equal(text(response.body), 'नमस्ते ✓ café');
      assert.match(header(response, 'content-type'), /charset=utf-8/i);
    },
  },
  {
    name: 'passes repeated request headers and returns repeated response headers',
    async run(send, base) {
      const echo = parsed(await send({ method: 'GET', path: `${base}/echo/4`, headers: [['x-multi', 'a'], ['x-multi', 'b']] }));
      assert.match(String(echo.multi), /^a, ?b$/);
      const response = await send({ method: 'GET', path: `${base}/cookies` });
      assert.equal(response.status, 201);
      assert.deepEqual(response.headers['set-cookie'], ['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
      assert.match(header(response, 'x-many'), /^one, ?two$/);
    },
  },
  {
    name: 'answers 404 for unknown routes and for paths outside the base path',
    async run(send, base, adapter) {
      const unknown = await send({ method: 'GET', path: `${base}/no/such/route` });
      assert.equal(unknown.status, 404);
      if (!adapter.passesOn) assert.equal(parsed(unknown).error, 'not_found');
      if (base !== '') assert.equal((await send({ method: 'GET', path: '/echo/1' })).status, 404);
    },
  },
  {
    name: 'answers 405 with Allow for a known path and a wrong method',
    async run(send, base) {
      const response = await send({ method: 'DELETE', path: `${base}/echo/1` });
      assert.equal(response.status, 405);
      assert.deepEqual(header(response, 'allow').split(/,\s*/).sort(), ['GET', 'HEAD', 'POST']);
      assert.equal(parsed(response).error, 'method_not_allowed');
    },
  },
  {
    name: 'answers 413 for a body over the limit and 400 for malformed JSON',
    async run(send, base) {
      const big = await send(post(`${base}/echo/5`, 'x'.repeat(conformanceBodyLimit + 1), 'text/plain'));
      assert.equal(big.status, 413);
      assert.equal(parsed(big).error, 'payload_too_large');
      const bad = await send(post(`${base}/echo/6`, '{"call_id": ', 'application/json'));
      assert.equal(bad.status, 400);
      assert.match(String(parsed(bad).message), /not valid JSON/);
    },
  },
  {
    name: 'checks the webhook secret from a header, a bearer token or ?token=',
    async run(send, base) {
      const body = '{"call_id":"c-9"}';
      assert.equal((await send(post(`${base}/intake`, body, 'application/json'))).status, 401);
      assert.equal((await send(post(`${base}/intake`, body, 'application/json', [['x-callwire-secret', 'wrong']]))).status, 401);
      assert.equal((await send(post(`${base}/intake`, body, 'application/json', [['x-callwire-secret', secret]]))).status, 202);
      assert.equal((await send(post(`${base}/intake`, body, 'application/json', [['authorization', `Bearer ${secret}`]]))).status, 202);
      const viaQuery = await send(post(`${base}/intake?token=${secret}`, body, 'application/json'));
      assert.equal(viaQuery.status, 202);
      assert.deepEqual(parsed(viaQuery).body, { call_id: 'c-9' });
    },
  },
  {
    name: "the client address reaches allowIps: the client's own address is let through",
    handler: (adapter) => ({ auth: { webhookSecret: secret, allowIps: { webhook: adapter.clientAddresses } } }),
    async run(send, base) {
      const response = await send(post(`${base}/intake`, '{"call_id":"c-10"}', 'application/json', [['x-callwire-secret', secret]]));
      assert.equal(response.status, 202, `allowIps lists the client's address, yet the answer was ${response.status}: the adapter does not hand the client address to the handler`);
    },
  },
  {
    name: 'the client address reaches allowIps: another address is refused with 403',
    handler: () => ({ auth: { webhookSecret: secret, allowIps: { webhook: ['203.0.113.0/24'] } } }),
    async run(send, base) {
      const response = await send(post(`${base}/intake`, '{"call_id":"c-11"}', 'application/json', [['x-callwire-secret', secret]]));
      assert.equal(response.status, 403);
      assert.equal(parsed(response).error, 'forbidden');
    },
  },
  {
    name: "inside an app with its own routes: the app's routes answer, callwire's answer, and what callwire does not serve falls through to the app",
    inApp: true,
    async run(send, base) {
      const ping = await send({ method: 'GET', path: '/app/ping' });
      assert.equal(ping.status, 200);
      assert.equal(text(ping.body), 'pong');
      const root = await send({ method: 'GET', path: `${base}/` });
      assert.equal(root.status, 200);
      assert.equal(parsed(root).service, 'callwire');
      const accepted = await send(post(`${base}/intake`, '{"call_id":"c-12"}', 'application/json', [['x-callwire-secret', secret]]));
      assert.equal(accepted.status, 202);
      for (const path of [`${base}/no/such/route`, '/elsewhere']) {
        const unknown = await send({ method: 'GET', path });
        assert.equal(unknown.status, 404, path);
        assert.equal(text(unknown.body), 'app: not found', `${path} must reach the app, not callwire's 404`);
      }
    },
  },
];

/**
 * Registers the adapter contract as tests: routing and params, JSON/form/query bodies, the raw body
 * byte for byte, binary and UTF-8 bodies, repeated headers, 404/405/413/400, webhook auth, the
 * base path, the client address as `allowIps` sees it, and callwire inside an app with its own routes.
 * `serve` mounts a handler in the adapter under test, `serveInApp` mounts it inside an app with the
 * routes of {@link appRoutes}; pass `{ describe, it }` from your test framework.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { fetchSender, listen, runAdapterConformance } from '@callwire/core/testing';
 *
 * runAdapterConformance({
 *   name: 'my framework', describe, it,
 *   async serve({ makeHandler, basePath }) {
 *     const server = await listen(myFrameworkApp(basePath, makeHandler()));
 *     return { send: fetchSender(server.url), close: server.close };
 *   },
 *   async serveInApp({ makeHandler, basePath }) {
 *     const server = await listen(myFrameworkAppWithItsOwnRoutes(basePath, makeHandler())); // GET /app/ping → pong, else 404 'app: not found'
 *     return { send: fetchSender(server.url), close: server.close };
 *   },
 * });
 * ```
 */
export function runAdapterConformance(options: AdapterConformanceOptions): void {
  const globals = globalThis as Partial<TestRegistrar>;
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (!describe || !it) throw optionError('runAdapterConformance', 'describe', 'and `it` are required: pass { describe, it } from your test framework');
  const basePath = options.basePath ?? '/hooks/callwire';
  describe(`${options.name} adapter conformance`, () => {
    for (const check of adapterConformanceChecks) {
      it(
        check.name,
        async () => {
          const traits: AdapterTraits = { passesOn: options.passesOn ?? false, clientAddresses: options.clientAddress ? [options.clientAddress] : loopbacks };
          const setup = { makeHandler: makeHandlerFactory(check.handler?.(traits)), basePath };
          const harness = await (check.inApp ? options.serveInApp(setup) : options.serve(setup));
          try {
            await check.run(harness.send, basePath, traits);
          } finally {
            await harness.close?.();
          }
        },
        options.timeoutMs ?? 30_000,
      );
    }
  });
}

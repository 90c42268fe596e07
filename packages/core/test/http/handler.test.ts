import { request as httpRequest } from 'node:http';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CallwireError, createHandler, createPipeline, json, toNodeListener, type HandlerOptions, type Route } from '@callwire/core';
import { createMemoryStore, directSender, listen, runAdapterConformance, type AdapterConformanceOptions, type SendRequest } from '@callwire/core/testing';

const echoIp: Route = { method: 'POST', path: '/hook', auth: 'webhook', handle: async ({ ip, body }) => json({ ip, body }) };

function handlerWith(routes: Route[], options: Partial<HandlerOptions> = {}) {
  const pipeline = Object.assign(createPipeline({ name: 'test', store: createMemoryStore(), run: async () => undefined }), { routes: () => routes, services: () => ({}) });
  return createHandler({ pipelines: [pipeline], ...options });
}
const hook = (headers: Record<string, string> = {}, query = '') =>
  new Request(`http://localhost/hook${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"a":1}' });

describe('createHandler', () => {
  it('an unexpected error answers 500 { error: "internal" } without internals, and onError gets it with no body', async () => {
    const seen: Array<{ error: unknown; context: unknown }> = [];
    const handler = handlerWith(
      [{ method: 'POST', path: '/boom/:id', auth: 'public', handle: async () => { throw new Error('password=hunter2 at db.internal:5432'); } }],
      { onError: (error, context) => { seen.push({ error, context }); throw new Error('a broken reporter is ignored'); } },
    );
    const response = await handler(new Request('http://localhost/boom/7', { method: 'POST', body: '{"phone":"+919876543210"}' }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'internal', message: 'Internal error.' });
    expect(text).not.toMatch(/hunter2|5432/);
    expect(seen).toHaveLength(1);
    expect((seen[0]!.error as Error).message).toContain('hunter2');
    expect(seen[0]!.context).toEqual({ method: 'POST', path: '/boom/7', route: '/boom/:id' });
  });

  it('a CallwireError from a route answers its status and toJSON(), and 4xx are not reported', async () => {
    const seen: unknown[] = [];
    const handler = handlerWith([{ method: 'GET', path: '/gone', auth: 'public', handle: async () => { throw new CallwireError('conflict', 'Already booked'); } }], { onError: (e) => seen.push(e) });
    const response = await handler(new Request('http://localhost/gone'));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: 'conflict', message: 'Already booked' });
    expect(seen).toEqual([]);
  });

  it('webhook secrets: several during a rotation; ?token= is dropped from GET bodies', async () => {
    const routes: Route[] = [echoIp, { method: 'GET', path: '/hook', auth: 'webhook', handle: async ({ body }) => json(body) }];
    const handler = handlerWith(routes, { auth: { webhookSecret: ['old-secret-0123456789abcdef-rotation', 'new-secret-0123456789abcdef-rotation'] } });
    expect((await handler(hook({ 'x-callwire-secret': 'old-secret-0123456789abcdef-rotation' }))).status).toBe(200);
    expect((await handler(hook({ authorization: 'Bearer new-secret-0123456789abcdef-rotation' }))).status).toBe(200);
    expect((await handler(hook({ 'x-callwire-secret': 'new-secret-0123456789abcdef-rotation-but-longer' }))).status).toBe(401);
    const unauthorized = await handler(hook());
    expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await unauthorized.json()) as { message: string }).message).toMatch(/\?token=/);
    const get = await handler(new Request('http://localhost/hook?CallSid=abc&token=new-secret-0123456789abcdef-rotation'));
    expect(await get.json()).toEqual({ CallSid: 'abc' });
  });

  it('IP allow-lists per route kind or path, with X-Forwarded-For believed only as far as trustProxy says', async () => {
    const routes: Route[] = [echoIp, { method: 'POST', path: '/other', auth: 'public', handle: async () => json({ ok: true }) }];
    const allowIps = { webhook: ['10.1.0.0/16', '2001:db8::/32'], '/other': ['192.0.2.9'] } as const;
    const direct = handlerWith(routes, { auth: { allowIps } });
    expect((await direct(hook(), { ip: '::ffff:10.1.2.3' })).status).toBe(200);
    expect((await direct(hook(), { ip: '2001:db8::1' })).status).toBe(200);
    expect((await direct(hook(), { ip: '10.2.0.1' })).status).toBe(403);
    expect((await direct(hook(), {})).status).toBe(403);
    expect((await direct(hook({ 'x-forwarded-for': '10.1.2.3' }), { ip: '203.0.113.5' })).status).toBe(403);
    expect((await direct(new Request('http://localhost/other', { method: 'POST' }), { ip: '10.1.2.3' })).status).toBe(403);
    expect((await direct(new Request('http://localhost/other', { method: 'POST' }), { ip: '192.0.2.9' })).status).toBe(200);

    const behindOneProxy = handlerWith(routes, { auth: { allowIps }, trustProxy: 1 });
    const viaProxy = await behindOneProxy(hook({ 'x-forwarded-for': '6.6.6.6, 10.1.2.3' }), { ip: '172.16.0.1' });
    expect(viaProxy.status).toBe(200);
    expect(((await viaProxy.json()) as { ip: string }).ip).toBe('10.1.2.3');
    expect((await behindOneProxy(hook({ 'x-forwarded-for': '10.1.2.3, 6.6.6.6' }), { ip: '172.16.0.1' })).status).toBe(403);
    expect(() => handlerWith(routes, { auth: { allowIps: { webhook: ['not-an-ip'] } } })).toThrow(/createHandler: option `auth.allowIps` must list IP addresses or CIDR ranges \(got "not-an-ip"\)/);
  });

  it('HEAD answers like GET without a body; OPTIONS gets 405 with Allow', async () => {
    const handler = handlerWith([]);
    const head = await handler(new Request('http://localhost/health', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const options = await handler(new Request('http://localhost/health', { method: 'OPTIONS' }));
    expect(options.status).toBe(405);
    expect(options.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses overlapping routes and pipelines on different stores when created', () => {
    expect(() => handlerWith([{ method: 'GET', path: '/health', auth: 'public', handle: async () => json({}) }])).toThrow(/Two routes answer GET \/health/);
    const a = createPipeline({ name: 'a', store: createMemoryStore(), run: async () => undefined });
    const b = createPipeline({ name: 'b', store: createMemoryStore(), run: async () => undefined });
    expect(() => createHandler({ pipelines: [a, b] })).toThrow(/share one store/);
  });

  it('runs as is in Hono', async () => {
    const handler = handlerWith([echoIp]);
    const app = new Hono().all('/callwire/*', (c) => handler(c.req.raw));
    const nested = handlerWith([echoIp], { basePath: '/callwire' });
    const mounted = new Hono().all('/callwire/*', (c) => nested(c.req.raw));
    expect((await app.request('/callwire/health')).status).toBe(404);
    const response = await mounted.request('/callwire/hook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await response.json()).toEqual({ body: { a: 1 } });
  });
});

describe('toNodeListener', () => {
  it('refuses a chunked body (no Content-Length) over the limit with 413 while reading it', async () => {
    const handler = handlerWith([echoIp], { limits: { maxBodyBytes: 1024 } });
    const server = await listen(toNodeListener(handler));
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        for (let index = 0; index < 64; index += 1) req.write('x'.repeat(512));
        req.end();
      });
      expect(status).toBe(413);
      expect(JSON.parse(body)).toMatchObject({ error: 'payload_too_large' });
    } finally {
      await server.close();
    }
  });

  it('answers 400 for a request it cannot translate, and a bare 500 when a foreign handler rejects', async () => {
    const server = await listen(toNodeListener(async () => { throw new Error('boom'); }));
    try {
      const status = await new Promise<number>((resolve, reject) =>
        httpRequest(`${server.url}/x`, { headers: { host: 'bad host' } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end(),
      );
      expect(status).toBe(400);
      const rejected = await fetch(`${server.url}/x`);
      expect(rejected.status).toBe(500);
      expect(await rejected.json()).toEqual({ error: 'internal', message: 'Internal error.' });
    } finally {
      await server.close();
    }
  });
});

describe('toNodeListener reads the URL as new URL() does', () => {
  it('for plain paths (read without building the URL) and odd ones, before and after a plain one', async () => {
    const echoUrl: Route[] = ['/echo/:rest', '/a/b'].map((path) => ({
      method: 'GET' as const,
      path,
      auth: 'public' as const,
      handle: async ({ url, params, request }) => json({ href: url.href, pathname: url.pathname, search: url.search, params, requestUrl: request.url }),
    }));
    const server = await listen(toNodeListener(handlerWith(echoUrl)));
    const get = (path: string, host = 'example.test:8080') =>
      new Promise<{ status: number; body: string }>((resolve, reject) =>
        httpRequest(`${server.url}/`, { path, setHost: false, headers: { host } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode!, body: text }));
        }).on('error', reject).end(),
      );
    try {
      const paths = ['/a/b', '/a/b?x=1&y=%20z', '/', '/echo/x-y_z~1', '/echo/%41', '/a/./b', '/echo/../a/b', '/a//b', '//a/b', '/echo/x?q#frag', '/a/b/', '/echo/a.b', '/a/b?x=1', '/ECHO/x'];
      for (const path of [...paths, ...paths]) {
        const { status, body } = await get(path);
        const expected = new URL(path, 'http://example.test:8080');
        const routed = expected.pathname.split('/').filter(Boolean).join('/'); // the router skips empty segments
        expect(status, path).toBe(routed === 'a/b' || /^echo\/[^/]+$/.test(routed) || routed === '' ? 200 : 404);
        if (routed !== '' && status === 200) expect(JSON.parse(body), path).toMatchObject({ href: expected.href, pathname: expected.pathname, search: expected.search, requestUrl: expected.href });
      }
      expect((await get('/a/b', 'bad host')).status).toBe(400);
      expect((await get('/a/b', 'other.test')).status).toBe(200);
      expect(JSON.parse((await get('/a/b?z', 'other.test')).body)).toMatchObject({ href: 'http://other.test/a/b?z' });
      expect((await get('/a/b', 'bad host')).status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe('the adapter conformance suite catches broken adapters', () => {
  /** Registers the suite against a deliberately broken adapter, collecting its checks to run here. */
  function checksOf(serve: AdapterConformanceOptions['serve'], serveInApp: AdapterConformanceOptions['serveInApp'] = serve) {
    const checks = new Map<string, () => Promise<void>>();
    runAdapterConformance({ name: 'broken', describe: (_name, body) => body(), it: (name, body) => checks.set(name, body), serve, serveInApp });
    return (prefix: string) => [...checks].find(([name]) => name.startsWith(prefix))![1]();
  }
  const lossy = (transform: (send: SendRequest) => SendRequest): AdapterConformanceOptions['serve'] =>
    async ({ makeHandler, basePath }) => ({ send: transform(directSender(makeHandler({ basePath }))) });

  it('one that decodes bodies as text loses binary bytes', async () => {
    const check = checksOf(lossy((send) => (request) => send({ ...request, body: request.body && new TextEncoder().encode(new TextDecoder().decode(request.body)) })));
    await expect(check('keeps binary')).rejects.toThrow();
    await expect(check('parses a JSON body')).resolves.toBeUndefined();
  });

  it('one that keeps a single Set-Cookie', async () => {
    const check = checksOf(lossy((send) => async (request) => {
      const response = await send(request);
      return { ...response, headers: { ...response.headers, 'set-cookie': (response.headers['set-cookie'] ?? []).slice(0, 1) } };
    }));
    await expect(check('passes repeated')).rejects.toThrow();
  });

  it('one that drops the client address (allowIps would then refuse everyone)', async () => {
    const check = checksOf(async ({ makeHandler, basePath }) => ({ send: directSender(makeHandler({ basePath }), {}) }));
    await expect(check("the client address reaches allowIps: the client's own")).rejects.toThrow(/does not hand the client address/);
    await expect(check('the client address reaches allowIps: another')).resolves.toBeUndefined();
  });

  it('one that answers its own 404 for every path inside an app (swallows the app)', async () => {
    const swallowing: AdapterConformanceOptions['serveInApp'] = async ({ makeHandler, basePath }) => {
      const callwire = directSender(makeHandler({ basePath }));
      return { send: async (request) => (request.path === '/app/ping' ? { status: 200, headers: {}, body: new TextEncoder().encode('pong') } : callwire(request)) };
    };
    const check = checksOf(lossy((send) => send), swallowing);
    await expect(check('inside an app')).rejects.toThrow(/must reach the app/);
  });

  it('one that ignores the mount path', async () => {
    const check = checksOf(async ({ makeHandler }) => ({ send: directSender(makeHandler()) }));
    await expect(check('GET / answers')).rejects.toThrow();
    await expect(check('answers 404')).rejects.toThrow();
  });
});

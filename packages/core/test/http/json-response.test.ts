/**
 * `json()` makes its body and headers only when something reads them (json-response.ts): these checks hold it
 * to a plain `Response` for every reader, and show that the handler's Web entry hands out a plain one.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHandler, createPipeline, json, sendWebResponse, type Route } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';

const body = { ok: true, text: 'ünïcødé ✓', list: [1, null] };

/** Answers one request with `make()` through sendWebResponse and returns what a client received. */
async function overNode(make: () => Response): Promise<{ status: number; headers: Headers; text: string }> {
  const server = createServer((_req, res) => void sendWebResponse(res, make()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { status: response.status, headers: response.headers, text: await response.text() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('json()', () => {
  it('reads like a plain Response: status, headers, text, json, bytes, body stream, clone, bodyUsed', async () => {
    const response = json(body, 201, { 'x-extra': 'yes' });
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.ok, response.headers.get('content-type'), response.headers.get('x-extra')]).toEqual([201, true, 'application/json; charset=utf-8', 'yes']);
    expect(await response.clone().json()).toEqual(body);
    expect(new Uint8Array(await response.clone().arrayBuffer())).toEqual(new TextEncoder().encode(JSON.stringify(body)));
    expect(await new Response(response.clone().body).text()).toBe(JSON.stringify(body));
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe(JSON.stringify(body));
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow();
  });

  it('is written as made over Node, headers set on it afterwards included', async () => {
    const plain = await overNode(() => json(body, 202));
    expect([plain.status, plain.headers.get('content-type'), plain.text]).toEqual([202, 'application/json; charset=utf-8', JSON.stringify(body)]);
    const changed = await overNode(() => {
      const response = json(body, 429);
      response.headers.set('retry-after', '7');
      response.headers.append('set-cookie', 'a=1');
      response.headers.append('set-cookie', 'b=2');
      return response;
    });
    expect([changed.status, changed.headers.get('retry-after'), changed.headers.getSetCookie(), changed.text]).toEqual([429, '7', ['a=1', 'b=2'], JSON.stringify(body)]);
  });

  it('comes out of the handler\'s Web entry as a plain Response', async () => {
    const route: Route = { method: 'GET', path: '/ping', auth: 'public', handle: async () => json(body) };
    const pipeline = Object.assign(createPipeline({ name: 'test', store: createMemoryStore(), run: async () => undefined }), { routes: () => [route], services: () => ({}) });
    const response = await createHandler({ pipelines: [pipeline] })(new Request('http://localhost/ping'));
    expect(Object.getPrototypeOf(response)).toBe(Response.prototype);
    expect(await response.json()).toEqual(body);
  });
});

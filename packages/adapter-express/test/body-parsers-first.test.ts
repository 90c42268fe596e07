import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler, createPipeline, type Route } from '@callwire/core';
import { createMemoryStore, listen, type LocalServer } from '@callwire/core/testing';
import { createExpressRouter, rawBodySaver, type CallwireExpressMiddleware } from '@callwire/adapter-express';
import { sign, testCallsPipeline } from '../../core/test/http/test-pipelines.js';

// The exact bytes a signature covers: odd spacing, unicode, a trailing newline — JSON.stringify(JSON.parse(raw)) differs.
const raw = '{ "type":"post_call_transcription",  "data": { "caller": "Zoë ✓", "n": 1.50 } }\n';
let server: LocalServer | undefined;
afterEach(() => server?.close());

const sendSigned = (origin: string, signature = sign(raw)) =>
  fetch(`${origin}/cw/webhook/signed`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature }, body: raw });

describe('Express with body parsers mounted before callwire', () => {
  // Express 4 and 5: `express.json(options)` in front of callwire mounted at /cw.
  const versions = {
    'Express 5': (json: Parameters<typeof express.json>[0], router: CallwireExpressMiddleware) => express().use(express.json(json)).use('/cw', router),
    'Express 4': (json: Parameters<typeof express4.json>[0], router: CallwireExpressMiddleware) => express4().use(express4.json(json)).use('/cw', router),
  };
  for (const [label, appWith] of Object.entries(versions)) {
    it(`${label}: express.json({ verify: rawBodySaver }) first → the signature verifies on the exact bytes`, async () => {
      server = await listen(appWith({ verify: rawBodySaver }, createExpressRouter({ pipelines: [testCallsPipeline(createMemoryStore())] })));
      const response = await sendSigned(server.url);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ verified: true, bytes: Buffer.byteLength(raw) });
      expect((await sendSigned(server.url, sign(`${raw} `))).status).toBe(401);
    });

    it(`${label}: plain express.json() first → signature routes answer a clear error, other routes still work`, async () => {
      const reported: unknown[] = [];
      server = await listen(appWith({}, createExpressRouter(createHandler({ pipelines: [testCallsPipeline(createMemoryStore())], onError: (error) => reported.push(error) }))));
      const response = await sendSigned(server.url);
      expect(response.status).toBe(500);
      const { message } = (await response.json()) as { message: string };
      expect(message).toMatch(/express\.json\(\)/);
      expect(message).toMatch(/rawBodySaver/);
      expect(reported).toHaveLength(1);
      const zapier = await fetch(`${server.url}/cw/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"call_id":"c-7"}' });
      expect(await zapier.json()).toMatchObject({ success: true, call_id: 'c-7' });
    });
  }

  it('express.urlencoded({ extended: true }) first → a form route still sees the flat bracketed record', async () => {
    const seen: unknown[] = [];
    const form = Object.assign(createPipeline({ name: 'form', store: createMemoryStore(), run: async () => undefined }), {
      routes: (): Route[] => [{ method: 'POST', path: '/form', auth: 'public', handle: async ({ body }) => (seen.push(body), new Response(null, { status: 204 })) }],
      services: () => ({}),
    });
    server = await listen(express().use(express.urlencoded({ extended: true })).use('/cw', createExpressRouter({ pipelines: [form] })));
    const response = await fetch(`${server.url}/cw/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'CallSid=abc&Legs%5B0%5D%5BStatus%5D=completed&Legs%5B1%5D%5BStatus%5D=busy',
    });
    expect(response.status).toBe(204);
    expect(seen).toEqual([{ CallSid: 'abc', 'Legs[0][Status]': 'completed', 'Legs[1][Status]': 'busy' }]);
  });

  it('express.raw() first → the Buffer is used as the exact body', async () => {
    server = await listen(express().use(express.raw({ type: '*/*' })).use('/cw', createExpressRouter({ pipelines: [testCallsPipeline(createMemoryStore())] })));
    expect((await sendSigned(server.url)).status).toBe(200);
  });
});

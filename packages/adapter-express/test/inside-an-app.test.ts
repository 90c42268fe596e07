/**
 * callwire mounted at `/` inside an existing Express 4 or 5 application, with the application's own routes
 * and body parsers before and after it: the application's routes still answer (callwire passes on every path
 * it does not serve), callwire's routes answer, and signatures verify on the exact bytes.
 */
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, listen, type LocalServer } from '@callwire/core/testing';
import { createExpressRouter, rawBodySaver, type CallwireExpressMiddleware } from '@callwire/adapter-express';
import { sign, testCallsPipeline } from '../../core/test/http/test-pipelines.js';

const raw = '{ "type":"post_call_transcription",  "data": { "caller": "Zoë ✓" } }\n';
let server: LocalServer | undefined;
afterEach(() => server?.close());

type Framework = typeof express | typeof express4;

/** An application with its own routes on both sides of callwire, mounted at `/`. */
function appWith(framework: Framework, router: CallwireExpressMiddleware, parsersFirst: boolean) {
  const app = (framework as typeof express)();
  app.get('/before', (_req, res) => { res.json({ mine: 'before' }); });
  if (parsersFirst) app.use((framework as typeof express).json({ verify: rawBodySaver }));
  app.use(router);
  if (!parsersFirst) app.use((framework as typeof express).json());
  app.get('/', (_req, res) => { res.json({ mine: 'home' }); });
  app.get('/hello', (_req, res) => { res.json({ mine: 'hello' }); });
  app.post('/orders', (req, res) => { res.status(201).json({ mine: 'orders', got: req.body as unknown }); });
  app.use((_req, res) => { res.status(404).json({ mine: 'not found' }); });
  return app;
}

describe('createExpressRouter mounted at / inside an application', () => {
  const frameworks: [string, Framework][] = [['Express 5', express], ['Express 4', express4]];
  for (const [label, framework] of frameworks) {
    for (const parsersFirst of [false, true]) {
      it(`${label}, body parsers ${parsersFirst ? 'before' : 'after'} callwire: the app's routes and callwire's both answer`, async () => {
        server = await listen(appWith(framework, createExpressRouter({ pipelines: [testCallsPipeline(createMemoryStore())] }), parsersFirst));
        const url = server.url;
        expect(await (await fetch(`${url}/before`)).json()).toEqual({ mine: 'before' });
        expect(await (await fetch(`${url}/`)).json()).toEqual({ mine: 'home' }); // the app's home page, not callwire's banner
        expect(await (await fetch(`${url}/hello?x=1`)).json()).toEqual({ mine: 'hello' });
        const orders = await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":7}' });
        expect(orders.status).toBe(201);
        expect(await orders.json()).toEqual({ mine: 'orders', got: { id: 7 } });
        const unknown = await fetch(`${url}/nowhere`);
        expect(unknown.status).toBe(404);
        expect(await unknown.json()).toEqual({ mine: 'not found' });

        const zapier = await fetch(`${url}/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"call_id":"c-9"}' });
        expect(await zapier.json()).toMatchObject({ success: true, call_id: 'c-9' });
        expect((await fetch(`${url}/health`)).status).toBe(200);
        const wrongMethod = await fetch(`${url}/webhook/zapier`);
        expect(wrongMethod.status).toBe(405); // a path callwire serves stays callwire's, whatever the method
        const signed = await fetch(`${url}/webhook/signed`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': sign(raw) }, body: raw });
        expect(await signed.json()).toEqual({ verified: true, bytes: Buffer.byteLength(raw) });
      });
    }
  }
});

import { Hono } from 'hono';
import type { CallwireHandler } from '@callwire/core';

/**
 * callwire inside a Hono app, under `/callwire` (build the handler with `basePath: '/callwire'`).
 * Hono hands over the Web `Request` as it is (`c.req.raw`), so no adapter is needed.
 */
export function honoApp(handler: CallwireHandler): Hono {
  const app = new Hono();
  app.get('/', (c) => c.text('my app — callwire is under /callwire'));
  app.all('/callwire/*', (c) => handler(c.req.raw));
  return app;
}

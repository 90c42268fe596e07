import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'vitest';
import { toNodeListener, type CallwireHandler } from '@callwire/core';
import { appRoutes, directSender, fetchSender, listen, runAdapterConformance, type SendRequest } from '@callwire/core/testing';

/** A fetch-style app with routes of its own: callwire answers what it serves, the app the rest. */
function directApp(handler: CallwireHandler): SendRequest {
  const callwire = directSender(handler);
  return async (request) => {
    const url = new URL(request.path, 'http://localhost');
    if (handler.serves?.(url.pathname)) return callwire(request);
    const answer = appRoutes(request.method, url.pathname);
    return { status: answer.status, headers: { 'content-type': ['text/plain'] }, body: new TextEncoder().encode(answer.text) };
  };
}

/** A node:http app with routes of its own around `toNodeListener`. */
function nodeApp(handler: CallwireHandler) {
  const callwire = toNodeListener(handler);
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://app');
    if (handler.serves?.(url.pathname)) return callwire(req, res);
    const answer = appRoutes(req.method ?? 'GET', url.pathname);
    res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
  };
}

runAdapterConformance({
  name: 'plain handler(new Request(...))',
  describe,
  it,
  serve: async ({ makeHandler, basePath }) => ({ send: directSender(makeHandler({ basePath })) }),
  serveInApp: async ({ makeHandler, basePath }) => ({ send: directApp(makeHandler({ basePath })) }),
});

runAdapterConformance({
  name: 'node:http via toNodeListener',
  describe,
  it,
  async serve({ makeHandler, basePath }) {
    const server = await listen(toNodeListener(makeHandler({ basePath })));
    return { send: fetchSender(server.url), close: server.close };
  },
  async serveInApp({ makeHandler, basePath }) {
    const server = await listen(nodeApp(makeHandler({ basePath })));
    return { send: fetchSender(server.url), close: server.close };
  },
});

runAdapterConformance({
  name: 'node:http at the root',
  basePath: '',
  describe,
  it,
  async serve({ makeHandler }) {
    const server = await listen(toNodeListener(makeHandler()));
    return { send: fetchSender(server.url), close: server.close };
  },
  async serveInApp({ makeHandler }) {
    const server = await listen(nodeApp(makeHandler()));
    return { send: fetchSender(server.url), close: server.close };
  },
});

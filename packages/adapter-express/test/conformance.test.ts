import express5 from 'express';
import express4 from 'express4';
import { describe, it } from 'vitest';
import { fetchSender, listen, runAdapterConformance } from '@callwire/core/testing';
import { createExpressRouter, type CallwireExpressMiddleware } from '@callwire/adapter-express';

// Real Express apps on 127.0.0.1, callwire mounted at the suite's base path, called with real fetch.
const versions = {
  'Express 5': (basePath: string, router: CallwireExpressMiddleware) => express5().use(basePath, router),
  'Express 4': (basePath: string, router: CallwireExpressMiddleware) => express4().use(basePath, router),
};

for (const [name, appWith] of Object.entries(versions)) {
  runAdapterConformance({
    name,
    describe,
    it,
    passesOn: true,
    async serve({ makeHandler, basePath }) {
      const server = await listen(appWith(basePath, createExpressRouter(makeHandler())));
      return { send: fetchSender(server.url), close: server.close };
    },
  });
}

import express5 from 'express';
import express4 from 'express4';
import { describe, it } from 'vitest';
import { fetchSender, listen, runAdapterConformance } from '@callwire/core/testing';
import { createExpressRouter } from '@callwire/adapter-express';

runAdapterConformance({
  name: 'Express 5',
  describe,
  it,
  async serve({ makeHandler, basePath }) {
    const app = express5();
    app.use(basePath, createExpressRouter(makeHandler()));
    const server = await listen(app);
    return { send: fetchSender(server.origin), close: server.close };
  },
});

runAdapterConformance({
  name: 'Express 4',
  describe,
  it,
  async serve({ makeHandler, basePath }) {
    const app = express4();
    app.use(basePath, createExpressRouter(makeHandler()));
    const server = await listen(app);
    return { send: fetchSender(server.origin), close: server.close };
  },
});

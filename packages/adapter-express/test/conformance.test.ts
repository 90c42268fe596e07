import express5 from 'express';
import express4 from 'express4';
import { describe, it } from 'vitest';
import { appRoutes, fetchSender, listen, runAdapterConformance } from '@callwire/core/testing';
import { createExpressRouter, type CallwireExpressMiddleware } from '@callwire/adapter-express';

// Real Express apps on 127.0.0.1, callwire mounted at the suite's base path, called with real fetch.
// Express 4's and 5's types differ where this test does not look: both are used through Express 5's.
type AnyExpress = typeof express5;
const versions: Record<string, AnyExpress> = { 'Express 5': express5, 'Express 4': express4 as unknown as AnyExpress };

/** An app of the user's: a body parser and a route of its own before callwire, its own 404 after. */
function appWithItsOwnRoutes(express: AnyExpress, basePath: string, router: CallwireExpressMiddleware) {
  const app = express();
  const answer = (req: express5.Request, res: express5.Response) => {
    const { status, text } = appRoutes(req.method, req.path);
    res.status(status).type('text/plain').send(text);
  };
  app.use(express.json());
  app.get('/app/ping', answer);
  app.use(basePath || '/', router);
  app.use(answer);
  return app;
}

for (const [name, express] of Object.entries(versions)) {
  runAdapterConformance({
    name,
    describe,
    it,
    passesOn: true,
    async serve({ makeHandler, basePath }) {
      const server = await listen(express().use(basePath, createExpressRouter(makeHandler())));
      return { send: fetchSender(server.url), close: server.close };
    },
    async serveInApp({ makeHandler, basePath }) {
      const server = await listen(appWithItsOwnRoutes(express, basePath, createExpressRouter(makeHandler())));
      return { send: fetchSender(server.url), close: server.close };
    },
  });
}

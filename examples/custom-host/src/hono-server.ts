/** `pnpm --filter @callwire/example-custom-host start:hono`: Hono, served by node:http through `toNodeListener(app.fetch)`. */
import { createServer } from 'node:http';
import { toNodeListener } from '@callwire/core';
import { createCallwire } from './callwire.js';
import { honoApp } from './hono-app.js';

const callwire = await createCallwire({ basePath: '/callwire' });
callwire.worker.start();
const app = honoApp(callwire.handler);
// On Bun or Deno: export default app (or Bun.serve({ fetch: app.fetch })).
const server = createServer(toNodeListener(async (request: Request) => app.fetch(request))).listen(Number(process.env.PORT ?? 8000), () => console.log(`Hono serving callwire under /callwire on :${process.env.PORT ?? 8000}`));
process.on('SIGTERM', () => server.close(() => void callwire.close()));

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { readConfig, type Env } from '../src/config.js';
import { closeServer, listenOn } from '../src/listen.js';

/**
 * Starts the example server exactly as `pnpm start` builds it, but with every provider in the sandbox,
 * a fresh SQLite file in a temp directory, and a free port on 127.0.0.1. For the demo and the smoke test.
 */
export async function startSandboxServer(env: Env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-example-'));
  const config = readConfig({
    DATABASE_FILE: join(dir, 'callwire.db'),
    SUPPORT_NUMBERS: '09631084471',
    AGENTS_FILE: join(import.meta.dirname, '../agents.example.json'),
    ...env,
  });
  const app = await createApp({ config, forceSandbox: true });
  app.worker.start();
  const { server, url } = await listenOn(app.app, 0, '127.0.0.1');
  return {
    ...app,
    url,
    config,
    /** The fakes behind every provider (always present: the sandbox is forced). */
    fakes: app.providers.sandbox!.fakes,
    async close() {
      await closeServer(server);
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type SandboxServer = Awaited<ReturnType<typeof startSandboxServer>>;

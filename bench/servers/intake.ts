/**
 * One server under test for `pnpm bench`, chosen by `KIND`:
 * - `bare-node`: node:http that reads and parses the JSON body and answers 200 (the ceiling);
 * - `callwire-node`: callwire's handler behind `toNodeListener`, the call pipeline on a store;
 * - `bare-express`: Express with `express.json()` answering 200;
 * - `callwire-express`: the Express adapter in front of the same handler.
 * `STORE` is `sqlite` (file `DB_FILE`, `SQLITE_SYNC=normal` to skip the per-commit fsync; `BETTER_SQLITE3`, a folder: the
 * better-sqlite3 to open it with, for a Node the installed one is not built for) or `postgres` (`DATABASE_URL`). No worker runs, so the
 * providers are built but never called. Prints `READY <url>`; answers `cpu` over IPC.
 */
import { createServer, type RequestListener } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createCallPipeline, createHandler, toNodeListener, type JobStore } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { createExpressRouter } from '@callwire/adapter-express';
import type { SqliteDatabase } from '@callwire/store-sqlite';

const env = process.env as Record<string, string | undefined>;

async function openStore(): Promise<JobStore> {
  if (env.STORE === 'postgres') {
    const { createPostgresStore } = await import('@callwire/store-postgres');
    const store = createPostgresStore({ connectionString: env.DATABASE_URL!, schema: 'bench_intake', maxConnections: 20 });
    await store.ping();
    return store;
  }
  const { createSqliteStore } = await import('@callwire/store-sqlite');
  const synchronous = env.SQLITE_SYNC === 'normal' ? 'normal' : 'full';
  if (env.BETTER_SQLITE3) {
    // Another Node's better-sqlite3 (the Node 24 case): the store takes a database opened with it.
    const Database = createRequire(import.meta.url)(env.BETTER_SQLITE3) as new (filename: string) => SqliteDatabase;
    return createSqliteStore({ database: new Database(env.DB_FILE!), synchronous });
  }
  return createSqliteStore({ filename: env.DB_FILE!, synchronous });
}

function callwireHandler(store: JobStore) {
  const calls = createCallPipeline({
    store,
    recordings: exotelRecordings({ apiKey: 'bench-key', apiToken: 'bench-token' }),
    transcriber: assemblyAITranscriber({ apiKey: 'bench-key' }),
    notifier: slackWebhookNotifier({ url: 'https://hooks.slack.com/services/T000/B000/bench' }),
    supportNumbers: ['+919631084471'],
  });
  return createHandler({ pipelines: [calls] });
}

const bareNode: RequestListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let status = 200;
    let body = '{"ok":true}';
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      status = 400;
      body = '{"error":"bad_request"}';
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
};

async function listener(): Promise<{ listener: RequestListener; close: () => Promise<void> }> {
  switch (env.KIND) {
    case 'bare-node':
      return { listener: bareNode, close: async () => {} };
    case 'bare-express': {
      const app = express();
      app.post('/webhook/zapier', express.json(), (_req, res) => { res.json({ ok: true }); });
      return { listener: app, close: async () => {} };
    }
    case 'callwire-node': {
      const store = await openStore();
      return { listener: toNodeListener(callwireHandler(store)), close: () => store.close() };
    }
    case 'callwire-express': {
      const store = await openStore();
      const app = express();
      app.use(createExpressRouter(callwireHandler(store)));
      return { listener: app, close: () => store.close() };
    }
    default:
      throw new Error(`unknown KIND ${String(env.KIND)}`);
  }
}

const served = await listener();
const server = createServer(served.listener);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('message', (message) => {
  if (message === 'cpu') process.send!(process.cpuUsage());
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void served.close().finally(() => process.exit(0)));
});

import { createCallPipeline, createHandler, createWorker } from '@callwire/core';
import { createSandbox } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';

/**
 * callwire's call pipeline on a SQLite file, with the local sandbox as its providers (swap in
 * `exotelRecordings()`, `assemblyAITranscriber()` and `slackWebhookNotifier()` for production).
 * Returns the Web handler — `(request: Request) => Promise<Response>` — that any host can serve.
 */
export async function createCallwire({ filename = './callwire.db', basePath }: { filename?: string; basePath?: string } = {}) {
  const sandbox = await createSandbox();
  const store = createSqliteStore({ filename });
  const calls = createCallPipeline({ store, recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier, supportNumbers: ['09631084471'] });
  const handler = createHandler({ pipelines: [calls], basePath, auth: { webhookSecret: process.env.WEBHOOK_SECRET } });
  const worker = createWorker({ pipelines: [calls] });
  return {
    handler,
    worker,
    store,
    sandbox,
    async close() {
      await worker.stop();
      await store.close();
      await sandbox.close();
    },
  };
}

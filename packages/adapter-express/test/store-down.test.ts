import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '@callwire/core';
import { listen, type LocalServer } from '@callwire/core/testing';
import { createPostgresStore } from '@callwire/store-postgres';
import { createExpressRouter } from '@callwire/adapter-express';
import { startPostgres, type TestPostgres } from '../../../test-support/postgres.js';
import { testCallsPipeline } from '../../core/test/http/test-pipelines.js';

// Accept = persist: a webhook is acknowledged only once its job is stored in PostgreSQL.
let postgres: TestPostgres;
let server: LocalServer;
let store: ReturnType<typeof createPostgresStore>;
const reported: unknown[] = [];

beforeAll(async () => {
  postgres = await startPostgres({ forceEmbedded: true }); // a server of this test's own, to stop and restart
  store = createPostgresStore({ connectionString: postgres.url, schema: 'store_down' });
  const app = express();
  app.use('/callwire', createExpressRouter({ pipelines: [testCallsPipeline(store)], onError: (error) => reported.push(error) }));
  server = await listen(app);
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  await postgres?.destroy();
});

const deliver = (callId: string) =>
  fetch(`${server.url}/callwire/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call_id: callId }) });

describe('PostgreSQL stopped → webhooks answer 503; started again → accepted, nothing lost', () => {
  it('acknowledges only what it stored', async () => {
    expect((await deliver('before-outage')).status).toBe(200);

    await postgres.stop();
    const during = await deliver('during-outage');
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await during.json()).toMatchObject({ error: 'store_unavailable' });
    const health = await (await fetch(`${server.url}/callwire/health`)).json();
    expect(health).toMatchObject({ status: 'degraded', database: 'unreachable' });
    expect(reported.length).toBeGreaterThan(0);

    await postgres.restart();
    // The sender retries after the 503, as it was told to.
    const retried = await deliver('during-outage');
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ success: true, call_id: 'during-outage' });
    expect((await deliver('after-outage')).status).toBe(200);

    const keys = (await store.list({ pipeline: 'calls' })).map((job) => job.key).sort();
    expect(keys).toEqual(['after-outage', 'before-outage', 'during-outage']);
    const drained = await createWorker({ pipelines: [testCallsPipeline(store)] }).drain();
    expect(drained.succeeded).toBe(3);
    expect(await (await fetch(`${server.url}/callwire/health`)).json()).toMatchObject({ status: 'healthy', database: 'connected' });
  }, 120_000);
});

/**
 * One server process of the load-and-kill run: the HTTP handler (intake) and a worker over the same store, as an
 * application runs them. It prints `READY <url>`, and `EVENT <type> <jobId>` for each side-effect event, until the
 * run SIGKILLs it (or SIGTERMs it at the end).
 */
import { createCallPipeline, createHandler, createWorker, toNodeListener, type JobStore } from '@callwire/core';
import { slackWebApiNotifier, slackWebhookNotifier } from '@callwire/core/slack';
import { listen } from '@callwire/core/testing';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';

const env = process.env as Record<string, string | undefined>;
const store: JobStore = env.STORE === 'postgres'
  ? createPostgresStore({ connectionString: env.DATABASE_URL!, schema: env.SCHEMA! })
  : createSqliteStore({ filename: env.DB_FILE! });
const notifier = env.NOTIFIER === 'webapi'
  ? slackWebApiNotifier({ token: env.SLACK_TOKEN!, channel: env.SLACK_CHANNEL!, slackApiUrl: env.SLACK_URL, minIntervalMs: 0 })
  : slackWebhookNotifier({ url: env.SLACK_URL!, minIntervalMs: 0 });
const unused = () => { throw new Error('the load-and-kill calls have no recording'); };
const calls = createCallPipeline({ store, recordings: { open: unused }, transcriber: { submit: unused, wait: unused }, notifier, supportNumbers: ['09631084471'] });
for (const type of ['step.maybe-duplicated', 'step.confirmed', 'job.lease-lost'] as const) {
  calls.events.on(type, ({ jobId }) => process.stdout.write(`EVENT ${type} ${jobId}\n`));
}
const handler = createHandler({ pipelines: [calls], auth: { operatorSecret: 'operator-secret-0123456789abcdef-loadkill' } });
const server = await listen(toNodeListener(handler));
const worker = createWorker({ pipelines: [calls], concurrency: 8, leaseMs: Number(env.LEASE_MS ?? 1_500), pollIntervalMs: 20 });
worker.start();
process.stdout.write(`READY ${server.url}\n`);
process.on('SIGTERM', () => {
  void worker.stop({ timeoutMs: 2_000 }).finally(() => server.close()).finally(() => store.close()).finally(() => process.exit(0));
});

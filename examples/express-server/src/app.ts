import { randomBytes } from 'node:crypto';
import express, { type Express } from 'express';
import { createAppointmentPipeline, createCallPipeline, createHandler, createWorker, silentLogger, type Logger } from '@callwire/core';
import { createExpressRouter } from '@callwire/adapter-express';
import { createSqliteStore } from '@callwire/store-sqlite';
import type { ServerConfig } from './config.js';
import { buildProviders } from './providers.js';

/** How to build the application. */
export interface AppOptions {
  config: ServerConfig;
  /** Use the local sandbox for every provider, whatever the configuration says (the demo, tests). */
  forceSandbox?: boolean;
  logger?: Logger;
  /** Epoch-millisecond clock for the appointment pipeline (tests). */
  clock?: () => number;
}

/**
 * The whole application: a SQLite store, the call and appointment pipelines, the HTTP handler
 * mounted at `/` of an Express app (so existing webhook URLs keep working), and an in-process worker.
 * Nothing listens and no job runs until the caller starts the worker and the server.
 */
export async function createApp({ config, forceSandbox = false, logger = silentLogger, clock }: AppOptions) {
  const providers = await buildProviders(config, { forceSandbox });
  const sender = config.appointments.sender ?? providers.sandboxSender;
  if (!sender) throw new Error('SMTP_FROM is not set: it names the sender of confirmations and the organizer of invitations.');
  const { businessName } = config.appointments;
  const store = createSqliteStore({ filename: config.databaseFile });
  // Without a configured secret nobody outside this process can sign post-call webhooks.
  const elevenLabsSecret = config.appointments.elevenLabsSecret ?? randomBytes(32).toString('hex');

  const calls = createCallPipeline({
    store,
    recordings: providers.recordings,
    transcriber: providers.transcriber,
    notifier: providers.notifier,
    history: providers.history,
    callDetails: providers.callDetails,
    supportNumbers: config.calls.supportNumbers,
    agents: config.calls.agents,
    timeZone: config.calls.timeZone,
    missedCallRoute: config.calls.missedCallRoute,
    retentionDays: 90,
    logger,
  });
  const appointments = createAppointmentPipeline({
    store,
    timeZone: config.appointments.timeZone,
    ...(businessName ? { businessName } : {}),
    businessHours: config.appointments.businessHours,
    minNoticeMinutes: 60,
    calendar: providers.calendar,
    sms: providers.sms,
    mailer: providers.mailer,
    // The invitation's organizer is the sender of the e-mail that carries it, as configured (SMTP_FROM).
    organizer: { email: sender.email, ...(businessName ?? sender.name ? { name: businessName ?? sender.name } : {}) },
    elevenLabs: { webhookSecret: elevenLabsSecret },
    logger,
    clock,
  });
  const handler = createHandler({
    pipelines: [calls, appointments],
    auth: { webhookSecret: config.webhookSecret, operatorSecret: config.operatorSecret },
    onError: (error, context) => logger.error({ err: error, ...context }, 'request failed'),
  });
  const worker = createWorker({ pipelines: [calls, appointments], concurrency: 4, logger });

  const app: Express = express();
  app.disable('x-powered-by');
  app.use('/', createExpressRouter(handler)); // before any body parser: signatures need the raw bytes

  return {
    app,
    handler,
    store,
    calls,
    appointments,
    worker,
    providers,
    /** The post-call webhook secret in use (random when `ELEVENLABS_WEBHOOK_SECRET` is unset). */
    elevenLabsSecret,
    /** Stops the worker (running jobs finish or are released), then the store and the sandbox. */
    async close() {
      await worker.stop({ timeoutMs: 10_000 });
      await store.close();
      await providers.sandbox?.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;

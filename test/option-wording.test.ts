import { describe, expect, it } from 'vitest';
import { createAppointmentPipeline, createCallPipeline, createHandler, createPipeline, createWorker, elevenLabsBookingTool, type JobStore } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { googleCalendar } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { slackWebApiNotifier, slackWebhookNotifier } from '@callwire/core/slack';
import { twilioSms } from '@callwire/core/twilio';
import { createMemoryStore } from '@callwire/core/testing';
import { createLambdaHandler, createScheduledHandler, createSqsHandler, sqsAnnouncer } from '@callwire/adapter-lambda';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';

// Every factory words a bad option the same way: `<factory>: option \`<name>\` <what is wrong>.`

/** The message of the TypeError `build` throws. */
function messageOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('expected a TypeError');
}

const store: JobStore = createMemoryStore();
const calls = createCallPipeline({
  store,
  recordings: exotelRecordings({ apiKey: 'key', apiToken: 'token' }),
  transcriber: assemblyAITranscriber({ apiKey: 'key' }),
  notifier: slackWebhookNotifier({ url: 'https://hooks.slack.com/services/T/B/x' }),
});
const pipelines = [calls];
const short = 'too-short';

describe('createHandler words its option errors as the other factories do', () => {
  const cases: [string, () => unknown][] = [
    ['createHandler: option `pipelines` must be a list of at least one pipeline.', () => createHandler({ pipelines: [] })],
    ['createHandler: option `pipelines` must be a list of at least one pipeline.', () => createHandler({} as never)],
    ['createHandler: option `pipelines` must share one store.', () => createHandler({ pipelines: [calls, createCallPipeline({ ...calls, store: createMemoryStore(), name: 'other', recordings: exotelRecordings({ apiKey: 'k', apiToken: 't' }), transcriber: assemblyAITranscriber({ apiKey: 'k' }), notifier: slackWebhookNotifier({ url: 'https://hooks.slack.com/services/T/B/x' }) })] })],
    ['createHandler: option `basePath` must start with "/" (got "api").', () => createHandler({ pipelines, basePath: 'api' })],
    ['createHandler: option `limits.maxBodyBytes` must be a whole number of at least 1.', () => createHandler({ pipelines, limits: { maxBodyBytes: 0.5 } })],
    ['createHandler: option `auth.webhookSecret` must be at least 32 characters long', () => createHandler({ pipelines, auth: { webhookSecret: short } })],
    ['createHandler: option `auth.allowIps` must list IP addresses or CIDR ranges (got "not-an-ip").', () => createHandler({ pipelines, auth: { allowIps: { webhook: ['not-an-ip'] } } })],
    ['createHandler: option `rateLimit.attempts` must be a whole number of at least 1.', () => createHandler({ pipelines, rateLimit: { attempts: 0 } })],
    ['createHandler: option `console.pageSize` must be a whole number from 1 to 500.', () => createHandler({ pipelines, console: { pageSize: 0 } })],
  ];
  for (const [message, build] of cases) {
    it(message, () => expect(messageOf(build).startsWith(message)).toBe(true));
  }
});

describe('one wording across the factories', () => {
  const wording = /^(\w+): option `[\w.-]+` .+\.$/s;
  const cases: [string, () => unknown][] = [
    ['createWorker', () => createWorker({ pipelines, concurrency: 0 })],
    ['createWorker', () => createWorker({ pipelines: [] })],
    ['createWorker', () => createWorker({} as never)],
    ['createSqsHandler', () => createSqsHandler({} as never)],
    ['createPipeline', () => createPipeline({ name: 'has space', store, run: async () => null })],
    ['createPipeline', () => createPipeline({ name: 'p', store, run: async () => null, retry: { baseDelayMs: 10, maxDelayMs: 1 } })],
    ['createCallPipeline', () => createCallPipeline({ ...calls, recordings: exotelRecordings({ apiKey: 'k', apiToken: 't' }), transcriber: assemblyAITranscriber({ apiKey: 'k' }), notifier: slackWebhookNotifier({ url: 'https://hooks.slack.com/services/T/B/x' }), store, retentionDays: -1 })],
    ['twilioSms', () => twilioSms({ accountSid: 'AC' + '0'.repeat(32), authToken: 'token', from: '+14155550100', channel: 'whatsapp', freeFormWhatsApp: 'only-inside-24h-window' })],
    ['twilioSms', () => twilioSms({ accountSid: 'AC' + '0'.repeat(32), authToken: 'token', from: '+14155550100', publicUrl: 'http://api.acme.com' })],
    ['smtpMailer', () => smtpMailer({ url: 'http://mail.acme.com', from: 'desk@acme.com' })],
    ['slackWebhookNotifier', () => slackWebhookNotifier({ routes: { Sales: 'ftp://x' } })],
    ['slackWebApiNotifier', () => slackWebApiNotifier({ token: 'xoxb-1', channel: '#general' })],
    ['elevenLabsBookingTool', () => elevenLabsBookingTool({ url: 'https://api.acme.com/webhook?x=1' })],
    ['sqsAnnouncer', () => sqsAnnouncer({ queueUrl: 'not a url' })],
    ['createSqsHandler', () => createSqsHandler({ pipelines: [] })],
    ['createScheduledHandler', () => createScheduledHandler({ pipelines, marginMs: -1 })],
    ['createSqliteStore', () => createSqliteStore({ filename: ' ' })],
  ];
  for (const [factory, build] of cases) {
    it(`${factory}: option \`…\` …`, () => {
      const message = messageOf(build);
      expect(message).toMatch(wording);
      expect(message.match(wording)![1]).toBe(factory);
    });
  }
});

describe('a required option left out (or undefined, as from an unset variable) is a TypeError naming it', () => {
  const factories: Record<string, [required: string, build: (options: never) => unknown]> = {
    createHandler: ['pipelines', createHandler],
    createWorker: ['pipelines', createWorker],
    createCallPipeline: ['store', createCallPipeline],
    createAppointmentPipeline: ['store', createAppointmentPipeline],
    createSqsHandler: ['pipelines', createSqsHandler],
    createScheduledHandler: ['pipelines', createScheduledHandler],
    createHandler_viaLambda: ['pipelines', createLambdaHandler],
    sqsAnnouncer: ['queueUrl', sqsAnnouncer],
    twilioSms: ['accountSid', twilioSms],
    smtpMailer: ['from', smtpMailer],
    googleCalendar: ['credentials', googleCalendar],
    assemblyAITranscriber: ['apiKey', assemblyAITranscriber],
    exotelRecordings: ['apiKey', exotelRecordings],
    slackWebApiNotifier: ['token', slackWebApiNotifier],
    createSqliteStore: ['filename', createSqliteStore],
    createPostgresStore: ['connectionString', createPostgresStore],
  };
  for (const [name, [required, build]] of Object.entries(factories)) {
    const factory = name.replace(/_.*/, '');
    it(`${name}: option \`${required}\``, () => {
      for (const options of [{}, { [required]: undefined }]) expect(messageOf(() => build(options as never))).toMatch(new RegExp(`^${factory}: option \`${required}\` `));
    });
  }
});

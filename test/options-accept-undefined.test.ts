import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppointmentPipeline, createCallPipeline, createHandler, createPipeline, createWorker, defaultRetryPolicy, elevenLabsBookingTool, elevenLabsDataCollection, type JobStore } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelCallDetails, exotelCallHistory, exotelRecordings } from '@callwire/core/exotel';
import { googleCalendar } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { slackWebApiNotifier, slackWebhookNotifier } from '@callwire/core/slack';
import { twilioSms } from '@callwire/core/twilio';
import { createMemoryStore } from '@callwire/core/testing';
import { createExpressRouter } from '@callwire/adapter-express';
import { createLambdaHandler, createScheduledHandler, createSqsHandler, sqsAnnouncer } from '@callwire/adapter-lambda';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';
import { withDefaults } from '../packages/core/src/options.js';
import { optionalsRefusingUndefined } from '../scripts/optionals-refusing-undefined.js';

// Users of `exactOptionalPropertyTypes` write `{ webhookSecret: process.env.X }`: every optional option is
// declared `foo?: T | undefined`, and an explicit `undefined` behaves as an absent option.

let optional: string[] = [];
beforeAll(() => {
  const found = optionalsRefusingUndefined();
  expect(found.refusing).toEqual([]);
  optional = found.optional;
}, 120_000);

/** Every optional property of `owner` (a walked label: `SlackWebhookNotifierOptions`, `Overrides<RetryPolicy>`, …) set to `undefined`. */
function undefinedFor(owner: string): Record<string, undefined> {
  const names = optional.filter((label) => label.slice(0, label.lastIndexOf('.')) === owner).map((label) => label.slice(label.lastIndexOf('.') + 1));
  expect(names.length, `optional properties of ${owner}`).toBeGreaterThan(0);
  return Object.fromEntries(names.map((name) => [name, undefined]));
}

/** `base` plus every other optional option of `owner` as `undefined` (the keys `base` sets stay as they are). */
const withUndefined = <T extends object>(owner: string, base: T): T => ({ ...undefinedFor(owner), ...base });

/** What a factory's result looks like from outside: own values, functions by kind, to depth 3. */
function shape(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return depth === 0 ? { function: shape({ ...value }, depth + 1) } : 'function';
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 3) return Array.isArray(value) ? 'array' : 'object';
  if (Array.isArray(value)) return value.map((item) => shape(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape(item, depth + 1)]));
}

/** Builds with `base`, then with `base` and every optional option `undefined`: both build, and look the same. */
function sameWithUndefined<T extends object, R>(owner: string, base: T, build: (options: T) => R): [R, R] {
  const plain = build(base);
  const undefinedOptions = build(withUndefined(owner, base));
  expect(shape(undefinedOptions)).toEqual(shape(plain));
  return [plain, undefinedOptions];
}

const stores: JobStore[] = [];
const store = (): JobStore => {
  const made = createMemoryStore();
  stores.push(made);
  return made;
};
afterAll(async () => {
  for (const made of stores) await made.close();
});

const exotel = { accountSid: 'acme1', apiKey: 'key', apiToken: 'token' };
const serviceAccount = { client_email: 'callwire@acme.iam.gserviceaccount.com', private_key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n' };

describe('providers treat an explicit undefined option as absent', () => {
  it('assemblyAITranscriber', () => {
    sameWithUndefined('AssemblyAITranscriberOptions', { apiKey: 'key' }, assemblyAITranscriber);
    sameWithUndefined('AssemblyAITranscriberOptions', { apiKey: 'key', redactPii: { policies: ['person_name'], ...undefinedFor('AssemblyAITranscriberOptions.redactPii') } }, assemblyAITranscriber);
    sameWithUndefined('AssemblyAITranscriberOptions', { apiKey: 'key', webhook: { url: 'https://api.acme.com/callwire', secret: 's'.repeat(32), ...undefinedFor('AssemblyAIWebhookOptions') } }, assemblyAITranscriber);
  });
  it('exotelRecordings, exotelCallDetails, exotelCallHistory', () => {
    sameWithUndefined('ExotelRecordingsOptions', { ...exotel, notYetAvailable: undefinedFor('ExotelRecordingsOptions.notYetAvailable') }, exotelRecordings);
    sameWithUndefined('ExotelCallDetailsOptions', { ...exotel, notYetPublished: undefinedFor('ExotelCallDetailsOptions.notYetPublished') }, exotelCallDetails);
    sameWithUndefined('ExotelCallHistoryOptions', exotel, exotelCallHistory);
  });
  it('slackWebhookNotifier and slackWebApiNotifier, limits included', () => {
    sameWithUndefined('SlackWebhookNotifierOptions', { url: 'https://hooks.slack.com/services/T/B/x', limits: undefinedFor('Overrides<SlackLimits>') }, slackWebhookNotifier);
    sameWithUndefined('SlackWebhookNotifierOptions', { routes: { Sales: 'https://hooks.slack.com/services/T/B/y' } }, slackWebhookNotifier);
    sameWithUndefined('SlackWebApiNotifierOptions', { token: 'xoxb-1-2', channel: 'C0123ABCD', limits: undefinedFor('Overrides<SlackLimits>') }, slackWebApiNotifier);
  });
  it('googleCalendar, twilioSms, smtpMailer', () => {
    sameWithUndefined('GoogleCalendarOptions', { credentials: withUndefined('GoogleCalendarOptions.credentials', serviceAccount), calendarId: 'bookings@acme.com' }, googleCalendar);
    sameWithUndefined('TwilioSmsOptions', { accountSid: 'AC' + '0'.repeat(32), authToken: 'token', from: '+14155550100' }, twilioSms);
    sameWithUndefined('TwilioSmsOptions', { accountSid: 'AC' + '0'.repeat(32), authToken: 'token', messagingServiceSid: 'MG' + '0'.repeat(32) }, twilioSms);
    sameWithUndefined('SmtpMailerOptions', { url: 'smtp://localhost:2525', from: 'Acme <desk@acme.com>' }, smtpMailer);
  });
  it('elevenLabsBookingTool and elevenLabsDataCollection', () => {
    sameWithUndefined('ElevenLabsToolOptions', { url: 'https://api.acme.com/callwire/tools/book' }, elevenLabsBookingTool);
    expect(elevenLabsDataCollection(undefinedFor('Overrides<DataCollectionIds>'))).toEqual(elevenLabsDataCollection());
  });
});

describe('pipelines, worker, handler and stores treat an explicit undefined option as absent', () => {
  const providers = () => ({
    recordings: exotelRecordings(exotel),
    transcriber: assemblyAITranscriber({ apiKey: 'key' }),
    notifier: slackWebhookNotifier({ url: 'https://hooks.slack.com/services/T/B/x' }),
  });

  it('createPipeline keeps the default retry policy', () => {
    const run = async () => undefined;
    const [plain, undefinedOptions] = sameWithUndefined('PipelineOptions', { name: 'p', store: store(), run, retry: undefinedFor('Overrides<RetryPolicy>') }, createPipeline);
    expect(undefinedOptions.retryPolicy).toEqual(defaultRetryPolicy);
    expect(plain.retryPolicy).toEqual(defaultRetryPolicy);
  });

  it('createCallPipeline: defaults applied (name, retry policy)', () => {
    const shared = { store: store(), ...providers() };
    const [, calls] = sameWithUndefined('CallPipelineOptions', { ...shared, retry: undefinedFor('Overrides<RetryPolicy>') }, createCallPipeline);
    expect(calls.name).toBe('calls');
    expect(calls.retryPolicy).toEqual(defaultRetryPolicy);
  });

  it('createAppointmentPipeline: defaults applied, nested options too', () => {
    const base = {
      store: store(),
      timeZone: 'Asia/Kolkata',
      organizer: withUndefined('AppointmentPipelineOptions.organizer', { email: 'desk@acme.com' }),
      businessHours: withUndefined('BusinessHours', { start: '09:00', end: '17:00' }),
      elevenLabs: { webhookSecret: 's'.repeat(32), ...undefinedFor('AppointmentPipelineOptions.elevenLabs'), dataCollectionIds: undefinedFor('Overrides<DataCollectionIds>') },
      templates: undefinedFor('Overrides<NotificationTemplates>'),
      retention: withUndefined('AppointmentRetention', { days: 30 }),
      retry: undefinedFor('Overrides<RetryPolicy>'),
    };
    const [, appointments] = sameWithUndefined('AppointmentPipelineOptions', base, createAppointmentPipeline);
    expect(appointments.name).toBe('appointments');
    expect(appointments.retryPolicy).toEqual(defaultRetryPolicy);
  });

  it('createWorker, createHandler (auth, limits, rate limit, console), createExpressRouter', async () => {
    const pipelines = [createCallPipeline({ store: store(), ...providers() })];
    const worker = createWorker(withUndefined('WorkerOptions', { pipelines }));
    expect(worker.id).toMatch(/^worker-[\da-f-]{36}$/); // the default id, random per worker
    const handlerOptions = {
      pipelines,
      auth: undefinedFor('AuthOptions'),
      limits: undefinedFor('HandlerLimits'),
      rateLimit: undefinedFor('HandlerOptions.rateLimit'),
      console: undefinedFor('HandlerOptions.console'),
    };
    const [plain, undefinedOptions] = sameWithUndefined('HandlerOptions', handlerOptions, createHandler);
    for (const path of ['/health', '/console', '/nowhere']) {
      const [a, b] = await Promise.all([plain, undefinedOptions].map((handler) => handler(new Request(`http://localhost${path}`))));
      expect([path, b!.status]).toEqual([path, a!.status]);
    }
    const big = 'x'.repeat(1024 * 1024 + 1);
    const response = await undefinedOptions(new Request('http://localhost/webhook/zapier', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(413); // the default 1 MiB limit still applies
    expect(typeof createExpressRouter(withUndefined('HandlerOptions', handlerOptions))).toBe('function');
  });

  it('the AWS Lambda adapter', () => {
    const pipelines = [createCallPipeline({ store: store(), ...providers() })];
    const announcer = sqsAnnouncer(withUndefined('SqsAnnouncerOptions', { queueUrl: 'https://sqs.ap-south-1.amazonaws.com/123456789012/callwire' }));
    expect(typeof announcer.announce).toBe('function');
    sameWithUndefined('LambdaHandlerOptions', { pipelines }, createLambdaHandler);
    sameWithUndefined('LambdaWorkerOptions', { pipelines, announcer }, createSqsHandler);
    sameWithUndefined('ScheduledHandlerOptions', { pipelines }, createScheduledHandler);
  });

  it('createSqliteStore and createPostgresStore', async () => {
    const [a, b] = sameWithUndefined('SqliteStoreOptions', { filename: ':memory:' }, createSqliteStore);
    expect(await b.stats()).toEqual(await a.stats());
    await Promise.all([a.close(), b.close()]);
    const [c, d] = sameWithUndefined('PostgresStoreOptions', { connectionString: 'postgres://localhost:1/none' }, createPostgresStore);
    await Promise.all([c.close(), d.close()]);
  });
});

describe('withDefaults', () => {
  it('keeps a default for an undefined override and takes every other value, falsy ones included', () => {
    expect(withDefaults({ a: 1, b: 2, c: true }, { a: undefined, b: 0, c: false })).toEqual({ a: 1, b: 0, c: false });
    expect(withDefaults({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});

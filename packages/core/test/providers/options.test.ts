import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelCallDetails, exotelRecordings } from '@callwire/core/exotel';
import { googleCalendar } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { slackWebApiNotifier, slackWebhookNotifier } from '@callwire/core/slack';
import { twilioSms } from '@callwire/core/twilio';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const serviceAccount = { client_email: 'bookings@acme-project.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

type Factory = (options: never) => unknown;
/** Each factory with options it accepts, and one bad value of each kind it takes: [option path, override]. */
const factories: [string, Factory, Record<string, unknown>, [string, Record<string, unknown>][]][] = [
  ['twilioSms', twilioSms as Factory, { accountSid: 'AC00000000000000000000000000000000', authToken: 'token', from: '+14155550100' }, [
    ['accountSid', { accountSid: 'SK123' }],
    ['authToken', { authToken: '' }],
    ['from', { from: undefined }],
    ['messagingServiceSid', { from: undefined, messagingServiceSid: 'service' }],
    ['channel', { channel: 'fax' }],
    ['publicUrl', { publicUrl: 'http://api.acme.example/callwire' }],
    ['httpClient', { httpClient: 'fetch' }],
  ]],
  ['smtpMailer', smtpMailer as Factory, { url: 'smtp://127.0.0.1:2525', from: 'Acme <desk@acme.example>' }, [
    ['from', { from: 'Acme' }],
    ['url', { url: 'https://mail.acme.example' }],
    ['url', { url: undefined }],
    ['requireTLS', { requireTLS: 'yes' }],
    ['ca', { ca: 42 }],
  ]],
  ['googleCalendar', googleCalendar as Factory, { credentials: serviceAccount, calendarId: 'bookings@acme.example' }, [
    ['credentials', { credentials: 42 }],
    ['calendarId', { calendarId: ' ' }],
    ['subject', { subject: 'not an address' }],
    ['rootUrl', { rootUrl: 'ftp://calendar.example' }],
    ['sendUpdates', { sendUpdates: 'everyone' }],
    ['timeoutMs', { timeoutMs: 0 }],
  ]],
  ['assemblyAITranscriber', assemblyAITranscriber as Factory, { apiKey: 'key' }, [
    ['apiKey', { apiKey: '' }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['pollIntervalMs', { pollIntervalMs: -1 }],
    ['requestTimeoutMs', { requestTimeoutMs: 1.5 }],
    ['languageDetection', { languageDetection: 'auto' }],
    ['webhook.secret', { webhook: { url: 'https://api.acme.example/callwire/webhook/assemblyai', secret: 'short' } }],
  ]],
  ['slackWebhookNotifier', slackWebhookNotifier as Factory, { url: 'https://hooks.slack.com/services/T0/B0/x' }, [
    ['url', { url: 'hooks.slack.com/services/T0/B0/x' }],
    ['url', { url: undefined }],
    ['routes.sales', { url: undefined, routes: { sales: 'http://hooks.slack.example/x' } }],
    ['minIntervalMs', { minIntervalMs: -10 }],
    ['formatter', { formatter: 'markdown' }],
  ]],
  ['slackWebApiNotifier', slackWebApiNotifier as Factory, { token: 'xoxb-1-2-abc', channel: 'C0123456789' }, [
    ['token', { token: 'xoxp-user-token' }],
    ['channel', { channel: '#support' }],
    ['routes.sales', { channel: undefined, routes: { sales: 'sales' } }],
    ['slackApiUrl', { slackApiUrl: 'slack.com/api' }],
    ['userCacheTtlMs', { userCacheTtlMs: -1 }],
    ['eventType', { eventType: 'call minutes' }],
  ]],
  ['exotelRecordings', exotelRecordings as Factory, { apiKey: 'key', apiToken: 'token' }, [
    ['apiToken', { apiToken: undefined }],
    ['allowedHosts', { allowedHosts: 'recordings.exotel.com' }],
    ['maxBytes', { maxBytes: 0 }],
    ['maxRedirects', { maxRedirects: 99 }],
    ['notYetAvailable.deadlineMs', { notYetAvailable: { deadlineMs: -1 } }],
    ['resolve', { resolve: '8.8.8.8' }],
  ]],
  ['exotelCallDetails', exotelCallDetails as Factory, { accountSid: 'acme1', apiKey: 'key', apiToken: 'token' }, [
    ['apiKey', { apiKey: '' }],
    ['region', { region: 'http://api.exotel.example' }],
    ['timeZone', { timeZone: 'Mars/Base' }],
    ['defaultRegion', { defaultRegion: 'india' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['notYetPublished.initialDelayMs', { notYetPublished: { initialDelayMs: 0 } }],
  ]],
];

describe('provider factories check every option at construction, naming it', () => {
  for (const [name, factory, good, bad] of factories) {
    it(`${name}: accepts good options`, () => {
      expect(() => factory(good as never)).not.toThrow();
    });
    it.each(bad)(`${name}: a bad %s → TypeError naming it`, (option, override) => {
      const make = () => factory({ ...good, ...override } as never);
      expect(make).toThrow(TypeError);
      expect(make).toThrow(new RegExp(`^${name}: option \`${option.replaceAll('.', '\\.')}\` `));
    });
  }
});

// A consumer's file, type-checked by scripts/check-consumer-types.mjs against the packed packages in
// every module setting a user may have (node16, nodenext, bundler; ESM and CommonJS; with and without
// exactOptionalPropertyTypes). It follows the README's snippets; it is type-checked, never run. No
// top-level await: the same file is a CommonJS module in the CJS settings.
import { createServer } from 'node:http';
import { createAppointmentPipeline, createCallPipeline, createHandler, createWorker, type CountryCode } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { googleCalendar } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { twilioSms } from '@callwire/core/twilio';
import { createMemoryStore, createSandbox } from '@callwire/core/testing';
import { createExpressRouter } from '@callwire/adapter-express';
import { createLambdaHandler, createScheduledHandler, createSqsHandler, sqsAnnouncer } from '@callwire/adapter-lambda';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';

/** A required environment variable. */
const env = (name: string): string => process.env[name] ?? (() => { throw new Error(`Set ${name}`); })();
const region: CountryCode = 'IN';
const store = createSqliteStore({ filename: './callwire.db' });

const recordings = exotelRecordings({ apiKey: env('EXOTEL_API_KEY'), apiToken: env('EXOTEL_API_TOKEN') });
const transcriber = assemblyAITranscriber({ apiKey: env('ASSEMBLYAI_API_KEY') });
const notifier = slackWebhookNotifier({ url: env('SLACK_WEBHOOK_URL'), routes: { Sales: env('SLACK_SALES_URL') } });
const calls = createCallPipeline({
  store,
  recordings,
  transcriber,
  notifier,
  supportNumbers: ['09631084471'],
  defaultRegion: region,
  agents: [{ name: 'Asha Verma', slackUserId: 'U04ASHA123', department: 'Customer Success', phone: '09811122233' }],
  timeZone: 'Asia/Kolkata',
});

const appointments = createAppointmentPipeline({
  store,
  timeZone: 'America/Los_Angeles',
  businessName: 'Acme',
  businessHours: { start: '09:00', end: '17:00' },
  calendar: googleCalendar({ credentials: env('GOOGLE_SERVICE_ACCOUNT'), calendarId: 'bookings@acme.com' }),
  sms: twilioSms({ accountSid: env('TWILIO_ACCOUNT_SID'), authToken: env('TWILIO_AUTH_TOKEN'), from: '+14155550100' }),
  mailer: smtpMailer({ url: env('SMTP_URL'), from: 'Acme <desk@acme.com>' }),
  elevenLabs: { webhookSecret: env('ELEVENLABS_WEBHOOK_SECRET') },
});

// Optional settings straight from the environment (string | undefined), as the README writes them.
const handler = createHandler({
  pipelines: [calls, appointments],
  auth: { webhookSecret: process.env.WEBHOOK_SECRET, operatorSecret: process.env.OPERATOR_SECRET },
});
const worker = createWorker({ pipelines: [calls, appointments] });
worker.start();

// The Express middleware is a plain (req, res, next) function: it fits node:http too.
const router = createExpressRouter(handler);
const server = createServer((req, res) => router(req, res, () => { res.statusCode = 404; res.end(); }));
server.listen(8000);
process.on('SIGTERM', () => server.close(() => void worker.stop({ timeoutMs: 10_000 })));

// AWS Lambda, with PostgreSQL.
const shared = createPostgresStore({ connectionString: env('DATABASE_URL') });
const lambdaCalls = createCallPipeline({ store: shared, recordings, transcriber, notifier });
const announcer = sqsAnnouncer({ queueUrl: process.env.QUEUE_URL! });
export const webhook = createLambdaHandler({ pipelines: [lambdaCalls], auth: { webhookSecret: process.env.WEBHOOK_SECRET }, announcer });
export const scheduled = createScheduledHandler({ pipelines: [lambdaCalls], announcer });
export const sqs = createSqsHandler({ pipelines: [lambdaCalls], announcer });

/** No credentials: every provider a local fake, through its real SDK (`@callwire/core/testing`). */
export async function sandboxRun(): Promise<number> {
  const sandbox = await createSandbox();
  const memory = createMemoryStore();
  const local = createCallPipeline({ store: memory, recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier });
  await local.receive({ call_id: 'c1', from_number: '+919876543210', to_number: '09631084471', recording_url: 'https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3', status: 'completed' }, 'zapier');
  await createWorker({ pipelines: [local] }).drain();
  const posted = sandbox.fakes.slack.messages.length;
  await sandbox.close();
  return posted;
}

// A consumer's file, type-checked by scripts/check-consumer-types.mjs against the packed packages in
// every module setting a user may have (node16, nodenext, bundler; ESM and CommonJS; with and without
// exactOptionalPropertyTypes). It follows the README's snippets; it is type-checked, never run. No
// top-level await: the same file is a CommonJS module in the CJS settings.
import { createServer } from 'node:http';
import { createAppointmentPipeline, createCallPipeline, createHandler, createWorker, elevenLabsBookingTool, type CountryCode } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelCallDetails, exotelRecordings } from '@callwire/core/exotel';
import { googleCalendar } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { slackWebApiNotifier, slackWebhookNotifier } from '@callwire/core/slack';
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

// Every optional setting straight from the environment: under exactOptionalPropertyTypes each optional
// option takes `string | undefined` (or `number | undefined`), an unset variable meaning "the default".
const optionalNumber = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
const envRecordings = exotelRecordings({
  apiKey: env('EXOTEL_API_KEY'),
  apiToken: env('EXOTEL_API_TOKEN'),
  timeoutMs: optionalNumber('EXOTEL_TIMEOUT_MS'),
  maxBytes: optionalNumber('EXOTEL_MAX_BYTES'),
  notYetAvailable: { deadlineMs: optionalNumber('EXOTEL_RECORDING_DEADLINE_MS'), initialDelayMs: optionalNumber('EXOTEL_RECORDING_DELAY_MS') },
  callDetails: exotelCallDetails({ accountSid: env('EXOTEL_SID'), apiKey: env('EXOTEL_API_KEY'), apiToken: env('EXOTEL_API_TOKEN'), region: process.env.EXOTEL_REGION, timeZone: process.env.EXOTEL_TIME_ZONE }),
});
const envTranscriber = assemblyAITranscriber({
  apiKey: env('ASSEMBLYAI_API_KEY'),
  baseUrl: process.env.ASSEMBLYAI_BASE_URL,
  languageCode: process.env.ASSEMBLYAI_LANGUAGE,
  requestTimeoutMs: optionalNumber('ASSEMBLYAI_TIMEOUT_MS'),
  pollIntervalMs: optionalNumber('ASSEMBLYAI_POLL_MS'),
});
const envNotifier = slackWebhookNotifier({
  url: process.env.SLACK_URL,
  timeoutMs: optionalNumber('SLACK_TIMEOUT_MS'),
  minIntervalMs: optionalNumber('SLACK_MIN_INTERVAL_MS'),
  limits: { messageChars: optionalNumber('SLACK_MESSAGE_CHARS') },
});
const envCalls = createCallPipeline({
  store,
  recordings: envRecordings,
  transcriber: envTranscriber,
  notifier: envNotifier,
  name: process.env.CALLS_PIPELINE_NAME,
  timeZone: process.env.CALLS_TIME_ZONE,
  providerTimeZone: process.env.EXOTEL_TIME_ZONE,
  retentionDays: optionalNumber('CALLS_RETENTION_DAYS'),
  completionWaitMs: optionalNumber('CALLS_COMPLETION_WAIT_MS'),
  retry: { maxAttempts: optionalNumber('RETRY_MAX_ATTEMPTS'), baseDelayMs: optionalNumber('RETRY_BASE_DELAY_MS') },
});
const envAppointments = createAppointmentPipeline({
  store,
  timeZone: env('BUSINESS_TIME_ZONE'),
  name: process.env.APPOINTMENTS_PIPELINE_NAME,
  businessName: process.env.BUSINESS_NAME,
  organizer: { email: env('SMTP_FROM_ADDRESS'), name: process.env.BUSINESS_NAME },
  durationMinutes: optionalNumber('APPOINTMENT_MINUTES'),
  toolDeadlineMs: optionalNumber('TOOL_DEADLINE_MS'),
  calendar: googleCalendar({ credentials: env('GOOGLE_SERVICE_ACCOUNT'), calendarId: env('GOOGLE_CALENDAR_ID'), subject: process.env.GOOGLE_SUBJECT, rootUrl: process.env.GOOGLE_ROOT_URL, timeoutMs: optionalNumber('GOOGLE_TIMEOUT_MS') }),
  sms: twilioSms({ accountSid: env('TWILIO_ACCOUNT_SID'), authToken: env('TWILIO_AUTH_TOKEN'), from: env('TWILIO_FROM'), publicUrl: process.env.PUBLIC_URL }),
  mailer: smtpMailer({ url: env('SMTP_URL'), from: env('SMTP_FROM'), ca: process.env.SMTP_CA, requireTLS: process.env.SMTP_REQUIRE_TLS ? true : undefined }),
  elevenLabs: { webhookSecret: env('ELEVENLABS_WEBHOOK_SECRET'), toleranceSeconds: optionalNumber('ELEVENLABS_TOLERANCE_SECONDS'), dataCollectionIds: { time: process.env.ELEVENLABS_TIME_ID } },
});
export const envHandler = createHandler({
  pipelines: [envCalls, envAppointments],
  basePath: process.env.CALLWIRE_BASE_PATH,
  auth: { webhookSecret: process.env.WEBHOOK_SECRET, operatorSecret: process.env.OPERATOR_SECRET },
  limits: { maxBodyBytes: optionalNumber('MAX_BODY_BYTES'), healthTimeoutMs: optionalNumber('HEALTH_TIMEOUT_MS') },
  rateLimit: { attempts: optionalNumber('LOGIN_ATTEMPTS'), windowMs: optionalNumber('LOGIN_WINDOW_MS') },
  console: { title: process.env.CONSOLE_TITLE, pageSize: optionalNumber('CONSOLE_PAGE_SIZE') },
});
export const envWorker = createWorker({ pipelines: [envCalls, envAppointments], id: process.env.WORKER_ID, concurrency: optionalNumber('WORKER_CONCURRENCY'), leaseMs: optionalNumber('WORKER_LEASE_MS') });
export const envWebApi = slackWebApiNotifier({ token: env('SLACK_BOT_TOKEN'), channel: process.env.SLACK_CHANNEL, slackApiUrl: process.env.SLACK_API_URL, eventType: process.env.SLACK_EVENT_TYPE });
export const envTool = elevenLabsBookingTool({ url: env('BOOKING_TOOL_URL'), name: process.env.BOOKING_TOOL_NAME, secretId: process.env.ELEVENLABS_SECRET_ID, toolDeadlineMs: optionalNumber('TOOL_DEADLINE_MS') });
export const envSqlite = createSqliteStore({ filename: env('SQLITE_FILE'), busyTimeoutMs: optionalNumber('SQLITE_BUSY_TIMEOUT_MS') });
export const envPostgres = createPostgresStore({ connectionString: env('DATABASE_URL'), schema: process.env.PG_SCHEMA, maxConnections: optionalNumber('PG_MAX_CONNECTIONS') });
export const envScheduled = createScheduledHandler({ pipelines: [envCalls], announcer: sqsAnnouncer({ queueUrl: env('QUEUE_URL') }), marginMs: optionalNumber('SCHEDULED_MARGIN_MS'), retentionIntervalMs: optionalNumber('RETENTION_INTERVAL_MS') });
export const envSandbox = (): ReturnType<typeof createSandbox> => createSandbox({ calendarId: process.env.SANDBOX_CALENDAR_ID, smsFrom: process.env.SANDBOX_SMS_FROM, mailFrom: process.env.SANDBOX_MAIL_FROM });
/** A custom host passes the connection's address as it has it (`req.socket.remoteAddress`: string | undefined). */
export const serveCustom = (request: Request, ip: string | undefined): Promise<Response> => handler(request, { ip });

/**
 * The Lambda entry points named in `template.yaml`: `handlers.webhook`, `handlers.sqs`,
 * `handlers.scheduled`. Built once per container from the environment.
 */
import { sqsAnnouncer } from '@callwire/adapter-lambda';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { createPostgresStore } from '@callwire/store-postgres';
import { createFunctions, type FunctionsOptions } from './functions.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} in the function's environment (see template.yaml).`);
  return value;
}
const optional = (name: string) => process.env[name] || undefined;

/** The booking providers, each when its settings are there; their SDKs load only then (cold starts pay for every import). */
async function bookingProviders(): Promise<Pick<FunctionsOptions['providers'], 'calendar' | 'sms' | 'mailer'>> {
  const [google, twilio, smtp] = [optional('GOOGLE_SERVICE_ACCOUNT'), optional('TWILIO_ACCOUNT_SID'), optional('SMTP_URL')];
  return {
    ...(google && { calendar: (await import('@callwire/core/google-calendar')).googleCalendar({ credentials: google, calendarId: required('GOOGLE_CALENDAR_ID') }) }),
    ...(twilio && {
      sms: (await import('@callwire/core/twilio')).twilioSms({ accountSid: twilio, authToken: required('TWILIO_AUTH_TOKEN'), from: required('TWILIO_FROM') }),
    }),
    ...(smtp && { mailer: (await import('@callwire/core/nodemailer')).smtpMailer({ url: smtp, from: required('SMTP_FROM') }) }),
  };
}

const queueUrl = optional('QUEUE_URL');
const functions = createFunctions({
  // Few connections per container: Lambda scales by containers. Put RDS Proxy in front at scale.
  store: createPostgresStore({ connectionString: required('DATABASE_URL'), maxConnections: 2 }),
  providers: {
    recordings: exotelRecordings({ apiKey: required('EXOTEL_API_KEY'), apiToken: required('EXOTEL_API_TOKEN') }),
    transcriber: assemblyAITranscriber({ apiKey: required('ASSEMBLYAI_API_KEY') }),
    notifier: slackWebhookNotifier({ url: required('SLACK_WEBHOOK_URL') }),
    ...(await bookingProviders()),
  },
  webhookSecret: optional('WEBHOOK_SECRET'),
  operatorSecret: optional('OPERATOR_SECRET'),
  elevenLabsSecret: optional('ELEVENLABS_WEBHOOK_SECRET'),
  supportNumbers: optional('SUPPORT_NUMBERS')?.split(','),
  // Jobs go to the SQS function as soon as they are due (up to 15 minutes ahead); without a queue, the scheduled run finds them.
  ...(queueUrl ? { announcer: sqsAnnouncer({ queueUrl }) } : {}),
});

export const webhook = functions.webhook;
export const sqs = functions.sqs;
export const scheduled = functions.scheduled;

import type { Calendar, CallHistory, CallRecords, ChatNotifier, Mailer, RecordingSource, SmsSender, Transcriber } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelCallDetails, exotelCallHistory, exotelRecordings } from '@callwire/core/exotel';
import { googleCalendar } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { createSandbox, type Sandbox } from '@callwire/core/testing';
import { twilioSms } from '@callwire/core/twilio';
import { parseMailbox, type Mailbox, type ServerConfig } from './config.js';

/** The sandbox mailer's sender when `SMTP_FROM` is unset. */
const sandboxMailFrom = 'Callwire Sandbox <desk@sandbox.test>';

const formatMailbox = (mailbox: Mailbox) => (mailbox.name ? `"${mailbox.name.replace(/"/g, '')}" <${mailbox.email}>` : mailbox.email);

/** The providers of both pipelines, and which of them are the local sandbox. */
export interface Providers {
  recordings: RecordingSource;
  transcriber: Transcriber;
  notifier: ChatNotifier;
  history?: CallHistory;
  /** Exotel Call Details, to complete Exotel's default StatusCallback (no numbers) — with EXOTEL_ACCOUNT_SID. */
  callDetails?: CallRecords;
  calendar: Calendar;
  sms: SmsSender;
  mailer: Mailer;
  /** Who the sandbox's mailer sends as, when e-mail goes to the sandbox (`SMTP_FROM`, or the sandbox's own sender). */
  sandboxSender?: Mailbox;
  /** One line per provider: `Slack: real` or `Slack: sandbox (set SLACK_WEBHOOK_URL …)`. */
  summary: string[];
  /** The local fakes, when any provider uses them. */
  sandbox?: Sandbox;
}

/**
 * Builds each provider from its configuration when it is set, and from the local sandbox (fake
 * servers on 127.0.0.1, real SDKs) when it is not — or for every provider when `forceSandbox`.
 */
export async function buildProviders(config: ServerConfig, { forceSandbox = false } = {}): Promise<Providers> {
  const calls: Partial<ServerConfig['calls']> = forceSandbox ? {} : config.calls;
  const appointments: Partial<ServerConfig['appointments']> = forceSandbox ? {} : config.appointments;
  const { exotel, assemblyAIKey, slack } = calls;
  const { google, twilio, smtp } = appointments;
  const needsSandbox = !exotel || !assemblyAIKey || !slack || !google || !twilio || !smtp;
  // The sandbox's mailer sends as SMTP_FROM when it is set, so the organizer of invitations is the sender there too.
  const mailFrom = config.appointments.smtp?.from ?? (config.appointments.sender ? formatMailbox(config.appointments.sender) : sandboxMailFrom);
  const sandbox = needsSandbox ? await createSandbox({ slackRoutes: ['Sales', 'Customer Success', 'missed'], mailFrom }) : undefined;
  const summary: string[] = [];
  const pick = <T>(name: string, real: (() => T) | undefined, fake: T | undefined, hint: string): T => {
    summary.push(real ? `${name}: real` : forceSandbox ? `${name}: sandbox (local fake)` : `${name}: sandbox (local fake; set ${hint} for the real one)`);
    return real ? real() : fake!;
  };
  return {
    recordings: pick('Exotel recordings', exotel && (() => exotelRecordings(exotel)), sandbox?.recordings, 'EXOTEL_API_KEY and EXOTEL_API_TOKEN'),
    history: exotel?.accountSid ? exotelCallHistory({ ...exotel, accountSid: exotel.accountSid }) : sandbox?.history,
    callDetails: exotel?.accountSid ? exotelCallDetails({ ...exotel, accountSid: exotel.accountSid }) : sandbox?.callDetails,
    transcriber: pick('AssemblyAI', assemblyAIKey ? () => assemblyAITranscriber({ apiKey: assemblyAIKey, languageDetection: true }) : undefined, sandbox?.transcriber, 'ASSEMBLYAI_API_KEY'),
    notifier: pick('Slack', slack && (() => slackWebhookNotifier(slack)), sandbox?.notifier, 'SLACK_WEBHOOK_URL'),
    calendar: pick('Google Calendar', google && (() => googleCalendar(google)), sandbox?.calendar, 'GOOGLE_SERVICE_ACCOUNT and GOOGLE_CALENDAR_ID'),
    sms: pick('Twilio SMS', twilio && (() => twilioSms(twilio)), sandbox?.sms, 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM'),
    mailer: pick('E-mail (SMTP)', smtp && (() => smtpMailer(smtp)), sandbox?.mailer, 'SMTP_URL'),
    summary,
    sandbox,
    sandboxSender: smtp ? undefined : parseMailbox(mailFrom, 'SMTP_FROM'),
  };
}

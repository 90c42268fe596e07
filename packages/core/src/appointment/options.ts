import type { JobStore } from '../engine/types.js';
import type { RetryPolicy } from '../engine/retry-policy.js';
import type { Logger } from '../logger.js';
import type { Overrides } from '../options.js';
import type { CountryCode } from '../phone.js';
import type { DataCollectionIds } from './intake-post-call.js';
import type { Calendar, Mailer, SmsSender } from './ports.js';
import type { AppointmentRetention } from './retention.js';
import type { BusinessHours } from './schedule.js';
import type { NotificationTemplates } from './templates.js';

/** What `createAppointmentPipeline` needs. Only `store` and `timeZone` are required. */
export interface AppointmentPipelineOptions {
  /** Where jobs, steps and appointments are kept (`createSqliteStore()`, `createPostgresStore()`, `createMemoryStore()` in tests). */
  store: JobStore;
  /** IANA time zone of the business; times without an offset are read in it. */
  timeZone: string;
  /** Pipeline name (default `appointments`). */
  name?: string | undefined;
  /** Where bookings go (`googleCalendar()` from `@callwire/core/google-calendar`). Optional. */
  calendar?: Calendar | undefined;
  /** Confirmation texts (`twilioSms()` from `@callwire/core/twilio`). Optional. */
  sms?: SmsSender | undefined;
  /** Confirmation e-mails (`smtpMailer()` from `@callwire/core/nodemailer`). Optional. */
  mailer?: Mailer | undefined;
  /** Shown to customers (default `our team`). */
  businessName?: string | undefined;
  /** Organizer of `.ics` invitations (use the mailer's from address). */
  organizer?: {
    /** The organizer's address; use the mailer's `from` address, a domain you send from. */
    email: string;
    /** The organizer's display name (default `businessName`). */
    name?: string | undefined;
  } | undefined;
  /** Length of an appointment (default 30 minutes). */
  durationMinutes?: number | undefined;
  /** Granularity of free slots (default 30 minutes). */
  slotMinutes?: number | undefined;
  /** Opening hours in `timeZone`; bookings outside them are refused with a reason the agent reads out. Default: any time. */
  businessHours?: BusinessHours | undefined;
  /** Shortest notice accepted (default 0 minutes). */
  minNoticeMinutes?: number | undefined;
  /** Reminders before the event, in minutes (default 24 h and 30 min). */
  reminderMinutes?: readonly number[] | undefined;
  /** How many alternatives a conflict offers (default 3). */
  alternatives?: number | undefined;
  /** Region for phone numbers written without a country code (default `US`). */
  defaultRegion?: CountryCode | undefined;
  /** How long a tool call waits for the booking before answering (default 8 000 ms, under ElevenLabs' 20 s). */
  toolDeadlineMs?: number | undefined;
  /** ElevenLabs post-call webhooks. Without a secret, `POST /webhook/elevenlabs` refuses every request. */
  elevenLabs?: {
    /** The post-call webhook's HMAC secret, as ElevenLabs shows it (at least 16 characters). */
    webhookSecret: string;
    /** Replay window in seconds (default 1 800). */
    toleranceSeconds?: number | undefined;
    /** Which data-collection items hold the booking. */
    dataCollectionIds?: Overrides<DataCollectionIds> | undefined;
  } | undefined;
  /** Replace the SMS and/or e-mail templates. */
  templates?: Overrides<NotificationTemplates> | undefined;
  /**
   * How long personal data is kept (default: kept). Free text (transcript, summary, name) goes `days` after a job
   * finished; the phone, e-mail, time and event id that cancel and reschedule need stay until the appointment is
   * over (`afterAppointmentDays`). A worker applies it hourly; `purgeExpired()` applies it now.
   */
  retention?: AppointmentRetention | undefined;
  /** How failed steps are retried (default 5 attempts, 2 s doubling to 5 min, with jitter). */
  retry?: Overrides<RetryPolicy> | undefined;
  /** A pino-compatible logger (default: silent). Phone numbers and e-mail addresses are redacted. */
  logger?: Logger | undefined;
  /** Epoch-millisecond clock (tests). */
  clock?: (() => number) | undefined;
}

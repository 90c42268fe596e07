import { createPipeline, type Pipeline } from '../engine/pipeline.js';
import type { HttpContribution, ServiceState } from '../http/route.js';
import { withDefaults } from '../options.js';
import { getAppointment } from './appointments.js';
import { findAvailability, type Availability, type AvailabilityQuery } from './availability.js';
import { bookFromTool, receivePostCall, type BookOptions, type PostCallDelivery, type PostCallResult } from './book.js';
import { cancelAppointment, rescheduleAppointment, type ChangeOptions } from './changes.js';
import { checkAppointmentOptions } from './check-options.js';
import type { AppointmentContext } from './context.js';
import { defaultDataCollectionIds } from './intake-post-call.js';
import type { AppointmentPipelineOptions } from './options.js';
import { appointmentRoutes } from './routes.js';
import { runAppointmentJob, type AppointmentJobOutput } from './run-job.js';
import { checkAppointmentRetention, createAppointmentRetention } from './retention.js';
import type { AppointmentRuntime } from './runtime.js';
import { defaultTemplates } from './templates.js';
import type { ToolResponse } from './tool-response.js';
import type { AppointmentJobInput } from './types.js';
import type { Appointment } from './view.js';

/** The appointment pipeline: the durable job pipeline, its HTTP routes, and booking operations. */
export interface AppointmentPipeline extends Pipeline<AppointmentJobInput, AppointmentJobOutput>, HttpContribution {
  /** Books from a server-tool payload (flat or wrapped), waiting up to the deadline; the `POST /webhook` answer. */
  book(payload: unknown, options?: BookOptions): Promise<ToolResponse>;
  /** Accepts a signed post-call webhook; the `POST /webhook/elevenlabs` answer. */
  receivePostCall(delivery: PostCallDelivery): Promise<PostCallResult>;
  /** Free slots for a day or range. */
  availability(query?: AvailabilityQuery): Promise<Availability>;
  /** Moves an appointment and notifies the customer. */
  reschedule(id: string, request: { time: string }, options?: ChangeOptions): Promise<Appointment>;
  /** Cancels an appointment and notifies the customer. */
  cancel(id: string, request?: { reason?: string }, options?: ChangeOptions): Promise<Appointment>;
  /**
   * An appointment by id, or `undefined`. Throws `CallwireError('gone')` (410) once retention removed it
   * (its appointment is over, see the `retention` option).
   */
  getAppointment(id: string): Promise<Appointment | undefined>;
  /** Applies the `retention` policy now; resolves how many jobs it scrubbed (fully or partly). */
  purgeExpired(): Promise<number>;
}

/**
 * Creates the appointment pipeline: an ElevenLabs voice agent's booking → validated → a calendar
 * event → SMS and e-mail confirmations, each step durable and exactly-once. Mount its `routes()` with
 * `createHandler`, and run a worker for the post-call bookings and retries.
 *
 * @example
 * ```ts
 * import { createAppointmentPipeline, createWorker } from '@callwire/core';
 * import { googleCalendar } from '@callwire/core/google-calendar';
 * import { twilioSms } from '@callwire/core/twilio';
 * import { smtpMailer } from '@callwire/core/nodemailer';
 *
 * const appointments = createAppointmentPipeline({
 *   store,
 *   timeZone: 'America/Los_Angeles',
 *   businessName: 'Acme',
 *   businessHours: { start: '09:00', end: '17:00' },
 *   calendar: googleCalendar({ credentials: process.env.GOOGLE_SERVICE_ACCOUNT!, calendarId: 'bookings@acme.com' }),
 *   sms: twilioSms({ accountSid, authToken, from: '+14155550100' }),
 *   mailer: smtpMailer({ url: process.env.SMTP_URL!, from: 'Acme <desk@acme.com>' }),
 *   elevenLabs: { webhookSecret: process.env.ELEVENLABS_WEBHOOK_SECRET! },
 * });
 * createWorker({ pipelines: [appointments] }).start();
 * ```
 */
export function createAppointmentPipeline(options: AppointmentPipelineOptions): AppointmentPipeline {
  checkAppointmentOptions(options);
  const hours = options.businessHours;
  checkAppointmentRetention(options.retention);
  const clock = options.clock ?? Date.now;
  const rt: AppointmentRuntime = {
    pipelineName: options.name ?? 'appointments',
    store: options.store,
    schedule: {
      timeZone: options.timeZone,
      durationMinutes: options.durationMinutes ?? 30,
      slotMinutes: options.slotMinutes ?? 30,
      minNoticeMinutes: options.minNoticeMinutes ?? 0,
      ...(hours ? { businessHours: hours } : {}),
    },
    calendar: options.calendar,
    sms: options.sms,
    mailer: options.mailer,
    templates: withDefaults(defaultTemplates, options.templates),
    businessName: options.businessName ?? 'our team',
    organizer: options.organizer ?? { email: 'appointments@callwire.invalid', name: options.businessName ?? 'Appointments' },
    reminderMinutes: options.reminderMinutes ?? [24 * 60, 30],
    alternatives: options.alternatives ?? 3,
    clock,
  };
  const pipeline = createPipeline<AppointmentJobInput, AppointmentJobOutput>({
    name: rt.pipelineName,
    store: options.store,
    run: (input, context) => runAppointmentJob(rt, input, context),
    personalNames: (input) => (input.kind === 'booking' ? [input.booking.name] : []),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    clock,
  });
  const eleven = options.elevenLabs;
  const ctx: AppointmentContext = {
    rt,
    pipeline,
    toolDeadlineMs: options.toolDeadlineMs ?? 8_000,
    defaultRegion: options.defaultRegion ?? 'US',
    elevenLabs: eleven && {
      webhookSecret: eleven.webhookSecret,
      toleranceSeconds: eleven.toleranceSeconds ?? 1_800,
      ids: withDefaults(defaultDataCollectionIds, eleven.dataCollectionIds),
    },
  };
  const retention = createAppointmentRetention(rt, pipeline, options.retention);
  const state = (configured: unknown): ServiceState => (configured ? 'configured' : 'not configured');
  return Object.assign(pipeline, {
    routes: () => appointmentRoutes(ctx),
    services: () => ({ calendar: state(rt.calendar), sms: state(rt.sms), email: state(rt.mailer), elevenlabs: state(eleven?.webhookSecret) }),
    book: (payload: unknown, bookOptions?: BookOptions) => bookFromTool(ctx, payload, bookOptions),
    receivePostCall: (delivery: PostCallDelivery) => receivePostCall(ctx, delivery),
    availability: (query: AvailabilityQuery = {}) => findAvailability(ctx, query),
    reschedule: (id: string, request: { time: string }, changeOptions?: ChangeOptions) => rescheduleAppointment(ctx, id, request, changeOptions),
    cancel: (id: string, request?: { reason?: string }, changeOptions?: ChangeOptions) => cancelAppointment(ctx, id, request, changeOptions),
    getAppointment: (id: string) => getAppointment(ctx, id),
    purgeExpired: retention.purge,
  });
}

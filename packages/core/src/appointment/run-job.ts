import { CallwireError } from '../errors.js';
import type { JobContext } from '../engine/pipeline.js';
import { isScrubbed, type Job } from '../engine/types.js';
import { scrubbedError } from '../engine/scrubbed.js';
import { cancelEventStep, createEventStep, eventDescription, updateEventStep } from './calendar-steps.js';
import { IndependentSteps } from './deliver.js';
import { eventIdFor } from './keys.js';
import { emailStep, notificationContext, smsStep, smsStepOptions, type InviteRef } from './notify-steps.js';
import type { AppointmentRuntime } from './runtime.js';
import type { NotificationContext } from './templates.js';
import { stepNames, type AppointmentJobInput, type Booking, type CalendarOutcome } from './types.js';

/** What an appointment job ends with. */
export type AppointmentJobOutput = { status: 'booked' | 'conflict' | 'recorded' | 'rescheduled' | 'cancelled' };

/**
 * The work of one appointment job: `create-event` → `send-sms` → `send-email` for a booking (or
 * `update-event` / `cancel-event` for a change). The three are independent: a failing SMS does not
 * stop the e-mail; it fails the attempt at the end, so the job retries only the SMS.
 */
export async function runAppointmentJob(rt: AppointmentRuntime, input: AppointmentJobInput, ctx: JobContext<AppointmentJobInput>): Promise<AppointmentJobOutput> {
  switch (input.kind) {
    case 'no-booking':
      return { status: 'recorded' };
    case 'booking': {
      const appointmentId = ctx.job.id;
      const eventId = eventIdFor(ctx.job.pipeline, ctx.job.key);
      const steps = new IndependentSteps(ctx as JobContext<unknown>);
      const calendar = await steps.run(stepNames.booking, ({ signal }) => createEventStep(rt, input.booking, eventId, appointmentId, { signal }));
      if (calendar?.status === 'conflict') return { status: 'conflict' };
      const context = notificationContext(rt, 'booked', input.booking, appointmentId, linkOf(calendar));
      await notify(rt, steps, appointmentId, input.booking, context, { eventId, sequence: 0, method: 'REQUEST' });
      return { status: 'booked' };
    }
    case 'reschedule':
    case 'cancel':
      return runChange(rt, input, ctx);
  }
}

/** A reschedule or cancellation: the calendar change, then the customer is told (unless the new slot is taken). */
async function runChange(rt: AppointmentRuntime, input: Extract<AppointmentJobInput, { kind: 'reschedule' | 'cancel' }>, ctx: JobContext<AppointmentJobInput>): Promise<AppointmentJobOutput> {
  const base = await loadBooking(rt, input.appointmentId);
  const booking: Booking = { ...base.booking, start: input.start, end: input.end };
  const steps = new IndependentSteps(ctx as JobContext<unknown>);
  const calendar =
    input.kind === 'reschedule'
      ? await steps.run(stepNames.reschedule, ({ signal }) =>
          updateEventStep(rt, base.eventId, { start: input.start, end: input.end, previous: input.previous, description: eventDescription(booking, input.appointmentId) }, { signal }),
        )
      : await steps.run(stepNames.cancel, ({ signal }) => cancelEventStep(rt, base.eventId, { signal }));
  if (calendar?.status === 'conflict') return { status: 'conflict' };
  const kind = input.kind === 'reschedule' ? 'rescheduled' : 'cancelled';
  const context = notificationContext(rt, kind, booking, input.appointmentId, input.kind === 'reschedule' ? { ...linkOf(calendar), previousStart: input.previous.start } : {});
  await notify(rt, steps, ctx.job.id, booking, context, { eventId: base.inviteId, sequence: input.sequence, method: input.kind === 'reschedule' ? 'REQUEST' : 'CANCEL' });
  return { status: kind };
}

async function notify(rt: AppointmentRuntime, steps: IndependentSteps, jobId: string, booking: Booking, context: NotificationContext, invite: InviteRef): Promise<void> {
  // Not idempotent at the provider: its intent is recorded, and a resumed job confirms the text before sending again.
  await steps.run(stepNames.sms, ({ signal }) => smsStep(rt, booking, context, jobId, { signal }), smsStepOptions(rt, booking, context, jobId));
  // Not idempotent at the mail server, and not confirmable: its intent is recorded, and a repeat after a crash is
  // reported (step.maybe-duplicated) and carries the same Message-ID.
  await steps.run(stepNames.email, ({ signal, idempotencyKey }) => emailStep(rt, booking, context, invite, { signal, idempotencyKey }), { sideEffect: true });
  steps.finish();
}

const linkOf = (calendar: CalendarOutcome | undefined): { calendarLink?: string } =>
  calendar && 'link' in calendar && calendar.link ? { calendarLink: calendar.link } : {};

/** The booking an appointment id names, with its calendar event id (when the event exists). */
export async function loadBooking(rt: AppointmentRuntime, appointmentId: string): Promise<{ job: Job<AppointmentJobInput>; booking: Booking; eventId: string | undefined; inviteId: string }> {
  const job = (await rt.store.get(appointmentId)) as Job<AppointmentJobInput> | undefined;
  if (job && job.pipeline === rt.pipelineName && isScrubbed(job)) throw scrubbedError(`Appointment ${appointmentId}`, job);
  if (!job || job.pipeline !== rt.pipelineName || job.input.kind !== 'booking') {
    throw new CallwireError('not_found', `No appointment ${appointmentId}.`);
  }
  const outcome = job.steps[stepNames.booking]?.result as CalendarOutcome | undefined;
  const eventId = outcome && 'eventId' in outcome ? outcome.eventId : undefined;
  return { job, booking: job.input.booking, eventId, inviteId: eventIdFor(job.pipeline, job.key) };
}

import type { Job, JobError, StepRecord } from '../engine/types.js';
import type { E164 } from '../phone.js';
import { changeKey } from './keys.js';
import type { AppointmentRuntime } from './runtime.js';
import { toZonedIso } from '../time/format.js';
import { stepNames, type AppointmentJobInput, type BookingSource, type CalendarOutcome, type ChannelOutcome, type Delivery } from './types.js';

/** Where an appointment stands. */
export type AppointmentStatus = 'pending' | 'booked' | 'conflict' | 'cancelled' | 'failed';

/** What a step shows in a view: its saved result, its last failure, or `pending`. */
export type StepView<T> = T | { status: 'pending' } | { status: 'failed'; reason: string; code?: string; retrying: boolean };

/** One reschedule or cancellation of an appointment. */
export interface AppointmentChange {
  id: string;
  kind: 'reschedule' | 'cancel';
  sequence: number;
  /** `applied` once the calendar step finished without a conflict. */
  status: 'pending' | 'applied' | 'conflict' | 'failed';
  start: string;
  end: string;
  calendar: StepView<CalendarOutcome>;
  sms: StepView<ChannelOutcome>;
  email: StepView<ChannelOutcome>;
  createdAt: string;
}

/** An appointment as `GET /appointments/:id` and `getAppointment()` show it. */
export interface Appointment {
  id: string;
  status: AppointmentStatus;
  source: BookingSource;
  customer: { name?: string; phone: E164; email?: string };
  /** ISO 8601 instants (UTC) of the current slot, after any reschedule. */
  start: string;
  end: string;
  /** The start on the business's wall clock, with its offset. */
  appointmentTime: string;
  timeZone: string;
  customerTimeZone: string;
  summary?: string;
  intent?: string;
  conversationId?: string;
  calendar: StepView<CalendarOutcome>;
  sms: StepView<ChannelOutcome>;
  email: StepView<ChannelOutcome>;
  changes: AppointmentChange[];
  job: { id: string; status: Job['status']; attempts: number; error?: JobError };
  createdAt: string;
}

/** A step of a job as a view: its result, a failure (and whether a retry is due), or pending. */
export function stepView<T>(job: Job, name: string): StepView<T> {
  const record: StepRecord | undefined = job.steps[name];
  if (record?.status === 'succeeded') return record.result as T;
  if (record?.status === 'failed') {
    const retrying = job.status !== 'dead' && job.status !== 'succeeded';
    return { status: 'failed', reason: record.error?.message ?? 'failed', ...(record.error?.code ? { code: record.error.code } : {}), retrying };
  }
  return { status: 'pending' };
}

/** A job's text step as a view, with what the provider last reported about the message it sent. */
export function smsView(job: Job, deliveries: ReadonlyMap<string, Delivery>): StepView<ChannelOutcome> {
  const view = stepView<ChannelOutcome>(job, stepNames.sms);
  const delivery = deliveries.get(job.id);
  return view.status === 'sent' && delivery ? { ...view, delivery } : view;
}

/** All changes of an appointment, in order (keys `change:<id>:1`, `:2`, …). */
export async function loadChanges(rt: AppointmentRuntime, appointmentId: string): Promise<Job<AppointmentJobInput>[]> {
  const changes: Job<AppointmentJobInput>[] = [];
  for (let sequence = 1; sequence < 10_000; sequence++) {
    const job = await rt.store.getByKey(rt.pipelineName, changeKey(appointmentId, sequence));
    if (!job) break;
    changes.push(job as Job<AppointmentJobInput>);
  }
  return changes;
}

function changeView(job: Job<AppointmentJobInput>, deliveries: ReadonlyMap<string, Delivery>): AppointmentChange | undefined {
  const input = job.input as AppointmentJobInput | null; // null once retention scrubbed it
  if (input?.kind !== 'reschedule' && input?.kind !== 'cancel') return undefined;
  const calendar = stepView<CalendarOutcome>(job, input.kind === 'reschedule' ? stepNames.reschedule : stepNames.cancel);
  const status: AppointmentChange['status'] =
    calendar.status === 'pending' ? (job.status === 'dead' ? 'failed' : 'pending') : calendar.status === 'conflict' ? 'conflict' : calendar.status === 'failed' && 'retrying' in calendar && calendar.retrying ? 'pending' : 'applied';
  return {
    id: job.id,
    kind: input.kind,
    sequence: input.sequence,
    status,
    start: input.start,
    end: input.end,
    calendar,
    sms: smsView(job, deliveries),
    email: stepView(job, stepNames.email),
    createdAt: new Date(job.createdAt).toISOString(),
  };
}

/**
 * Builds the view of a booking job and its changes; `undefined` when the job is not a booking.
 * `deliveries` holds, by job id, what the provider reported about each job's text.
 */
export function appointmentView(
  rt: AppointmentRuntime,
  job: Job<AppointmentJobInput>,
  changeJobs: Job<AppointmentJobInput>[],
  deliveries: ReadonlyMap<string, Delivery> = new Map(),
): Appointment | undefined {
  const input = job.input;
  if (input.kind !== 'booking') return undefined;
  const { booking } = input;
  const changes = changeJobs.map((change) => changeView(change, deliveries)).filter((change): change is AppointmentChange => change !== undefined);
  const applied = changes.filter((change) => change.status === 'applied');
  const moved = applied.filter((change) => change.kind === 'reschedule').at(-1);
  const cancelled = applied.some((change) => change.kind === 'cancel');
  const start = moved?.start ?? booking.start;
  const end = moved?.end ?? booking.end;
  const calendar = stepView<CalendarOutcome>(job, stepNames.booking);
  return {
    id: job.id,
    status: cancelled ? 'cancelled' : bookingStatus(job, calendar),
    source: input.source,
    customer: { ...(booking.name ? { name: booking.name } : {}), phone: booking.phone, ...(booking.email ? { email: booking.email } : {}) },
    start,
    end,
    appointmentTime: toZonedIso(Date.parse(start), rt.schedule.timeZone),
    timeZone: rt.schedule.timeZone,
    customerTimeZone: booking.customerTimeZone,
    ...(booking.summary ? { summary: booking.summary } : {}),
    ...(booking.intent ? { intent: booking.intent } : {}),
    ...(booking.conversationId ? { conversationId: booking.conversationId } : {}),
    calendar,
    sms: smsView(job, deliveries),
    email: stepView(job, stepNames.email),
    changes,
    job: { id: job.id, status: job.status, attempts: job.attempts, ...(job.error ? { error: job.error } : {}) },
    createdAt: new Date(job.createdAt).toISOString(),
  };
}

function bookingStatus(job: Job, calendar: StepView<CalendarOutcome>): AppointmentStatus {
  switch (calendar.status) {
    case 'created':
    case 'skipped':
      return 'booked';
    case 'conflict':
      return 'conflict';
    case 'failed':
      return 'retrying' in calendar && calendar.retrying ? 'pending' : 'failed';
    default:
      return job.status === 'dead' ? 'failed' : 'pending';
  }
}

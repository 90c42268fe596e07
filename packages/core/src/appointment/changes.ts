import { CallwireError, type FieldIssue } from '../errors.js';
import { getAppointment, runAndView } from './appointments.js';
import { validationContext, type AppointmentContext } from './context.js';
import { changeKey } from './keys.js';
import type { AppointmentJobInput } from './types.js';
import { readStart } from './validate.js';
import type { Appointment } from './view.js';

/** Options of a reschedule or cancellation. */
export interface ChangeOptions {
  /** How long to wait for the calendar and notifications before answering (default: the tool deadline). */
  deadlineMs?: number | undefined;
}

type ChangeInput = Extract<AppointmentJobInput, { kind: 'reschedule' | 'cancel' }>;
type WithoutSequence<T> = T extends unknown ? Omit<T, 'sequence'> : never;

async function bookedAppointment(ctx: AppointmentContext, id: string): Promise<Appointment> {
  const appointment = await getAppointment(ctx, id);
  if (!appointment) throw new CallwireError('not_found', `No appointment ${id}.`);
  return appointment;
}

function requireBooked(appointment: Appointment, action: string): void {
  if (appointment.status === 'booked') return;
  const why = appointment.status === 'pending' ? 'is still being booked; try again in a moment' : `is ${appointment.status}`;
  throw new CallwireError('conflict', `Cannot ${action}: the appointment ${why}.`);
}

/** Stores the next change of an appointment under `change:<id>:<n>`; a concurrent change takes the next number. */
async function enqueueChange(ctx: AppointmentContext, appointment: Appointment, change: WithoutSequence<ChangeInput>) {
  for (let sequence = appointment.changes.length + 1, tries = 0; tries < 20; sequence++, tries++) {
    const input = { ...change, sequence } as ChangeInput;
    const { job, created } = await ctx.pipeline.enqueue(changeKey(appointment.id, sequence), input);
    if (created) return job;
  }
  throw new CallwireError('conflict', 'Too many concurrent changes to this appointment; try again.');
}

/**
 * Moves an appointment to `time` (ISO 8601; without an offset, business time): checks the rules
 * and the calendar, moves the event, and notifies the customer by SMS and e-mail.
 *
 * @throws CallwireError `invalid_payload` for a bad time, `not_found`, or `conflict` when not booked.
 */
export async function rescheduleAppointment(ctx: AppointmentContext, id: string, request: { time: unknown }, options: ChangeOptions = {}): Promise<Appointment> {
  const appointment = await bookedAppointment(ctx, id);
  requireBooked(appointment, 'reschedule');
  const issues: FieldIssue[] = [];
  const start = readStart(request.time, validationContext(ctx), 'time', issues);
  if (start === undefined) throw new CallwireError('invalid_payload', issues.map((issue) => issue.message).join(' '), { issues });
  const startIso = new Date(start).toISOString();
  if (startIso === appointment.start) return appointment;
  const end = new Date(start + ctx.rt.schedule.durationMinutes * 60_000).toISOString();
  const job = await enqueueChange(ctx, appointment, { kind: 'reschedule', appointmentId: id, start: startIso, end, previous: { start: appointment.start, end: appointment.end } });
  return runAndView(ctx, job.id, id, options.deadlineMs ?? ctx.toolDeadlineMs);
}

/**
 * Cancels an appointment: removes the event and notifies the customer (the e-mail carries an `.ics`
 * with METHOD:CANCEL). Cancelling a cancelled appointment returns it unchanged.
 */
export async function cancelAppointment(ctx: AppointmentContext, id: string, request: { reason?: string } = {}, options: ChangeOptions = {}): Promise<Appointment> {
  const appointment = await bookedAppointment(ctx, id);
  if (appointment.status === 'cancelled') return appointment;
  requireBooked(appointment, 'cancel');
  const job = await enqueueChange(ctx, appointment, {
    kind: 'cancel',
    appointmentId: id,
    start: appointment.start,
    end: appointment.end,
    ...(typeof request.reason === 'string' && request.reason ? { reason: request.reason.slice(0, 500) } : {}),
  });
  return runAndView(ctx, job.id, id, options.deadlineMs ?? ctx.toolDeadlineMs);
}

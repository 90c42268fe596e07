import { runInline } from '../engine/run-inline.js';
import { isScrubbed, type Job } from '../engine/types.js';
import { scrubbedError } from '../engine/scrubbed.js';
import type { AppointmentContext } from './context.js';
import { loadDeliveries } from './delivery.js';
import type { AppointmentJobInput } from './types.js';
import { appointmentView, loadChanges, type Appointment } from './view.js';

/**
 * The appointment with this id (the id of its booking job), with its reschedules and cancellation;
 * `undefined` when there is none. Throws `CallwireError('gone')` when retention removed it.
 */
export async function getAppointment(ctx: AppointmentContext, id: string): Promise<Appointment | undefined> {
  const job = (await ctx.pipeline.get(id)) as Job<AppointmentJobInput> | undefined;
  if (!job) return undefined;
  if (isScrubbed(job)) throw scrubbedError(`Appointment ${id}`, job);
  if (job.input.kind !== 'booking') return undefined;
  const changes = await loadChanges(ctx.rt, id);
  return appointmentView(ctx.rt, job, changes, await loadDeliveries(ctx.rt, [job, ...changes]));
}

/** Runs a job inline for at most `deadlineMs`, then returns the appointment it belongs to. */
export async function runAndView(ctx: AppointmentContext, jobId: string, appointmentId: string, deadlineMs: number): Promise<Appointment> {
  await runInline({ pipeline: ctx.pipeline, jobId, deadlineMs });
  const appointment = await getAppointment(ctx, appointmentId);
  if (!appointment) throw new Error(`Appointment ${appointmentId} vanished from the store.`);
  return appointment;
}

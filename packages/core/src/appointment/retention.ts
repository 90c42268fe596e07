import type { Pipeline } from '../engine/pipeline.js';
import { isScrubbed, type Job, type ScrubRequest } from '../engine/types.js';
import type { AppointmentRuntime } from './runtime.js';
import { stepNames, type AppointmentJobInput } from './types.js';
import { appointmentView, loadChanges } from './view.js';

const day = 86_400_000;

/**
 * How long the appointment pipeline keeps personal data. Two clocks: free text goes `days` after a job
 * finished; what cancelling and rescheduling need stays until the appointment is over.
 */
export interface AppointmentRetention {
  /**
   * Days after a job finished before its free text is removed: the transcript, summary, intent, the
   * customer's name, the conversation id, a cancellation's reason. `0` removes it at the next run.
   */
  days: number;
  /**
   * Days after the appointment's end (after any reschedule) before the rest goes too — the phone number,
   * e-mail address, time and calendar event id that cancelling and rescheduling need. From then on the
   * appointment answers `410 gone`. Default `0`: as soon as it is over.
   */
  afterAppointmentDays?: number | undefined;
}

/** Checks a policy given to `createAppointmentPipeline`; throws a `TypeError` naming the bad field. */
export function checkAppointmentRetention(policy: AppointmentRetention | undefined): void {
  if (policy === undefined) return;
  const days = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (!days(policy.days)) throw new TypeError('createAppointmentPipeline: option `retention.days` must be a number of days, 0 or more.');
  if (policy.afterAppointmentDays !== undefined && !days(policy.afterAppointmentDays)) {
    throw new TypeError('createAppointmentPipeline: option `retention.afterAppointmentDays` must be a number of days, 0 or more.');
  }
}

type Keep = NonNullable<ScrubRequest['keep']>;

/** What a booking or change keeps until its appointment is over; `undefined` when nothing needs keeping. */
function essentials(input: AppointmentJobInput): Keep | undefined {
  switch (input.kind) {
    case 'booking': {
      const { phone, email, start, end, customerTimeZone } = input.booking;
      return {
        input: { kind: 'booking', source: input.source, booking: { phone, ...(email ? { email } : {}), start, end, customerTimeZone } },
        steps: [stepNames.booking, stepNames.sms, stepNames.email],
      };
    }
    case 'reschedule':
    case 'cancel': {
      const { reason: _reason, ...kept } = input as Extract<AppointmentJobInput, { kind: 'cancel' }>;
      return { input: kept, steps: [stepNames.reschedule, stepNames.cancel, stepNames.sms, stepNames.email] };
    }
    default:
      return undefined;
  }
}

/** Every job of one pipeline and status, newest first, a page at a time. */
async function* jobsOf(pipeline: Pipeline, status: 'succeeded' | 'dead'): AsyncGenerator<Job> {
  let before: string | undefined;
  for (;;) {
    const page = await pipeline.store.list({ pipeline: pipeline.name, status, limit: 500, ...(before ? { before } : {}) });
    yield* page;
    if (page.length < 500) return;
    before = page[page.length - 1]!.id;
  }
}

/**
 * Retention of the appointment pipeline (`retention` of `createAppointmentPipeline`): `purge()` removes free
 * text from jobs finished `days` ago, keeping what cancel and reschedule need, and removes that too once the
 * appointment is `afterAppointmentDays` in the past. Only this pipeline's jobs are touched. It reads every
 * finished job of the pipeline (a page of 500 at a time) and writes only those it changes; the worker runs it
 * hourly. Returns how many jobs it scrubbed (fully or partly).
 */
export function createAppointmentRetention(rt: AppointmentRuntime, pipeline: Pipeline<AppointmentJobInput>, policy: AppointmentRetention | undefined): { purge(): Promise<number> } {
  checkAppointmentRetention(policy);
  const purge = async (): Promise<number> => {
    if (!policy) return 0;
    const now = pipeline.clock();
    const finishedBefore = now - policy.days * day;
    const overBefore = now - (policy.afterAppointmentDays ?? 0) * day;
    const scrub = (jobId: string, keep?: Keep) => pipeline.store.scrub({ pipeline: pipeline.name, finishedBefore, now, jobId, ...(keep ? { keep } : {}) });
    let count = 0;
    for (const status of ['succeeded', 'dead'] as const) {
      for await (const job of jobsOf(pipeline, status)) {
        if (job.finishedAt === undefined || job.finishedAt >= finishedBefore || isScrubbed(job)) continue;
        const input = job.input as AppointmentJobInput;
        const keep = essentials(input);
        if (input.kind === 'booking') {
          const changes = await loadChanges(rt, job.id);
          const view = appointmentView(rt, job as Job<AppointmentJobInput>, changes);
          if (view && Date.parse(view.end) <= overBefore) {
            count += await scrub(job.id);
            for (const change of changes) if (!isScrubbed(change)) count += await scrub(change.id);
            continue;
          }
        } else if (input.kind === 'reschedule' || input.kind === 'cancel') {
          const booking = await pipeline.store.get(input.appointmentId);
          if (!booking || isScrubbed(booking)) {
            count += await scrub(job.id);
            continue;
          }
        }
        if (!keep) count += await scrub(job.id);
        else if (job.scrubbedAt === undefined) count += await scrub(job.id, keep);
      }
    }
    return count;
  };
  return { purge };
}

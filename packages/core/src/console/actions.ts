import { html, type SafeHtml } from '../appointment/html.js';
import { isScrubbed, type Job } from '../engine/types.js';
import type { HandlerPipeline } from '../http/builtin-routes.js';
import type { ViewContext } from './context.js';
import type { Section } from './layout.js';
import { isAppointmentPipeline, isCallPipeline } from './pipelines.js';

/** An operator action: confirmed on its own page (`GET …/<name>`), done by a POST with the CSRF token. */
export interface ConsoleAction {
  name: 'redrive' | 'repost' | 'cancel';
  /** The list the action's page belongs to; its URL is `<console>/<section>/<job id>/<name>`. */
  section: Section;
  label: string;
  /** What the confirmation page says will happen. */
  explanation: string;
  danger: boolean;
  /** Why the action cannot run on this job now, or `undefined` when it can. */
  unavailable(job: Job, pipeline: HandlerPipeline): Promise<string | undefined> | string | undefined;
  run(job: Job, pipeline: HandlerPipeline): Promise<unknown>;
}

/** Why a job cannot be retried by an operator: retention removed its data, or it is not dead or failed. */
const redrivable = (job: Job) =>
  job.scrubbedAt !== undefined
    ? `Retention removed this job's data on ${new Date(job.scrubbedAt).toISOString()}; it cannot be re-driven.`
    : job.status === 'dead' || job.status === 'failed'
      ? undefined
      : `The job is ${job.status}; only dead or failed jobs can be re-driven.`;

/** Steps of the call pipeline that post to Slack: `post-slack`, then `post-slack-2`, … for long transcripts. */
const slackSteps = (job: Job) => Object.keys(job.steps).filter((name) => /^post-slack(-\d+)?$/.test(name));

/** The console's actions. */
export const consoleActions: readonly ConsoleAction[] = [
  {
    name: 'redrive',
    section: 'jobs',
    label: 'Re-drive job',
    explanation: 'The job is queued again with its attempts reset. Steps that already succeeded are kept and not redone; the failed step runs again.',
    danger: false,
    unavailable: (job) => redrivable(job),
    run: (job, pipeline) => pipeline.redrive(job.id),
  },
  {
    name: 'repost',
    section: 'calls',
    label: 'Re-post to Slack',
    explanation: 'The call is re-driven with its Slack post reset: the recording and transcript are reused, and the minutes are posted to Slack again (another message if one was already posted).',
    danger: false,
    unavailable: (job, pipeline) => (isCallPipeline(pipeline) ? redrivable(job) : 'This job is not a call.'),
    run: (job, pipeline) => pipeline.redrive(job.id, { resetSteps: ['post-slack', ...slackSteps(job)] }),
  },
  {
    name: 'cancel',
    section: 'appointments',
    label: 'Cancel appointment',
    explanation: 'The calendar event is removed and the customer is told by SMS and e-mail that the appointment is cancelled. This cannot be undone.',
    danger: true,
    async unavailable(job, pipeline) {
      if (!isAppointmentPipeline(pipeline)) return 'This job is not an appointment.';
      if (isScrubbed(job)) return 'Retention removed this appointment: it is over.';
      const appointment = await pipeline.getAppointment(job.id);
      if (!appointment) return 'This job is not a booking.';
      return appointment.status === 'booked' ? undefined : `The appointment is ${appointment.status}; only booked appointments can be cancelled.`;
    },
    run: (job, pipeline) => (isAppointmentPipeline(pipeline) ? pipeline.cancel(job.id) : Promise.resolve()),
  },
];

/** The URL of an action's confirmation page (and of its POST). */
export const actionPath = (ctx: ViewContext, action: ConsoleAction, job: Job) => `${ctx.frame.base}/${action.section}/${encodeURIComponent(job.id)}/${action.name}`;

/** Links to the confirmation pages of the actions available on a job. */
export async function availableActions(ctx: ViewContext, job: Job, pipeline: HandlerPipeline | undefined, only?: readonly ConsoleAction['name'][]): Promise<SafeHtml> {
  if (!pipeline) return html``;
  const links: SafeHtml[] = [];
  for (const action of consoleActions) {
    if (only && !only.includes(action.name)) continue;
    if ((await action.unavailable(job, pipeline)) !== undefined) continue;
    links.push(html`<a class="button${action.danger ? ' danger' : ''}" href="${actionPath(ctx, action, job)}">${action.label}…</a>`);
  }
  return links.length > 0 ? html`<div class="actions" role="group" aria-label="Actions">${links}</div>` : html``;
}

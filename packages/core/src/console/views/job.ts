import { html, type SafeHtml } from '../../appointment/html.js';
import { isScrubbed, type Job, type JobWait, type StepRecord } from '../../engine/types.js';
import { noticeFor, type ViewContext } from '../context.js';
import { availableActions } from '../actions.js';
import { badge, duration, errorBox, facts, when } from '../format.js';
import { page } from '../layout.js';
import { isAppointmentPipeline, isCallPipeline } from '../pipelines.js';

/** A job's facts, its actions, and its step timeline (attempts, durations, errors with the provider's message). */
export async function jobPage(ctx: ViewContext, job: Job, url: URL): Promise<Response> {
  const pipeline = ctx.pipelines.find((p) => p.name === job.pipeline);
  const related = pipeline && isCallPipeline(pipeline)
    ? html`<a href="${ctx.frame.base}/calls/${encodeURIComponent(job.id)}">Call and Slack preview</a>`
    : pipeline && isAppointmentPipeline(pipeline) && !isScrubbed(job) && (job.input as { kind?: string } | null)?.kind === 'booking'
      ? html`<a href="${ctx.frame.base}/appointments/${encodeURIComponent(job.id)}">Appointment</a>`
      : undefined;
  const notice = noticeFor(url);
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<div class="card">${facts([
    ['Status', badge(job.status)],
    ['Pipeline', job.pipeline],
    ['Key', html`<code>${job.key}</code>`],
    ['Attempts', `${job.attempts} of ${job.maxAttempts}`],
    ['Created', when(job.createdAt)],
    ['Updated', when(job.updatedAt)],
    ['Waiting for', job.status === 'waiting' && job.wait ? waitingFor(job.wait) : undefined],
    ['Next run', job.status === 'queued' || job.status === 'failed' || job.status === 'waiting' ? when(job.runAt) : undefined],
    ['Finished', job.finishedAt === undefined ? undefined : when(job.finishedAt)],
    ['Data removed', job.scrubbedAt === undefined ? undefined : html`${when(job.scrubbedAt)} by the retention policy${isScrubbed(job) ? '' : ' (what the pipeline still needs is kept)'}`],
    ['See also', related],
  ])}${errorBox(job.error)}</div>
${await availableActions(ctx, job, pipeline)}
<h2 id="timeline-h">Step timeline</h2>
${timeline(job)}`;
  return page({ ...ctx.frame, section: 'jobs' }, `Job ${job.id}`, body);
}

/** What a waiting job waits for, in words. */
export function waitingFor(wait: JobWait): SafeHtml {
  switch (wait.kind) {
    case 'sleep':
      return html`the end of the sleep <code>${wait.step}</code> at ${when(wait.until)}`;
    case 'event':
      return html`the event <code>${wait.key ?? ''}</code> (step <code>${wait.step}</code>), or its timeout at ${when(wait.until)}`;
    case 'not-ready':
      return html`step <code>${wait.step}</code> to be ready${wait.since === undefined ? '' : html` (not ready since ${when(wait.since)})`}; next check at ${when(wait.until)}`;
  }
}

/** The steps in the order they ran. */
function timeline(job: Job): SafeHtml {
  const steps = Object.entries(job.steps).sort(([, a], [, b]) => a.startedAt - b.startedAt);
  if (steps.length === 0) return html`<p class="card muted">No step has run yet.</p>`;
  return html`<ol class="timeline card" aria-labelledby="timeline-h">${steps.map(([name, step]) => stepItem(name, step))}</ol>`;
}

function stepItem(name: string, step: StepRecord): SafeHtml {
  return html`<li class="${step.status}"><strong>${name}</strong> ${badge(step.status)}
<div class="muted">${step.attempts} ${step.attempts === 1 ? 'run' : 'runs'} · last started ${when(step.startedAt)} · took ${duration(step.finishedAt - step.startedAt)}</div>
${sideEffectNote(step)}${errorBox(step.error)}</li>`;
}

/** What a side-effect step's record says about its effect: pending, confirmed after a crash, or possibly repeated. */
function sideEffectNote(step: StepRecord): SafeHtml | string {
  const notes: Array<SafeHtml | string> = [];
  if (step.status === 'intent') notes.push(html`provider call begun at ${when(step.intentAt)}; its outcome is not recorded yet`);
  else if (step.intentAt !== undefined) notes.push(html`the provider may have acted at ${when(step.intentAt)}: confirmed before it runs again`);
  if (step.confirmed) notes.push('an interrupted run was confirmed done by the provider; not repeated');
  if (step.maybeDuplicated) notes.push(html`<strong>possibly duplicated</strong>: run again ${step.maybeDuplicated} ${step.maybeDuplicated === 1 ? 'time' : 'times'} after an interrupted run it could not confirm`);
  return notes.length === 0 ? '' : html`<div class="side-effect">${notes.map((note) => html`<div>${note}</div>`)}</div>`;
}

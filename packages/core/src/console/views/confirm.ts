import { html } from '../../appointment/html.js';
import type { Job } from '../../engine/types.js';
import { actionPath, type ConsoleAction } from '../actions.js';
import type { ViewContext } from '../context.js';
import { badge, facts, when } from '../format.js';
import { page } from '../layout.js';

/** Where a job's page is in the action's section. */
export const subjectPath = (ctx: ViewContext, action: ConsoleAction, job: Job) => `${ctx.frame.base}/${action.section}/${encodeURIComponent(job.id)}`;

/**
 * The confirmation of an action: what will happen, and a form that POSTs it with the CSRF token.
 * Works without JavaScript; when the action is not available now, says why instead of offering it.
 */
export function confirmPage(ctx: ViewContext, action: ConsoleAction, job: Job, unavailable: string | undefined): Response {
  const summary = facts([
    ['Job', html`<code>${job.id}</code>`],
    ['Pipeline', job.pipeline],
    ['Status', badge(job.status)],
    ['Updated', when(job.updatedAt)],
  ]);
  const back = subjectPath(ctx, action, job);
  const form = unavailable
    ? html`<p class="error" role="alert">${unavailable}</p><p><a href="${back}">Back</a></p>`
    : html`<form method="post" action="${actionPath(ctx, action, job)}">
<input type="hidden" name="csrf" value="${ctx.frame.csrf}">
<div class="actions"><button type="submit"${action.danger ? html` class="danger"` : ''}>Yes, ${action.label.toLowerCase()}</button><a class="button secondary" href="${back}">No, go back</a></div>
</form>`;
  const body = html`<div class="card">${summary}</div><p>${action.explanation}</p>${form}`;
  return page({ ...ctx.frame, section: action.section }, `${action.label}?`, body, unavailable ? 409 : 200);
}

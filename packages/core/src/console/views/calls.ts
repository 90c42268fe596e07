import { html, type SafeHtml } from '../../appointment/html.js';
import type { CallPipeline } from '../../call/pipeline.js';
import type { CallInput } from '../../call/types.js';
import type { Job } from '../../engine/types.js';
import { formatMinutesForSlack } from '../../providers/slack/format-minutes.js';
import { formatDuration } from '../../providers/slack/mrkdwn.js';
import { availableActions } from '../actions.js';
import { renderSlackMessage } from '../block-kit.js';
import { noticeFor, type ViewContext } from '../context.js';
import { badge, errorBox, facts, table, when, type Cell } from '../format.js';
import { page } from '../layout.js';

const slackStatus = (job: Job): string => job.steps['post-slack']?.status ?? (job.status === 'dead' ? 'not posted' : 'pending');

/** The newest calls of every call pipeline: direction, agent, department and whether Slack got the minutes. */
export async function callsPage(ctx: ViewContext, pipelines: readonly CallPipeline[]): Promise<Response> {
  const rows: Cell[][] = [];
  for (const pipeline of pipelines) {
    for (const job of (await ctx.store.list({ pipeline: pipeline.name, limit: ctx.pageSize })) as Job<CallInput>[]) {
      const minutes = pipeline.minutes(job);
      rows.push([
        html`<a class="mono" href="${ctx.frame.base}/calls/${encodeURIComponent(job.id)}">${job.key}</a>`,
        `${minutes?.direction ?? '—'}${minutes?.missed ? ' (missed)' : ''}`,
        minutes?.agent.name ?? 'Unassigned',
        minutes?.department ?? '—',
        when(job.input?.startedAt ?? job.createdAt),
        badge(job.status),
        badge(slackStatus(job).replace(' ', '-')),
      ]);
    }
  }
  const body = table('Calls, newest first', ['Call', 'Direction', 'Agent', 'Department', 'Started', 'Job', 'Slack post'], rows, 'No calls yet.');
  return page({ ...ctx.frame, section: 'calls' }, 'Calls', body);
}

/** One call: its facts, actions, and the Slack message drawn from the Block Kit the notifier posts. */
export async function callPage(ctx: ViewContext, pipeline: CallPipeline, job: Job<CallInput>, url: URL): Promise<Response> {
  const minutes = pipeline.minutes(job);
  const notice = noticeFor(url);
  const details = minutes
    ? facts([
        ['Call id', html`<code>${minutes.callId}</code>`],
        ['Direction', `${minutes.direction}${minutes.missed ? ' (missed)' : ''}`],
        ['Agent', minutes.agent.name ?? 'Unassigned'],
        ['Department', minutes.department],
        ['Duration', minutes.durationSeconds === undefined ? undefined : formatDuration(minutes.durationSeconds)],
        ['Started', minutes.timestamp ? when(minutes.timestamp) : undefined],
        ['Job', html`<a href="${ctx.frame.base}/jobs/${encodeURIComponent(job.id)}">${job.id}</a> ${badge(job.status)}`],
        ['Slack post', badge(slackStatus(job).replace(' ', '-'))],
      ])
    : html`<p class="muted">This call's payload was removed by the retention policy.</p>`;
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<div class="card">${details}${errorBox(job.error)}</div>
${await availableActions(ctx, job, pipeline, ['repost', 'redrive'])}
<h2 id="preview-h">Slack message preview</h2>
${minutes ? slackPreview(formatMinutesForSlack(minutes)) : html`<p class="card muted">Nothing to preview.</p>`}`;
  return page({ ...ctx.frame, section: 'calls' }, `Call ${job.key}`, body);
}

function slackPreview(messages: ReturnType<typeof formatMinutesForSlack>): SafeHtml {
  return html`<p class="muted">Drawn from the Block Kit JSON that <code>formatMinutesForSlack</code> builds for this call${messages.length > 1 ? ` (${messages.length} messages)` : ''}.</p>
<section class="sk-frame" aria-labelledby="preview-h">${messages.map((message) => renderSlackMessage(message))}</section>
<details class="card"><summary>Block Kit JSON</summary><pre class="sk-pre"><code>${JSON.stringify(messages, null, 2)}</code></pre></details>`;
}

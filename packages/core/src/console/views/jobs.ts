import { html } from '../../appointment/html.js';
import { jobStatuses, type Job, type JobStatus } from '../../engine/types.js';
import type { ViewContext } from '../context.js';
import { badge, table, when } from '../format.js';
import { page } from '../layout.js';

/** The filters of the jobs list; values that name no status or mounted pipeline are ignored. */
export function jobFilters(url: URL, pipelineNames: readonly string[]) {
  const status = url.searchParams.get('status') ?? '';
  const pipeline = url.searchParams.get('pipeline') ?? '';
  const before = url.searchParams.get('before') ?? '';
  return {
    status: jobStatuses.includes(status as JobStatus) ? (status as JobStatus) : undefined,
    pipeline: pipelineNames.includes(pipeline) ? pipeline : undefined,
    before: /^[\w.:-]{1,128}$/.test(before) ? before : undefined,
  };
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** The jobs page: counts by status (each a filter link), a filter form, and the newest jobs. */
export async function jobsPage(ctx: ViewContext, url: URL): Promise<Response> {
  const names = ctx.pipelines.map((p) => p.name);
  const filters = jobFilters(url, names);
  const [stats, jobs] = await Promise.all([ctx.store.stats(), ctx.store.list({ ...filters, limit: ctx.pageSize })]);
  const counts = filters.pipeline ? (stats.byPipeline[filters.pipeline] ?? stats.byStatus) : stats.byStatus;
  const total = jobStatuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  const base = `${ctx.frame.base}/jobs`;
  const countLinks = [
    html`<li><a href="${base}${query({ pipeline: filters.pipeline })}"${filters.status ? '' : html` aria-current="true"`}><span>all</span><strong>${total}</strong></a></li>`,
    ...jobStatuses.map(
      (status) =>
        html`<li><a href="${base}${query({ pipeline: filters.pipeline, status })}"${filters.status === status ? html` aria-current="true"` : ''}><span>${status}</span><strong>${counts[status] ?? 0}</strong></a></li>`,
    ),
  ];
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const form = html`<form class="filters" method="get" action="${base}">
<div><label for="f-pipeline">Pipeline</label><select id="f-pipeline" name="pipeline">${option('', 'All pipelines', !filters.pipeline)}${names.map((n) => option(n, n, filters.pipeline === n))}</select></div>
<div><label for="f-status">Status</label><select id="f-status" name="status">${option('', 'Any status', !filters.status)}${jobStatuses.map((s) => option(s, s, filters.status === s))}</select></div>
<div><button type="submit">Show jobs</button></div>
</form>`;
  const rows = jobs.map((job) => jobRow(ctx, job));
  const older = jobs.length === ctx.pageSize ? html`<p class="pager"><a href="${base}${query({ ...filters, before: jobs.at(-1)!.id })}">Older jobs</a></p>` : '';
  const caption = `${filters.status ?? 'All'} jobs${filters.pipeline ? ` of ${filters.pipeline}` : ''}, newest first`;
  const body = html`<h2 id="counts-h">Jobs by status</h2><ul class="counts" aria-labelledby="counts-h">${countLinks}</ul>${form}${table(caption, ['Job', 'Pipeline', 'Status', 'Attempts', 'Last error', 'Updated'], rows, 'No jobs match these filters.')}${older}`;
  return page({ ...ctx.frame, section: 'jobs' }, 'Jobs', body);
}

function jobRow(ctx: ViewContext, job: Job) {
  return [
    html`<a class="mono" href="${ctx.frame.base}/jobs/${encodeURIComponent(job.id)}">${job.id}</a>`,
    job.pipeline,
    job.status === 'waiting' && job.wait ? html`${badge(job.status)} <span class="muted">${job.wait.kind} until ${when(job.wait.until)}</span>` : badge(job.status),
    { num: `${job.attempts}/${job.maxAttempts}` },
    job.error ? `${job.error.step ? `${job.error.step}: ` : ''}${job.error.message}` : '',
    when(job.updatedAt),
  ];
}

import type { AnyPipeline } from '../engine/pipeline.js';
import { isScrubbed, jobStatuses, type JobStatus, type JobStore, type StoreStats } from '../engine/types.js';
import { scrubbedError, scrubbedRedriveError } from '../engine/scrubbed.js';
import { CallwireError, type FieldIssue } from '../errors.js';
import { json, type HttpContribution, type Route, type ServiceState } from './route.js';
import { fromStore } from '../store-failure.js';
import { pathIdentifier } from '../text/identifier.js';

/** A pipeline the handler mounts: any pipeline, with routes and services when it serves HTTP. */
export type HandlerPipeline = AnyPipeline & Partial<HttpContribution>;

/** What the handler's own routes need. */
export interface BuiltinRouteOptions {
  pipelines: readonly HandlerPipeline[];
  store: JobStore;
  version: string;
  statsAuth: 'public' | 'operator';
  /** How long `/health` waits for the store, in ms. */
  healthTimeoutMs: number;
}

/** The legacy `/stats` body users' monitors read, from the `calls` pipeline when there is one. */
export function legacyStats(stats: StoreStats) {
  const counts = stats.byPipeline.calls ?? stats.byStatus;
  return {
    total_processed: jobStatuses.reduce((sum, status) => sum + counts[status], 0),
    successfully_posted: counts.succeeded,
    failed: counts.dead,
    retrying: counts.failed,
    in_progress: counts.queued + counts.running + counts.waiting,
    /** Of those in progress, the jobs parked on a wait (a sleep, an event, a step not ready yet). */
    waiting: counts.waiting,
    jobs: stats.byStatus,
    pipelines: stats.byPipeline,
  };
}


function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function listQuery(query: URLSearchParams) {
  const issues: FieldIssue[] = [];
  const status = query.get('status') ?? undefined;
  if (status !== undefined && !jobStatuses.includes(status as JobStatus)) {
    issues.push({ path: 'status', message: `must be one of ${jobStatuses.join(', ')}` });
  }
  const limitText = query.get('limit');
  const limit = limitText === null ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) issues.push({ path: 'limit', message: 'must be a whole number from 1 to 500' });
  if (issues.length > 0) throw new CallwireError('invalid_payload', 'The job query is not valid.', { issues });
  const pipeline = query.get('pipeline') ?? undefined;
  const before = query.get('before') ?? undefined;
  return { status: status as JobStatus | undefined, limit, pipeline, before };
}

/** `GET /`, `GET /health`, `GET /stats` and the operator job API (`/jobs`, `/jobs/:id`, `/jobs/:id/retry`). */
export function builtinRoutes(options: BuiltinRouteOptions): Route[] {
  const { pipelines, store } = options;
  const services = (): Record<string, ServiceState> => Object.assign({}, ...pipelines.map((p) => p.services?.() ?? {}));

  return [
    { method: 'GET', path: '/', auth: 'public', handle: async () => json({ service: 'callwire', version: options.version }) },
    {
      method: 'GET',
      path: '/health',
      auth: 'public',
      async handle() {
        const stats = await withTimeout(store.ping().then(() => store.stats()), options.healthTimeoutMs).catch(() => undefined);
        return json({
          status: stats ? 'healthy' : 'degraded',
          service: 'callwire',
          version: options.version,
          database: stats ? 'connected' : 'unreachable',
          services: services(),
          stats: stats ? legacyStats(stats) : null,
          timestamp: new Date().toISOString(),
        });
      },
    },
    {
      method: 'GET',
      path: '/stats',
      auth: options.statsAuth,
      handle: async () => json({ stats: legacyStats(await fromStore(() => store.stats())) }),
    },
    {
      method: 'GET',
      path: '/jobs',
      auth: 'operator',
      async handle({ url }) {
        const query = listQuery(url.searchParams);
        const jobs = await fromStore(() => store.list(query));
        const next = jobs.length === query.limit ? jobs[jobs.length - 1]?.id : undefined;
        return json(next === undefined ? { jobs } : { jobs, next });
      },
    },
    {
      method: 'GET',
      path: '/jobs/:id',
      auth: 'operator',
      async handle({ params }) {
        const id = pathIdentifier(params);
        const job = await fromStore(() => store.get(id));
        if (!job) throw new CallwireError('not_found', `No job ${id}.`);
        if (isScrubbed(job)) throw scrubbedError(`Job ${id} (${job.pipeline}, ${job.status})`, job);
        return json({ job });
      },
    },
    {
      method: 'POST',
      path: '/jobs/:id/retry',
      auth: 'operator',
      async handle({ params }) {
        const id = pathIdentifier(params);
        const job = await fromStore(() => store.get(id));
        if (!job) throw new CallwireError('not_found', `No job ${id}.`);
        const pipeline = pipelines.find((p) => p.name === job.pipeline);
        if (!pipeline) throw new CallwireError('not_found', `Job ${id} belongs to pipeline "${job.pipeline}", which this handler does not mount.`);
        if (job.scrubbedAt !== undefined) throw scrubbedRedriveError(job);
        if (job.status !== 'dead' && job.status !== 'failed') {
          throw new CallwireError('conflict', `Job ${id} is ${job.status}; only dead or failed jobs can be re-driven.`);
        }
        return json({ job: await fromStore(() => pipeline.redrive(id)) });
      },
    },
  ];
}

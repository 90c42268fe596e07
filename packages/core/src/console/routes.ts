import type { CallInput } from '../call/types.js';
import type { Job, JobStore } from '../engine/types.js';
import { CallwireError, isCallwireError } from '../errors.js';
import type { HandlerPipeline } from '../http/builtin-routes.js';
import type { Route, RouteInput } from '../http/route.js';
import { consoleActions, type ConsoleAction } from './actions.js';
import type { ViewContext } from './context.js';
import { readCookie, serializeCookie } from './cookie.js';
import { cssPath, redirect, type PageFrame } from './layout.js';
import type { ResolvedConsoleOptions } from './options.js';
import { isAppointmentPipeline, isCallPipeline } from './pipelines.js';
import { consoleKey, csrfMatches, csrfToken, issueSession, loginToken, loginTokenMatches, readSession, sameText, type Session } from './session.js';
import { endAllSessions, endSession, isActive, listSessions, startSession } from './sessions.js';
import { sessionsPage } from './views/sessions.js';
import { fromStore } from '../store-failure.js';
import { consoleCss, consoleIcon } from './styles.js';
import { errorPage, loginPage, setupPage } from './views/access.js';
import { appointmentPage, appointmentsPage } from './views/appointments.js';
import { callPage, callsPage } from './views/calls.js';
import { confirmPage, subjectPath } from './views/confirm.js';
import { jobPage } from './views/job.js';
import { jobsPage } from './views/jobs.js';
import { pathIdentifier } from '../text/identifier.js';
import type { SharedGuessLimiter } from '../http/shared-rate-limit.js';

/** What {@link consoleRoutes} needs from the handler. */
export interface ConsoleRouteOptions {
  pipelines: readonly HandlerPipeline[];
  store: JobStore;
  operatorSecret: string | undefined;
  /** Believe `X-Forwarded-Proto: https` for the cookie's `Secure` flag (when the handler trusts a proxy). */
  trustProxy: boolean;
  options: ResolvedConsoleOptions;
  clock?: () => number;
  /** Wrong secrets per client address (shared with the operator API); past the limit, login answers 429. */
  guesses?: SharedGuessLimiter;
}

const cookieName = 'callwire_console';


const field = (body: unknown, name: string): string | undefined => {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/** The console's routes, mounted by `createHandler({ console })` at `/console` (under the handler's `basePath`). */
export function consoleRoutes(o: ConsoleRouteOptions): Route[] {
  /**
   * Links are relative to the page (`../../console/jobs`), so the console works wherever it is mounted:
   * under `basePath`, below an Express router's mount path, or behind a proxy that strips a prefix.
   */
  const frameAt = (path: string): PageFrame => ({ title: o.options.title, base: `${'../'.repeat(path.split('/').filter(Boolean).length - 1)}console` });
  const key = o.operatorSecret ? consoleKey(o.operatorSecret) : undefined;
  const now = o.clock ?? Date.now;
  const calls = o.pipelines.filter(isCallPipeline);
  const appointments = o.pipelines.filter(isAppointmentPipeline);

  const secure = ({ url, request }: RouteInput) =>
    url.protocol === 'https:' || (o.trustProxy && request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https');
  // Set by /console/login and /console/logout only, so the cookie's default path is the console's own.
  const cookie = (input: RouteInput, value: string, maxAgeMs: number) => ({
    'set-cookie': serializeCookie(cookieName, value, { maxAgeSeconds: maxAgeMs / 1000, secure: secure(input) }),
  });
  /** The signed session of the request's cookie, when it is still active in the store (not logged out, same secret). */
  const sessionOf = async (input: RouteInput): Promise<Session | undefined> => {
    const session = key && readSession(key, readCookie(input.request.headers.get('cookie'), cookieName), now());
    if (!key || !session) return undefined;
    return (await fromStore(() => isActive(o.store, key, session, now()))) ? session : undefined;
  };

  /** A page behind the session cookie (and, for POST, the CSRF token); `CallwireError`s below 500 become error pages. */
  const guarded = (path: string, view: (input: RouteInput, ctx: ViewContext) => Promise<Response>) => async (input: RouteInput) => {
    const frame = frameAt(path);
    const base = frame.base;
    if (!key) return setupPage(frame);
    const session = await sessionOf(input);
    const post = input.request.method === 'POST';
    if (!session) return post ? errorPage(frame, 403, 'Log in again', 'Your session has ended or is not valid: log in again.') : redirect(`${base}/login`);
    if (post && !csrfMatches(key, session, field(input.body, 'csrf'))) {
      return errorPage(frame, 403, 'Refused', 'This form did not come from your console session (its CSRF token is missing or wrong). Reload the page and try again.');
    }
    const ctx: ViewContext = { frame: { ...frame, csrf: csrfToken(key, session) }, store: o.store, pipelines: o.pipelines, pageSize: o.options.pageSize, session };
    try {
      return await view(input, ctx);
    } catch (error) {
      if (isCallwireError(error) && error.status < 500) return errorPage(ctx.frame, error.status, 'Not possible', error.message);
      throw error;
    }
  };

  const jobOf = async (ctx: ViewContext, input: RouteInput): Promise<{ job: Job; pipeline: HandlerPipeline }> => {
    const job = await ctx.store.get(pathIdentifier(input.params));
    const pipeline = job && ctx.pipelines.find((p) => p.name === job.pipeline);
    if (!job || !pipeline) throw new CallwireError('not_found', 'There is no such job in the pipelines this console shows.');
    return { job, pipeline };
  };

  const actionRoutes = consoleActions.flatMap((action: ConsoleAction): Route[] => {
    const path = `/console/${action.section}/:id/${action.name}`;
    return [
      {
        method: 'GET',
        path,
        auth: 'public',
        handle: guarded(path, async (input, ctx) => {
          const { job, pipeline } = await jobOf(ctx, input);
          return confirmPage(ctx, action, job, await action.unavailable(job, pipeline));
        }),
      },
      {
        method: 'POST',
        path,
        auth: 'public',
        handle: guarded(path, async (input, ctx) => {
          const { job, pipeline } = await jobOf(ctx, input);
          const unavailable = await action.unavailable(job, pipeline);
          if (unavailable) return confirmPage(ctx, action, job, unavailable);
          await action.run(job, pipeline);
          return redirect(`${subjectPath(ctx, action, job)}?done=${action.name}`);
        }),
      },
    ];
  });

  return [
    {
      method: 'GET',
      path: `/console${cssPath()}`,
      auth: 'public',
      handle: async () => new Response(consoleCss, { headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' } }),
    },
    {
      method: 'GET',
      path: '/console/favicon.svg',
      auth: 'public',
      handle: async () => new Response(consoleIcon, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' } }),
    },
    { method: 'GET', path: '/console', auth: 'public', handle: guarded('/console', async (_, ctx) => redirect(`${ctx.frame.base}/jobs`)) },
    {
      method: 'GET',
      path: '/console/login',
      auth: 'public',
      async handle(input) {
        const frame = frameAt('/console/login');
        if (!key) return setupPage(frame);
        return (await sessionOf(input)) ? redirect(`${frame.base}/jobs`) : loginPage(frame, loginToken(key, now()));
      },
    },
    {
      method: 'POST',
      path: '/console/login',
      auth: 'public',
      async handle(input) {
        const frame = frameAt('/console/login');
        if (!key || !o.operatorSecret) return setupPage(frame);
        if (!loginTokenMatches(key, field(input.body, 'login_token'), now())) {
          return loginPage(frame, loginToken(key, now()), 'The login form expired or did not come from this console. Try again.', 403);
        }
        const client = input.ip ?? 'unknown';
        const waitMs = await o.guesses?.retryAfterMs(client);
        if (waitMs !== undefined) {
          const limited = loginPage(frame, loginToken(key, now()), 'Too many wrong secrets from this address. Wait a minute and try again.', 429);
          limited.headers.set('retry-after', String(Math.ceil(waitMs / 1000)));
          return limited;
        }
        if (!sameText(field(input.body, 'secret') ?? '', o.operatorSecret)) {
          await o.guesses?.fail(client);
          return loginPage(frame, loginToken(key, now()), 'That is not the operator secret.', 401);
        }
        const { session, value } = issueSession(key, now(), o.options.sessionMs);
        await fromStore(() => startSession(o.store, key, session, input.ip, now()));
        return redirect(`${frame.base}/jobs`, cookie(input, value, o.options.sessionMs));
      },
    },
    {
      method: 'POST',
      path: '/console/logout',
      auth: 'public',
      handle: guarded('/console/logout', async (input, ctx) => {
        await fromStore(() => endSession(o.store, ctx.session));
        return redirect(`${ctx.frame.base}/login`, cookie(input, '', 0));
      }),
    },
    {
      method: 'POST',
      path: '/console/logout-all',
      auth: 'public',
      handle: guarded('/console/logout-all', async (input, ctx) => {
        await fromStore(() => endAllSessions(o.store));
        return redirect(`${ctx.frame.base}/login`, cookie(input, '', 0));
      }),
    },
    {
      method: 'GET',
      path: '/console/sessions',
      auth: 'public',
      handle: guarded('/console/sessions', async (_, ctx) => sessionsPage(ctx, await fromStore(() => listSessions(o.store, key!, now(), ctx.session)))),
    },
    { method: 'GET', path: '/console/jobs', auth: 'public', handle: guarded('/console/jobs', (input, ctx) => jobsPage(ctx, input.url)) },
    {
      method: 'GET',
      path: '/console/jobs/:id',
      auth: 'public',
      handle: guarded('/console/jobs/:id', async (input, ctx) => jobPage(ctx, (await jobOf(ctx, input)).job, input.url)),
    },
    { method: 'GET', path: '/console/calls', auth: 'public', handle: guarded('/console/calls', (_, ctx) => callsPage(ctx, calls)) },
    {
      method: 'GET',
      path: '/console/calls/:id',
      auth: 'public',
      handle: guarded('/console/calls/:id', async (input, ctx) => {
        const { job, pipeline } = await jobOf(ctx, input);
        if (!isCallPipeline(pipeline)) throw new CallwireError('not_found', 'This job is not a call.');
        return callPage(ctx, pipeline, job as Job<CallInput>, input.url);
      }),
    },
    { method: 'GET', path: '/console/appointments', auth: 'public', handle: guarded('/console/appointments', (_, ctx) => appointmentsPage(ctx, appointments)) },
    {
      method: 'GET',
      path: '/console/appointments/:id',
      auth: 'public',
      handle: guarded('/console/appointments/:id', async (input, ctx) => {
        const { job, pipeline } = await jobOf(ctx, input);
        const appointment = isAppointmentPipeline(pipeline) ? await pipeline.getAppointment(job.id) : undefined;
        if (!appointment || !isAppointmentPipeline(pipeline)) throw new CallwireError('not_found', 'This job is not an appointment booking.');
        return appointmentPage(ctx, pipeline, appointment, input.url);
      }),
    },
    ...actionRoutes,
  ];
}

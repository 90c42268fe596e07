import packageJson from '../../package.json' with { type: 'json' };
import { resolveConsoleOptions, type ConsoleOptions } from '../console/options.js';
import { consoleRoutes } from '../console/routes.js';
import { announceJobs, type JobAnnouncer } from '../engine/announcer.js';
import { CallwireError } from '../errors.js';
import { optionError } from '../options.js';
import { createAuthorize, type AuthOptions } from './auth.js';
import { decodeUtf8, defaultMaxBodyBytes, flatRecord, parseBody } from './body.js';
import { builtinRoutes, type HandlerPipeline } from './builtin-routes.js';
import { clientIp, type TrustProxy } from './client-ip.js';
import { errorResponse } from './error-response.js';
import { fromWebRequest, serveIncoming, type IncomingServer } from './incoming.js';
import { toResponse } from './json-response.js';
import { answerWire, type WireRoute } from './route.js';
import type { GuessLimitOptions } from './rate-limit.js';
import { createSharedGuessLimiter } from './shared-rate-limit.js';
import { createRouter } from './router.js';

/** Size and time limits of {@link createHandler}. */
export interface HandlerLimits {
  /** The largest body accepted, in bytes (default 1 MiB); a larger one is refused with 413 while it is read. */
  maxBodyBytes?: number | undefined;
  /** How long `GET /health` waits for the store before answering `degraded`, in ms (default 3 000). */
  healthTimeoutMs?: number | undefined;
}

/** Where an error reported to `onError` happened. Never carries the body (it may hold phone numbers). */
export interface ErrorContext {
  method: string;
  /** The path below the base path. */
  path: string;
  /** The matched route's pattern, e.g. `/jobs/:id/retry`. */
  route?: string;
}

/** What {@link createHandler} needs. */
export interface HandlerOptions {
  /** The pipelines to serve; those with `routes()` contribute routes. They must share one store. */
  pipelines: readonly HandlerPipeline[];
  /** Secrets per route kind, IP allow-lists and the operator login. */
  auth?: AuthOptions | undefined;
  /** Request limits (body size). */
  limits?: HandlerLimits | undefined;
  /** Called with every 5xx cause (unexpected errors, store outages). A throwing `onError` is ignored. */
  onError?: ((error: unknown, context: ErrorContext) => void) | undefined;
  /** A path prefix to serve under, e.g. `/callwire` (default: the root). */
  basePath?: string | undefined;
  /** Which `X-Forwarded-For` entries to believe for the caller's address (default `false`). */
  trustProxy?: TrustProxy | undefined;
  /**
   * The limit on wrong operator secrets (operator API and console login together) per client address,
   * after `trustProxy`: past it, 429 with `Retry-After` (default 20 per minute; `false` turns it off).
   * Counted in the job store, so every process (every server, every Lambda instance) shares one count.
   *
   * @example
   * ```ts
   * createHandler({ pipelines, auth: { operatorSecret: process.env.OPERATOR_SECRET }, rateLimit: { attempts: 10, windowMs: 60_000 } });
   * ```
   */
  rateLimit?: GuessLimitOptions | false | undefined;
  /**
   * Serves the operator console, a web page of jobs, calls and appointments, at `<basePath>/console`
   * (off by default). Operators log in with `auth.operatorSecret`. See {@link ConsoleOptions}.
   *
   * @example
   * ```ts
   * createHandler({ pipelines, auth: { operatorSecret: process.env.OPERATOR_SECRET }, console: true });
   * ```
   */
  console?: boolean | ConsoleOptions | undefined;
  /**
   * Announces the jobs a request accepts or wakes (and any other job of these pipelines that becomes
   * due in this process) — e.g. `sqsAnnouncer()` from `@callwire/adapter-lambda` — and waits for the
   * announcement before the response is returned: serverless hosts freeze a function once it has
   * answered. A failed announcement is logged, never answered as an error: the job is stored, and
   * whatever runs due jobs (a worker, a scheduled function) still finds it. See `announceJobs`.
   *
   * @example
   * ```ts
   * createHandler({ pipelines, announcer: sqsAnnouncer({ queueUrl: process.env.QUEUE_URL! }) });
   * ```
   */
  announcer?: JobAnnouncer | undefined;
}

/** What an adapter knows about a request beyond the Web `Request`. */
export interface RequestContext {
  /** The connection's remote address (`req.socket.remoteAddress`, which may be `undefined`). */
  ip?: string | undefined;
  /**
   * True when a framework parsed the body before callwire and the adapter rebuilt it: its bytes may
   * differ from the sender's, so `signature` routes refuse it with a message on how to fix the setup.
   */
  bodyReconstructed?: boolean | undefined;
}

/** A Web-standard request handler: give it a `Request`, get a `Response`. It never rejects. */
export type CallwireHandler = ((request: Request, context?: RequestContext) => Promise<Response>) & {
  /** The same handler for requests that are not Web `Request`s (the Node adapters use it). */
  readonly [serveIncoming]?: IncomingServer<RequestContext>;
  /**
   * True when some route answers `pathname` (below `basePath`), whatever the method: adapters mounted in
   * an application pass every other request on to the application's own routes.
   */
  readonly serves?: (pathname: string) => boolean;
};

function normalizeBasePath(basePath = ''): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!trimmed.startsWith('/')) throw optionError('createHandler', 'basePath', `must start with "/" (got ${JSON.stringify(basePath)})`);
  return trimmed;
}

/** The path below `basePath`, or `undefined` when the request is outside it. */
function stripBasePath(pathname: string, basePath: string): string | undefined {
  if (basePath === '') return pathname || '/';
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

const empty = new Uint8Array(new ArrayBuffer(0));

/**
 * Creates callwire's HTTP handler: the pipelines' routes plus `GET /`, `/health`, `/stats` and the
 * operator job API, with body limits, auth and one error table. It speaks Web `Request`/`Response`,
 * so it runs as is in Hono, Bun, Deno and Next route handlers; use `toNodeListener` for `node:http`
 * and the adapter packages for Express and AWS Lambda.
 *
 * @example
 * ```ts
 * import { createHandler, toNodeListener } from '@callwire/core';
 * import { createServer } from 'node:http';
 *
 * const handler = createHandler({
 *   pipelines: [calls, appointments],
 *   auth: { webhookSecret: process.env.WEBHOOK_SECRET, operatorSecret: process.env.OPERATOR_SECRET },
 *   onError: (error) => console.error(error),
 * });
 * createServer(toNodeListener(handler)).listen(3000);
 * ```
 */
export function createHandler(options: HandlerOptions): CallwireHandler {
  const { pipelines } = options;
  const store = Array.isArray(pipelines) ? pipelines[0]?.store : undefined;
  if (!store) throw optionError('createHandler', 'pipelines', 'must be a list of at least one pipeline');
  if (pipelines.some((p) => p.store !== store)) throw optionError('createHandler', 'pipelines', 'must share one store');
  const maxBodyBytes = options.limits?.maxBodyBytes ?? defaultMaxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw optionError('createHandler', 'limits.maxBodyBytes', 'must be a whole number of at least 1');
  const basePath = normalizeBasePath(options.basePath);
  const guesses = options.rateLimit === false ? undefined : createSharedGuessLimiter(store, options.rateLimit);
  const authorize = createAuthorize(options.auth, guesses);
  const announcements = options.announcer ? announceJobs(pipelines, options.announcer) : undefined;
  const router = createRouter([
    ...builtinRoutes({
      pipelines,
      store,
      version: packageJson.version,
      statsAuth: options.auth?.stats ?? 'public',
      healthTimeoutMs: options.limits?.healthTimeoutMs ?? 3_000,
    }),
    ...pipelines.flatMap((pipeline) => pipeline.routes?.() ?? []),
    ...(options.console
      ? consoleRoutes({ pipelines, store, operatorSecret: options.auth?.operatorSecret, trustProxy: Boolean(options.trustProxy), options: resolveConsoleOptions(options.console), guesses })
      : []),
  ]);

  const { onError } = options;
  /** Reports a 5xx cause to `onError` with where it happened (the context is made only for an error). */
  const reporter = (method: string, path: string, route: string | undefined) => (error: unknown) => {
    onError?.(error, route === undefined ? { method, path } : { method, path, route });
  };

  const serve: IncomingServer<RequestContext> = async (incoming, context) => {
    let path = '';
    let routePath: string | undefined;
    try {
      const { pathname, headers } = incoming;
      const below = stripBasePath(pathname, basePath);
      if (below === undefined) throw new CallwireError('not_found', `No route for ${incoming.method} ${pathname}.`);
      path = below;
      const method = incoming.method.toUpperCase();
      const lookup = method === 'HEAD' ? 'GET' : method;
      const match = router.match(lookup, path);
      if (match.kind === 'none') throw new CallwireError('not_found', `No route for ${method} ${path}.`);
      if (match.kind === 'wrong-method') {
        const error = new CallwireError('method_not_allowed', `${method} is not allowed on ${path}; use ${match.allow.join(' or ')}.`);
        return errorResponse(error, reporter(incoming.method, path, routePath), { allow: match.allow.join(', ') });
      }
      const { route, params } = match;
      routePath = route.path;
      const socketIp = typeof context?.ip === 'string' ? context.ip : undefined;
      const ip = clientIp(headers, socketIp, options.trustProxy);
      const authorizing = authorize(route, headers, incoming, ip);
      if (authorizing) await authorizing;
      if (route.auth === 'signature' && context?.bodyReconstructed === true) {
        throw new CallwireError(
          'internal',
          'A body parser (such as express.json()) read this request before callwire, so the exact bytes its signature covers are gone. ' +
            'Mount callwire before the body parsers, or pass { verify: rawBodySaver } (from @callwire/adapter-express) to express.json().',
        );
      }
      const isGet = lookup === 'GET';
      const rawBytes = isGet ? empty : await incoming.readBody(maxBodyBytes);
      const rawBody = decodeUtf8(rawBytes);
      const body = isGet ? flatRecord(incoming.url.searchParams, route.auth === 'webhook' ? 'token' : undefined) : parseBody(headers.get('content-type'), rawBody);
      const input = {
        get request() {
          return incoming.request();
        },
        get url() {
          return incoming.url;
        },
        params, rawBody, rawBytes, body, ip,
      };
      const answerDirect = (route as Partial<WireRoute>)[answerWire];
      const response = answerDirect ? await answerDirect(input) : await route.handle(input);
      if (method !== 'HEAD') return response;
      const { status, statusText, headers: responseHeaders } = toResponse(response);
      return new Response(null, { status, statusText, headers: responseHeaders });
    } catch (error) {
      return errorResponse(error, reporter(incoming.method, path, routePath));
    }
  };
  const serveAnnounced: IncomingServer<RequestContext> = announcements
    ? async (incoming, context) => {
        const response = await serve(incoming, context);
        await announcements.flush();
        return response;
      }
    : serve;
  const handler = async (request: Request, context?: RequestContext) => toResponse(await serveAnnounced(fromWebRequest(request), context));
  const serves = (pathname: string) => {
    const path = stripBasePath(pathname, basePath);
    return path !== undefined && router.serves(path);
  };
  return Object.assign(handler, { [serveIncoming]: serveAnnounced, serves });
}

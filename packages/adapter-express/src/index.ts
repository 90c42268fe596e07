/**
 * @callwire/adapter-express — mount callwire in Express 4 or 5. The Node ↔ Web translation is core's
 * (`serveNodeRequest`); this file only deals with what Express adds: mount paths and body
 * parsers that ran first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHandler, serveNodeRequest, type CallwireHandler, type HandlerOptions } from '@callwire/core';

/** An Express request as the adapter reads it (Express 4 and 5 both fit). */
interface ExpressRequestLike extends IncomingMessage {
  /** Set by body parsers: the parsed body. */
  body?: unknown;
  /** Set by {@link rawBodySaver} (or frameworks such as NestJS with `rawBody: true`): the exact bytes. */
  rawBody?: unknown;
  /** Set by Express: the path callwire is mounted at (`''` at the root). */
  baseUrl?: string;
  /** Set by body-parser 1 (Express 4) once it read the stream. */
  _body?: boolean;
}

/** Express middleware: `app.use('/callwire', createExpressRouter(...))`. Fits Express 4's and 5's `RequestHandler`. */
export type CallwireExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

const encoder = new TextEncoder();

/** Flattens a parsed form (`{ Legs: [{ Status }] }` from `urlencoded({ extended: true })`) back to `Legs[0][Status]=…`. */
function formEncode(value: unknown, prefix: string, out: URLSearchParams): URLSearchParams {
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) formEncode(item, prefix ? `${prefix}[${key}]` : key, out);
  } else if (prefix) {
    out.append(prefix, value === undefined || value === null ? '' : String(value));
  }
  return out;
}

/**
 * When a body parser already read the stream, the body callwire sees: the exact bytes when they were
 * kept (`rawBody`, or a Buffer from `express.raw()`), else a re-serialisation of the parsed body,
 * which is fine for most routes but not for signatures. `undefined` when the stream is untouched.
 */
function consumedBody(req: ExpressRequestLike): { bytes: Uint8Array; exact: boolean } | undefined {
  if (req._body !== true && !req.readableEnded) return undefined;
  if (req.rawBody instanceof Uint8Array) return { bytes: req.rawBody, exact: true };
  if (typeof req.rawBody === 'string') return { bytes: encoder.encode(req.rawBody), exact: true };
  const { body } = req;
  if (body instanceof Uint8Array) return { bytes: body, exact: true };
  if (body === undefined || body === null) return { bytes: new Uint8Array(0), exact: false };
  if (typeof body === 'string') return { bytes: encoder.encode(body), exact: false };
  const form = /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
  return { bytes: encoder.encode(form ? formEncode(body, '', new URLSearchParams()).toString() : JSON.stringify(body)), exact: false };
}

/** The path of a request target (`/webhook/zapier?token=…` → `/webhook/zapier`), below Express's mount path. */
function pathnameOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://callwire.invalid').pathname;
  } catch {
    return '/';
  }
}

/**
 * Keeps the exact body bytes when `express.json()` / `express.urlencoded()` run before callwire, so
 * signature routes (ElevenLabs HMAC) still verify. Pass it as their `verify` option.
 *
 * @example
 * ```ts
 * import { rawBodySaver } from '@callwire/adapter-express';
 *
 * app.use(express.json({ verify: rawBodySaver }));
 * app.use('/callwire', createExpressRouter(handler));
 * ```
 */
export function rawBodySaver(req: IncomingMessage, _res: ServerResponse, buffer: Buffer): void {
  (req as ExpressRequestLike).rawBody = buffer;
}

/**
 * Mounts callwire's handler in Express 4 or 5, at any path (the mount path is stripped, so do not
 * also set `basePath`). Best mounted before `express.json()`; after it, callwire rebuilds the body
 * and signature routes need {@link rawBodySaver} (they answer a 500 explaining this otherwise).
 * Requests for paths callwire does not serve go on to the application's own routes (`next()`), so it can
 * be mounted at `/` in front of them. Mounted at `/`, it also leaves `GET /` (the service banner) to the
 * application; mounted at a prefix, `GET /prefix/` is the banner. The requests it serves it answers itself, never passing errors to Express.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createExpressRouter } from '@callwire/adapter-express';
 *
 * const app = express();
 * app.use('/callwire', createExpressRouter({ pipelines: [calls], auth: { webhookSecret: process.env.WEBHOOK_SECRET } }));
 * app.use(express.json()); // your own routes' parsers can come after
 * app.listen(3000);
 * ```
 */
export function createExpressRouter(handlerOrOptions: CallwireHandler | HandlerOptions): CallwireExpressMiddleware {
  const handler = typeof handlerOrOptions === 'function' ? handlerOrOptions : createHandler(handlerOrOptions);
  return (req: ExpressRequestLike, res, next) => {
    if (next && handler.serves) {
      const pathname = pathnameOf(req.url);
      if ((pathname === '/' && !req.baseUrl) || !handler.serves(pathname)) return next();
    }
    const consumed = consumedBody(req);
    void serveNodeRequest(handler, req, res, {
      ...(consumed ? { body: consumed.bytes } : {}),
      ip: req.socket.remoteAddress,
      bodyReconstructed: consumed !== undefined && !consumed.exact,
    });
  };
}

/**
 * The contract between the HTTP handler and the pipelines: each pipeline contributes its routes and
 * its health; `createHandler` does the rest (routing, body parsing and limits, auth, errors).
 */

import { jsonHeaders, newJsonResponse, toResponse, type WireAnswer } from './json-response.js';

/** Which credential a route needs. */
export type RouteAuth =
  /** Nothing (e.g. `/health`). */
  | 'public'
  /** The webhook secret when one is configured: a header, or `?token=` for senders that cannot set headers. */
  | 'webhook'
  /** The operator secret, always required. */
  | 'operator'
  /** The route verifies a signature over the raw body itself (e.g. ElevenLabs HMAC). */
  | 'signature';

/** HTTP methods callwire routes use. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler receives. */
export interface RouteInput {
  request: Request;
  url: URL;
  /** Path parameters, e.g. `{ id }` for `/call/:id`. */
  params: Record<string, string>;
  /** The body exactly as received, decoded as UTF-8, for signature checks ('' for GET). */
  rawBody: string;
  /** The body's exact bytes (empty for GET); prefer them over `rawBody` for non-UTF-8 payloads. Always set by `createHandler`. */
  rawBytes?: Uint8Array<ArrayBuffer>;
  /**
   * The body parsed by its content type (JSON, or form-urlencoded into a flat record whose keys keep
   * their brackets, e.g. `Legs[0][Status]`); for GET, the query string as a flat record.
   */
  body: unknown;
  /** The caller's address, after the handler's trusted-proxy rules. */
  ip: string | undefined;
}

/** One route a pipeline serves. Paths use `:name` parameters. */
export interface Route {
  method: RouteMethod;
  path: string;
  auth: RouteAuth;
  /** Answers the request. Throw `CallwireError` for failures; the handler maps them to statuses. */
  handle(input: RouteInput): Promise<Response>;
}

/** Whether an outside service a pipeline uses is set up. */
export type ServiceState = 'configured' | 'not configured';

/** What a pipeline offers the HTTP handler. */
export interface HttpContribution {
  routes(): Route[];
  /** Each outside service this pipeline uses, by name (e.g. `{ slack: 'configured' }`). */
  services(): Record<string, ServiceState>;
}

/**
 * A JSON response.
 *
 * @example
 * ```ts
 * const route: Route = { method: 'GET', path: '/ping', auth: 'public', handle: async () => json({ ok: true }) };
 * ```
 */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return newJsonResponse(JSON.stringify(body) ?? '', status, { ...jsonHeaders, ...headers });
}

/**
 * Where a route of callwire's own keeps the function that answers it with a {@link WireAnswer}: the handler calls
 * it instead of `handle`, so the Node path writes the answer without a Web `Response`. Internal.
 */
export const answerWire: unique symbol = Symbol('callwire.answerWire');

/** A {@link Route} that can also answer with a {@link WireAnswer}. */
export type WireRoute = Route & { readonly [answerWire]: (input: RouteInput) => Promise<WireAnswer> };

/** A route answered by `answer`; its `handle` (the public contract) gives the same answer as a `Response`. */
export function wireRoute(method: RouteMethod, path: string, auth: RouteAuth, answer: (input: RouteInput) => Promise<WireAnswer>): WireRoute {
  return { method, path, auth, handle: async (input) => toResponse(await answer(input)), [answerWire]: answer };
}

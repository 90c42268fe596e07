import { readBody } from './body.js';
import type { Answer } from './json-response.js';

/** Reads a request's headers (a Web `Headers`, or a view of Node's raw headers). */
export type HeaderReader = Pick<Headers, 'get'>;

/**
 * What the handler reads of a request, whatever it arrived as: a Web `Request`, or — on the Node
 * path, which skips building a Web `Request` unless a route asks for it — a Node `IncomingMessage`.
 */
export interface Incoming {
  method: string;
  /** The path of the URL (`url.pathname`), known without building the URL on the Node path. */
  pathname: string;
  /** The request's absolute URL (built on first use on the Node path). */
  readonly url: URL;
  headers: HeaderReader;
  /** The body's bytes, refused with 413 as soon as it passes `limit`. Read once. */
  readBody(limit: number): Promise<Uint8Array<ArrayBuffer>>;
  /** The request as a Web `Request` (built on first use on the Node path; its body already read). */
  request(): Request;
}

/**
 * Serves an {@link Incoming}; every callwire handler carries one under {@link serveIncoming}. Its answer is a
 * `Response`, or an answer of callwire's own that the Node path writes without making a `Response`.
 */
export type IncomingServer<Context> = (incoming: Incoming, context?: Context) => Promise<Answer>;

/**
 * The key under which a callwire handler exposes its {@link IncomingServer} to the Node adapters (versioned: a
 * Node adapter of another callwire version, which would not know its answers, serves the handler's Web entry).
 */
export const serveIncoming: unique symbol = Symbol.for('callwire.serveIncoming@2');

/** A Web `Request` as an {@link Incoming}. */
export function fromWebRequest(request: Request): Incoming {
  const url = new URL(request.url);
  return {
    method: request.method,
    pathname: url.pathname,
    url,
    headers: request.headers,
    readBody: (limit) => readBody(request, limit),
    request: () => request,
  };
}

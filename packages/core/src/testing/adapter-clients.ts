import type { CallwireHandler } from '../http/handler.js';
import type { WebHandler } from '../http/node.js';

/** An HTTP-like request the adapter conformance suite sends. */
export interface ConformanceRequest {
  method: string;
  /** Path and query string, base path included (e.g. `/base/echo/1?x=2`). */
  path: string;
  /** Header pairs; a name may repeat. */
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Uint8Array<ArrayBuffer>;
}

/** What came back, whatever the adapter. */
export interface ConformanceResponse {
  status: number;
  /** Lower-case names; every value of a repeated header (each `Set-Cookie` separately). */
  headers: Record<string, string[]>;
  body: Uint8Array;
}

/** Sends one request through an adapter. */
export type SendRequest = (request: ConformanceRequest) => Promise<ConformanceResponse>;

/** Reads a Web `Response` into a {@link ConformanceResponse}. */
export async function readResponse(response: Response): Promise<ConformanceResponse> {
  const headers: Record<string, string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = [value];
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

/** Builds the Web `Request` for a {@link ConformanceRequest} against `origin`. */
export function toFetchRequest(origin: string, request: ConformanceRequest): Request {
  const headers = new Headers();
  for (const [name, value] of request.headers ?? []) headers.append(name, value);
  const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(new URL(request.path, origin), { method: request.method, headers, body: hasBody ? request.body : null });
}

/**
 * A sender that calls a Web handler directly (`handler(new Request(...), { ip })`): the baseline every
 * adapter must match. The client address is `127.0.0.1` unless `context` says otherwise.
 *
 * @example
 * ```ts
 * runAdapterConformance({ name: 'fetch', describe, it, serve: async ({ makeHandler, basePath }) => ({ send: directSender(makeHandler({ basePath })) }) });
 * ```
 */
export function directSender(handler: WebHandler, context: { ip?: string } = { ip: '127.0.0.1' }): SendRequest {
  return async (request) => readResponse(await (handler as CallwireHandler)(toFetchRequest('http://localhost', request), context));
}

/**
 * A sender that uses the real `fetch` against a server at `origin` (e.g. `http://127.0.0.1:3000`).
 *
 * @example
 * ```ts
 * const server = await listen(toNodeListener(handler));
 * const send = fetchSender(server.url);
 * ```
 */
export function fetchSender(origin: string): SendRequest {
  return async (request) => readResponse(await fetch(toFetchRequest(origin, request)));
}


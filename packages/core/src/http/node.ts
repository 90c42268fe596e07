import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallwireHandler, RequestContext } from './handler.js';

/** Options of {@link toWebRequest}. */
export interface ToWebRequestOptions {
  /** The path and query to use instead of `req.url` (e.g. below a framework's mount path). */
  url?: string;
  /** Bytes to send instead of reading `req` (when a framework already consumed the stream). */
  body?: Uint8Array;
}

/** A callwire handler, or any Web fetch handler. */
export type WebHandler = CallwireHandler | ((request: Request) => Promise<Response>);

const bodiless = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * Streams a Node request body as a Web stream, with backpressure. Cancelling it (the handler refusing
 * an oversized body) stops buffering and lets the rest of the upload drain, so the answer still reaches the sender.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let detach = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onData = (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      const onEnd = () => (detach(), controller.close());
      const onError = (error: Error) => (detach(), controller.error(error));
      detach = () => {
        // keep a listener: a connection reset after this point must not become an uncaught 'error'
        req.off('data', onData).off('end', onEnd).off('error', onError).on('error', () => {});
      };
      req.on('data', onData).once('end', onEnd).once('error', onError);
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      detach();
      req.resume();
    },
  }, { highWaterMark: 16 * 1024, size: (chunk) => chunk.byteLength });
}

/**
 * Translates a Node `IncomingMessage` into a Web `Request` without buffering the body. Repeated
 * headers stay separate entries; the result is aborted when the connection closes early.
 *
 * @example
 * ```ts
 * const request = toWebRequest(req);
 * await sendWebResponse(res, await handler(request, { ip: req.socket.remoteAddress }));
 * ```
 */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions = {}): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index]!;
    if (options.body && /^(content-length|transfer-encoding)$/i.test(name)) continue;
    headers.append(name, req.rawHeaders[index + 1]!);
  }
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const host = headers.get('host') ?? 'localhost';
  const url = new URL(options.url ?? req.url ?? '/', `${encrypted ? 'https' : 'http'}://${host}`);
  const controller = new AbortController();
  req.once('close', () => {
    if (!req.complete) controller.abort();
  });
  const body = bodiless(method) ? null : (options.body ?? bodyStream(req));
  return new Request(url, { method, headers, body, signal: controller.signal, duplex: 'half' } as RequestInit);
}

/**
 * Writes a Web `Response` to a Node `ServerResponse`, streaming the body with backpressure and
 * keeping every `Set-Cookie` header. Stops reading the body if the client goes away.
 *
 * @example
 * ```ts
 * createServer(async (req, res) => sendWebResponse(res, await handler(toWebRequest(req))));
 * ```
 */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await new Promise<void>((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
    }
    res.end();
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Serves a Web handler from `node:http` (or `https`, `http2` compatibility mode): Node request in,
 * Web `Request` to the handler, Web `Response` streamed back. Written once; the Express adapter uses it too.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createHandler, toNodeListener } from '@callwire/core';
 *
 * createServer(toNodeListener(createHandler({ pipelines: [calls] }))).listen(3000);
 * ```
 */
export function toNodeListener(handler: WebHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void serveNode(handler, res, () => toWebRequest(req), { ip: req.socket.remoteAddress });
  };
}

const plainJson = { 'content-type': 'application/json; charset=utf-8' };

/**
 * Translates one request with `makeRequest`, runs `handler` and writes its answer. Never rejects: a
 * request that cannot be translated (a malformed Host) gets a 400, a handler that rejects a bare 500,
 * and a body that fails half-way closes the connection (a truncated answer, never a false success).
 *
 * @example
 * ```ts
 * // the core of an adapter for a Node framework
 * app.use((req, res) => void serveNode(handler, res, () => toWebRequest(req), { ip: req.socket.remoteAddress }));
 * ```
 */
export async function serveNode(handler: WebHandler, res: ServerResponse, makeRequest: () => Request, context: RequestContext): Promise<void> {
  let request: Request;
  try {
    request = makeRequest();
  } catch {
    res.writeHead(400, plainJson).end('{"error":"bad_request","message":"The request line or headers are malformed."}');
    return;
  }
  try {
    await sendWebResponse(res, await handler(request, context));
  } catch {
    if (res.headersSent) res.destroy();
    else res.writeHead(500, plainJson).end('{"error":"internal","message":"Internal error."}');
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallwireError } from '../errors.js';
import { tooLarge } from './body.js';
import type { CallwireHandler, RequestContext } from './handler.js';
import { serveIncoming, type HeaderReader, type Incoming } from './incoming.js';
import { jsonWireOf, WireAnswer, type Answer } from './json-response.js';

/** Options of {@link toWebRequest}. */
export interface ToWebRequestOptions {
  /** The path and query to use instead of `req.url` (e.g. below a framework's mount path). */
  url?: string | undefined;
  /** Bytes to send instead of reading `req` (when a framework already consumed the stream). */
  body?: Uint8Array | undefined;
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
  const headers = webHeaders(req, options.body !== undefined);
  const url = requestUrl(req, options.url);
  const controller = new AbortController();
  req.once('close', () => {
    if (!req.complete) controller.abort();
  });
  const body = bodiless(method) ? null : (options.body ?? bodyStream(req));
  return new Request(url, { method, headers, body, signal: controller.signal, duplex: 'half' } as RequestInit);
}

/** A Node request's headers as Web `Headers`; repeated headers stay separate entries. */
function webHeaders(req: IncomingMessage, bodyReplaced: boolean): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index]!;
    if (bodyReplaced && /^(content-length|transfer-encoding)$/i.test(name)) continue;
    headers.append(name, req.rawHeaders[index + 1]!);
  }
  return headers;
}

/** The origin of a Node request's URL: its scheme and `Host` (not checked here). */
function requestOrigin(req: IncomingMessage): string {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  return `${encrypted ? 'https' : 'http'}://${rawHeader(req, 'host') ?? 'localhost'}`;
}

/** The absolute URL of a Node request (throws on a malformed Host). */
function requestUrl(req: IncomingMessage, path: string | undefined): URL {
  return new URL(path ?? req.url ?? '/', requestOrigin(req));
}

/** A header of a Node request as `Headers.get` would answer: every entry of the name, joined by ", ". */
function rawHeader(req: IncomingMessage, name: string): string | null {
  let value: string | null = null;
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    if (req.rawHeaders[index]!.length !== name.length || req.rawHeaders[index]!.toLowerCase() !== name) continue;
    const entry = req.rawHeaders[index + 1]!.trim();
    value = value === null ? entry : `${value}, ${entry}`;
  }
  return value;
}

/** A body being read: its chunks so far and how the read ends. */
interface BodyRead {
  /** The first chunk; most bodies come in one. */
  first: Buffer | undefined;
  /** The chunks after the first. */
  more: Buffer[] | undefined;
  size: number;
  limit: number;
  /** The request the bytes are kept for. */
  incoming: NodeIncoming;
  resolve(bytes: Uint8Array<ArrayBuffer>): void;
  reject(error: unknown): void;
}

/** Where a request keeps its {@link BodyRead} while the shared listeners below read it. */
const bodyRead: unique symbol = Symbol('callwire.bodyRead');
/** `undefined`: no listeners yet; `null`: listening, no read under way. */
type ReadingRequest = IncomingMessage & { [bodyRead]?: BodyRead | null };

const ignoreError = () => {};
/** Lets a refused upload drain (not buffered) so the answer still reaches the sender. */
const drain = (req: IncomingMessage) => req.on('error', ignoreError).resume();

// One set of listeners for every request (`this` is the request): no closures made per request. They are added with
// `on`, not `once` (which wraps each in a new function), and stay: once the read ended they find no BodyRead and do nothing.
function onBodyData(this: ReadingRequest, chunk: Buffer) {
  const read = this[bodyRead];
  if (!read) return; // refused: drained, not kept
  read.size += chunk.byteLength;
  if (read.size > read.limit) endBodyRead(this, tooLarge(read.limit));
  else if (read.first === undefined) read.first = chunk;
  else (read.more ??= []).push(chunk);
}
function onBodyEnd(this: ReadingRequest) {
  const read = this[bodyRead];
  if (!read) return;
  this[bodyRead] = null;
  // One chunk is used as it came (Node hands each chunk over); several are joined.
  const whole = read.more === undefined ? read.first : Buffer.concat([read.first!, ...read.more], read.size);
  const bytes = whole === undefined ? new Uint8Array(0) : new Uint8Array(whole.buffer as ArrayBuffer, whole.byteOffset, whole.byteLength);
  read.incoming.bytes = bytes;
  read.resolve(bytes);
}
function onBodyBroken(this: ReadingRequest, cause?: unknown) {
  if (!this[bodyRead]) return;
  endBodyRead(this, new CallwireError('bad_request', 'The request body could not be read (the sender may have disconnected).', { cause }));
}
function onBodyClose(this: ReadingRequest) {
  if (!this.complete) onBodyBroken.call(this);
}
/** Stops reading and refuses the body with `error` (once: later events find no read). */
function endBodyRead(req: ReadingRequest, error: CallwireError): void {
  const read = req[bodyRead];
  if (!read) return;
  req[bodyRead] = null;
  drain(req);
  read.reject(error);
}

/**
 * Reads a Node request's body into `incoming.bytes`, refusing it with 413 as soon as it passes `limit` (a declared
 * `Content-Length` before reading). A refused upload is drained, not buffered, so the answer still reaches the sender.
 */
function readNodeBody(incoming: NodeIncoming, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const req = incoming.req;
  if (Number(req.headers['content-length'] ?? Number.NaN) > limit) {
    drain(req);
    return Promise.reject(tooLarge(limit));
  }
  if (req.readableEnded) return Promise.resolve((incoming.bytes = new Uint8Array(0)));
  return new Promise((resolve, reject) => {
    const reading = req as ReadingRequest;
    const listening = reading[bodyRead] !== undefined;
    reading[bodyRead] = { first: undefined, more: undefined, size: 0, limit, incoming, resolve, reject };
    if (!listening) req.on('data', onBodyData).on('end', onBodyEnd).on('error', onBodyBroken).on('close', onBodyClose);
  });
}

/** A Node request's headers as `Headers.get` reads them. */
class NodeHeaders implements HeaderReader {
  constructor(private readonly req: IncomingMessage) {}
  get(name: string): string | null {
    return rawHeader(this.req, name.toLowerCase());
  }
}

/**
 * A path the URL parser keeps as it is (`/`, or `/`-separated segments of letters, digits, `_`, `~` and `-`; no dot
 * segments, no escapes, no `//` host), up to an optional query.
 */
const plainPath = /^\/(?:[\w~-]+(?:\/[\w~-]*)*)?(?=\?|$)/;
/** The last origin whose URL parsed: a plain path below it parses too (the base is what can fail). */
let parsedOrigin: string | undefined;

/**
 * A Node request as the handler reads it, without building a Web `Request` (built only if a route
 * asks for `input.request`) or, for a plain path below an origin already seen, its URL (built on first use).
 * `bytes` stands in for the stream when a framework already consumed it.
 */
class NodeIncoming implements Incoming {
  readonly method: string;
  readonly headers: HeaderReader;
  pathname: string;
  bytes: Uint8Array<ArrayBuffer> | undefined;
  #url: URL | undefined;
  #path: string;
  #origin: string;
  #request: Request | undefined;

  /** Throws on a malformed request line or Host. */
  constructor(
    readonly req: IncomingMessage,
    options: ToWebRequestOptions,
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.headers = new NodeHeaders(req);
    this.bytes = options.body as Uint8Array<ArrayBuffer> | undefined;
    this.#path = options.url ?? req.url ?? '/';
    this.#origin = requestOrigin(req);
    const plain = this.#origin === parsedOrigin ? plainPath.exec(this.#path) : null;
    if (plain) {
      this.pathname = plain[0];
    } else {
      this.#url = new URL(this.#path, this.#origin);
      parsedOrigin = this.#origin;
      this.pathname = this.#url.pathname;
    }
  }

  get url(): URL {
    this.#url ??= new URL(this.#path, this.#origin);
    return this.#url;
  }

  readBody(limit: number): Promise<Uint8Array<ArrayBuffer>> {
    if (this.bytes === undefined) return readNodeBody(this, limit);
    return this.bytes.byteLength > limit ? Promise.reject(tooLarge(limit)) : Promise.resolve(this.bytes);
  }

  request(): Request {
    this.#request ??= new Request(this.url, { method: this.method, headers: webHeaders(this.req, true), body: bodiless(this.method) ? null : (this.bytes ?? null) });
    return this.#request;
  }
}

/**
 * Serves one Node request with a Web handler and writes its answer; with a callwire handler it
 * skips the Web `Request` (the fast path). Never rejects: a malformed request line or Host gets a
 * 400, a handler that rejects a bare 500, and a body that fails half-way closes the connection.
 *
 * @example
 * ```ts
 * // the core of an adapter for a Node framework
 * app.use((req, res) => void serveNodeRequest(handler, req, res, { ip: req.socket.remoteAddress }));
 * ```
 */
export function serveNodeRequest(handler: WebHandler, req: IncomingMessage, res: ServerResponse, options: ToWebRequestOptions & RequestContext = {}): Promise<void> {
  const serve = (handler as CallwireHandler)[serveIncoming];
  if (!serve) {
    const { url, body, ...context } = options;
    return serveNode(handler, res, () => toWebRequest(req, { url, body }), context);
  }
  let incoming: Incoming;
  try {
    incoming = new NodeIncoming(req, options);
  } catch {
    return Promise.resolve(refuseMalformed(res));
  }
  return answer(res, serve(incoming, options)); // the context's fields (ip, bodyReconstructed) are read by name
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
  const wire = jsonWireOf(response);
  if (wire?.headers) {
    res.writeHead(wire.status, wire.headers).end(wire.text); // made by json() and untouched: no Headers, no stream
    return;
  }
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (wire) {
    res.end(wire.text); // a body made by json(): written as the string it was made from, not read back through a stream
    return;
  }
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
    void serveNodeRequest(handler, req, res, { ip: req.socket.remoteAddress });
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
export function serveNode(handler: WebHandler, res: ServerResponse, makeRequest: () => Request, context: RequestContext): Promise<void> {
  return respond(res, () => {
    const request = makeRequest();
    return () => handler(request, context);
  });
}

/** Translates (`prepare`; a throw is a 400), runs the returned handler call and writes its answer; never rejects. */
async function respond(res: ServerResponse, prepare: () => () => Promise<Response>): Promise<void> {
  let run: () => Promise<Response>;
  try {
    run = prepare();
  } catch {
    refuseMalformed(res);
    return;
  }
  await answer(res, run());
}

/** The 400 for a request that cannot be translated (a malformed request line or Host). */
function refuseMalformed(res: ServerResponse): void {
  res.writeHead(400, plainJson).end('{"error":"bad_request","message":"The request line or headers are malformed."}');
}

/** Writes the handler's answer; a handler that rejects gets a bare 500 (or a cut connection once the answer began). */
async function answer(res: ServerResponse, response: Promise<Answer>): Promise<void> {
  try {
    const answered = await response;
    if (answered instanceof WireAnswer) res.writeHead(answered.status, answered.headers).end(answered.text);
    else await sendWebResponse(res, answered);
  } catch {
    if (res.headersSent) res.destroy();
    else res.writeHead(500, plainJson).end('{"error":"internal","message":"Internal error."}');
  }
}

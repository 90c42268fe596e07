import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { CallwireError } from '../../errors.js';
import { BodyFraming, FramingError, bodyLengthOf, parseResponseHead } from './http1-framing.js';

/** One GET sent by {@link getOverSocket}. */
export interface SocketGet {
  url: URL;
  /** The checked address to connect to (the URL's host is only named: Host header, TLS server name). */
  address: string;
  /** Request header fields beyond Host, Accept-Encoding and Connection, which are always sent. */
  headers: Record<string, string>;
  /** Idle time allowed on the connection, in ms (connecting, waiting for the answer, between body reads). */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** The answer of {@link getOverSocket}: its head, and its body still on the connection. */
export interface SocketResponse {
  status: number;
  /** Header fields, names in lower case, repeated fields joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /** The body's length when `Content-Length` framed it. */
  contentLength: number | undefined;
  /**
   * The body as a Web byte stream, read from the connection on demand: a BYOB reader gets the bytes copied
   * from the socket's one read buffer into its own view, with no allocation per read. Past `maxBytes`, the
   * stream fails with `tooLarge()`. Call once.
   */
  body(maxBytes: number, tooLarge: () => Error): ReadableStream<Uint8Array>;
  /** Closes the connection without reading the body. */
  close(): void;
}

/** Bytes of each socket read: the one buffer the connection reads into, reused for every read. */
const readBufferBytes = 64 * 1024;
/** Largest response head (status line and header fields) accepted. */
const maxHeadBytes = 64 * 1024;

const exotelError = (message: string, cause?: unknown) =>
  new CallwireError('provider_error', message, { provider: 'exotel', ...(cause === undefined ? {} : { cause }) });

/**
 * A minimal HTTP/1.1 client for one GET, on `net`/`tls` directly so that the connection reads into one
 * reused buffer (`onread`) instead of a fresh ArrayBuffer per read. Those fresh buffers are what made a
 * streamed 100 MiB recording cost ~32 MB of RSS whatever the reader did: V8 frees young array buffers only
 * once about 32 MiB of them pile up (bench `recording_rss`). It connects to `address` (TLS with certificate
 * verification, server name and identity from the URL's host, ALPN `http/1.1`), sends the GET with
 * `Connection: close` and `Accept-Encoding: identity`, parses the head (at most 64 KiB; interim 1xx
 * answers skipped) and then the body by `Content-Length`, chunked coding or the connection's end. Malformed
 * or truncated framing is a retryable `provider_error`; socket errors are passed on as they are.
 */
export function getOverSocket(request: SocketGet): Promise<SocketResponse> {
  return new Promise((resolveHead, rejectHead) => {
    const { url, address, timeoutMs, signal } = request;
    const secure = url.protocol === 'https:';
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port) || (secure ? 443 : 80);
    const readBuffer = Buffer.allocUnsafeSlow(readBufferBytes);
    const onread = { buffer: readBuffer, callback: (length: number) => onBytes(length) };
    const socket: Socket = secure
      // Node's TLSSocket takes `onread` when it makes its own socket (Node ≥ 14.5); @types/node does not list it for tls.
      ? tlsConnect({ host: address, port, ...(isIP(hostname) ? {} : { servername: hostname }), ALPNProtocols: ['http/1.1'], onread } as ConnectionOptions)
      : netConnect({ host: address, port, onread });

    let head: Buffer | undefined = Buffer.allocUnsafe(maxHeadBytes);
    let headBytes = 0;
    let framing: BodyFraming | undefined;
    // Unconsumed bytes of `readBuffer` (the socket is paused while there are some).
    let pendingFrom = 0;
    let pendingTo = 0;
    let paused = false;
    let failure: Error | undefined;
    let ended = false;
    let delivered = 0;
    let limit = { maxBytes: Number.POSITIVE_INFINITY, tooLarge: (): Error => exotelError('The recording is too large.') };
    let controller: ReadableByteStreamController | undefined;
    // The read waiting for bytes: its view, how much of it is filled, and the pull to resolve once answered.
    let waiting: { request: ReadableStreamBYOBRequest; filled: number; resolve: () => void } | undefined;

    const onAbort = () => fail(Object.assign(new Error('The operation was aborted', { cause: signal?.reason }), { name: 'AbortError', code: 'ABORT_ERR' }));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.setTimeout(timeoutMs, () => fail(new CallwireError('timeout', 'The recording server did not answer in time.', { provider: 'exotel' })));
    socket.on('error', (error) => fail(error));
    socket.on('end', onEnd);
    socket.on('close', onEnd);

    const target = `${url.pathname}${url.search}`;
    const fields = { host: url.host, ...request.headers, 'accept-encoding': 'identity', connection: 'close' };
    socket.write(`GET ${target} HTTP/1.1\r\n${Object.entries(fields).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`, 'latin1');

    /** The socket read `length` bytes into `readBuffer`: consume what can be consumed; false pauses the socket. */
    function onBytes(length: number): boolean {
      pendingFrom = 0;
      pendingTo = length;
      if (!consumeOrFail()) return false;
      paused = pendingFrom < pendingTo && !failure && !ended;
      return !paused;
    }

    /** {@link consume}, failing the response on malformed framing or a body over the limit; false when it failed. */
    function consumeOrFail(): boolean {
      try {
        consume();
        return true;
      } catch (error) {
        fail(error instanceof FramingError ? exotelError(`The recording server's answer is malformed: ${error.message}.`, error) : error);
        return false;
      }
    }

    /** Consumes pending bytes: the head first, then body bytes into the waiting read, until it or they run out. */
    function consume(): void {
      if (!framing) readHead();
      while (framing && !ended && !failure && pendingFrom < pendingTo) {
        const at = framing.step(readBuffer, pendingFrom, pendingTo);
        pendingFrom = at;
        if (framing.done) break;
        if (framing.data === 0) continue;
        if (!waiting) return;
        const { view } = waiting.request;
        if (!view) return;
        const n = Math.min(framing.data, view.byteLength - waiting.filled);
        if (delivered + n > limit.maxBytes) throw limit.tooLarge();
        readBuffer.copy(view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength), waiting.filled, at, at + n);
        framing.take(n);
        pendingFrom = at + n;
        delivered += n;
        waiting.filled += n;
        if (waiting.filled === view.byteLength) answer();
      }
      if (framing?.done) finish();
      else if (waiting && waiting.filled > 0) answer();
    }

    /** Copies pending bytes into the head until its blank line; then parses it and resolves the response. */
    function readHead(): void {
      while (!framing && pendingFrom < pendingTo && head) {
        const copied = readBuffer.copy(head, headBytes, pendingFrom, pendingTo);
        const searchFrom = Math.max(0, headBytes - 3);
        headBytes += copied;
        const end = head.subarray(0, headBytes).indexOf('\r\n\r\n', searchFrom, 'latin1');
        if (end < 0) {
          if (headBytes === maxHeadBytes) throw new FramingError(`response head over ${maxHeadBytes} bytes`);
          pendingFrom += copied;
          continue;
        }
        const consumed = end + 4 - (headBytes - copied);
        pendingFrom += consumed;
        const parsed = parseResponseHead(head.toString('latin1', 0, end));
        headBytes = 0;
        if (parsed.status < 200) continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
        const length = bodyLengthOf(parsed);
        framing = new BodyFraming(length);
        head = undefined;
        resolveHead({
          status: parsed.status,
          headers: parsed.headers,
          contentLength: length.kind === 'length' ? length.bytes : undefined,
          body: stream,
          close: () => {
            ended = true;
            release();
          },
        });
      }
    }

    /** Answers the waiting read with the bytes copied into its view so far. */
    function answer(): void {
      const current = waiting!;
      waiting = undefined;
      current.request.respond(current.filled);
      current.resolve();
    }

    /** The body has been read whole: closes the stream and the connection. */
    function finish(): void {
      if (ended) return;
      ended = true;
      release();
      if (!controller) return;
      // A read with bytes is answered before the close; one without must be answered with 0 after it.
      if (waiting && waiting.filled > 0) answer();
      controller.close();
      if (waiting) {
        const current = waiting;
        waiting = undefined;
        current.request.respond(0);
        current.resolve();
      }
    }

    /** The server ended the connection: the end of a body delimited by it, or a truncated answer. */
    function onEnd(): void {
      if (ended || failure) return;
      if (!framing) return fail(exotelError('The recording server closed the connection without answering.'));
      if (framing.length.kind === 'close') return finish();
      const missing = framing.length.kind === 'length' ? ` after ${delivered} of ${framing.length.bytes} bytes` : ' in the middle of a chunked body';
      fail(exotelError(`The recording server closed the connection${missing}; the recording is incomplete.`));
    }

    function fail(error: unknown): void {
      if (ended || failure) return;
      failure = error instanceof Error ? error : new Error(String(error));
      release();
      rejectHead(failure);
      if (controller) controller.error(failure);
      waiting?.resolve();
      waiting = undefined;
    }

    function release(): void {
      signal?.removeEventListener('abort', onAbort);
      socket.setTimeout(0);
      socket.destroy();
    }

    function stream(maxBytes: number, tooLarge: () => Error): ReadableStream<Uint8Array> {
      limit = { maxBytes, tooLarge };
      return new ReadableStream({
        type: 'bytes',
        autoAllocateChunkSize: readBufferBytes,
        start(streamController) {
          controller = streamController;
          if (failure) streamController.error(failure);
          else if (ended) streamController.close();
        },
        pull(streamController) {
          const request = streamController.byobRequest;
          if (!request || failure || ended) return;
          return new Promise<void>((resolve) => {
            waiting = { request, filled: 0, resolve };
            if (!consumeOrFail()) return;
            if (pendingFrom >= pendingTo && paused && !ended && !failure) {
              paused = false;
              socket.resume();
            }
          });
        },
        cancel() {
          ended = true;
          release();
        },
      });
    }
  });
}

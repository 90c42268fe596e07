import { finished } from 'node:stream';
import { CallwireError } from '../../errors.js';
import type { Audio, PortCallOptions, RecordingRef, RecordingSource } from '../../call/ports.js';
import { guardedGet } from './guarded-get.js';
import { sleep } from '../../call/sleep.js';

/** Exotel's recording hosts: the default `allowedHosts`. */
export const exotelRecordingHosts: readonly string[] = ['recordings.exotel.com', '*.exotel.com', '*.exotel.in'];

/** Options of {@link exotelRecordings}. */
export interface ExotelRecordingsOptions {
  apiKey: string;
  apiToken: string;
  /** Hosts that may serve recordings and receive the credentials (default {@link exotelRecordingHosts}); `host`, `host:port` or `*.suffix`. */
  allowedHosts?: readonly string[];
  /**
   * TEST ONLY — `host:port` entries allowed to resolve to private or loopback addresses, and to get
   * credentials over plain HTTP (a local fake server). Never set this in production.
   */
  allowPrivateHosts?: readonly string[];
  /** Largest recording accepted, in bytes (default 200 MiB). */
  maxBytes?: number;
  /** Redirects followed, each re-checked (default 5). */
  maxRedirects?: number;
  /** Idle timeout of a request, in ms (default 30 000). */
  timeoutMs?: number;
  /**
   * While the recording is not yet published (404; Exotel publishes 1–5 minutes after the call, at
   * worst 15), retry with doubling delays from `initialDelayMs` (default 5 000) up to `maxDelayMs`
   * (default 60 000) until `deadlineMs` (default 15 minutes) has passed.
   */
  notYetAvailable?: { initialDelayMs?: number; maxDelayMs?: number; deadlineMs?: number };
  /** Resolves hostnames (default: the system resolver); for tests. */
  resolve?: (hostname: string) => Promise<string[]>;
}


/**
 * A {@link RecordingSource} for Exotel call recordings: streamed (never buffered whole), HTTP Basic
 * credentials only to allowed hosts, private and link-local addresses refused (also after
 * redirects), a size limit, and "not yet available" answers retried with backoff to a deadline.
 *
 * @example
 * ```ts
 * const recordings = exotelRecordings({ apiKey: process.env.EXOTEL_API_KEY!, apiToken: process.env.EXOTEL_API_TOKEN! });
 * ```
 */
export function exotelRecordings(options: ExotelRecordingsOptions): RecordingSource {
  if (!options.apiKey || !options.apiToken) throw new TypeError('exotelRecordings needs apiKey and apiToken.');
  const policy = {
    allowedHosts: options.allowedHosts ?? exotelRecordingHosts,
    allowPrivateHosts: options.allowPrivateHosts ?? [],
    authorization: `Basic ${Buffer.from(`${options.apiKey}:${options.apiToken}`).toString('base64')}`,
    maxRedirects: options.maxRedirects ?? 5,
    timeoutMs: options.timeoutMs ?? 30_000,
    resolve: options.resolve,
  };
  const maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
  const retry = { initialDelayMs: 5000, maxDelayMs: 60_000, deadlineMs: 15 * 60_000, ...options.notYetAvailable };

  return {
    name: 'exotel',
    async open(ref: RecordingRef, { signal }: PortCallOptions = {}): Promise<Audio> {
      const deadline = Date.now() + retry.deadlineMs;
      for (let delay = retry.initialDelayMs; ; delay = Math.min(retry.maxDelayMs, delay * 2)) {
        const { response } = await guardedGet(ref.url, policy, signal);
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return toAudio(response, maxBytes);
        response.resume();
        if (status === 404) {
          if (Date.now() + delay > deadline) {
            throw new CallwireError('provider_error', `The recording of call ${ref.callId} is still not available after ${Math.round(retry.deadlineMs / 1000)} s.`, { provider: 'exotel', providerStatus: 404 });
          }
          await sleep(delay, signal);
          continue;
        }
        const retryable = status === 408 || status === 429 || status >= 500;
        throw new CallwireError(retryable ? 'provider_error' : 'provider_rejected', `Exotel answered ${status} for the recording of call ${ref.callId}.`, { provider: 'exotel', providerStatus: status, retryable });
      }
    },
  };
}

function toAudio(response: import('node:http').IncomingMessage, maxBytes: number): Audio {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new CallwireError('payload_too_large', `The recording is ${declared} bytes, over the ${maxBytes}-byte limit.`, { provider: 'exotel', retryable: false });
  }
  const stream = byteStream(response, maxBytes);
  return {
    stream,
    ...(response.headers['content-type'] ? { contentType: response.headers['content-type'] } : {}),
    ...(Number.isFinite(declared) ? { size: declared } : {}),
  };
}

/**
 * The response body as a Web stream without copying (Node 20's `Readable.toWeb` copies every chunk),
 * bounded by bytes (about 64 KiB queued before the socket is paused), failing past `maxBytes`.
 */
function byteStream(response: import('node:http').IncomingMessage, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: unknown) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        };
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          seen += chunk.byteLength;
          if (seen > maxBytes) {
            response.destroy();
            fail(new CallwireError('payload_too_large', `The recording is over the ${maxBytes}-byte limit.`, { provider: 'exotel', retryable: false }));
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) response.pause();
        });
        finished(response, (error) => {
          if (error) return fail(error);
          if (settled) return;
          settled = true;
          controller.close();
        });
        response.pause();
      },
      pull() {
        response.resume();
      },
      cancel() {
        settled = true;
        response.destroy();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

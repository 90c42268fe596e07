import { CallwireError } from '../../errors.js';
import { withDefaults } from '../../options.js';
import type { Audio, PortCallOptions, RecordingRef, RecordingSource } from '../../call/ports.js';
import { exotelHttpError } from './api-client.js';
import { checkRecordingsOptions } from './check-recordings-options.js';
import type { CallDetailsSource } from './call-details.js';
import { guardedGet } from './guarded-get.js';
import type { SocketResponse } from './socket-response.js';
import { exotelRecordingHosts, locateRecording, type RecordingLocation } from './recording-location.js';
import { notReady, notReadyBackoff } from '../../engine/waits.js';

export { exotelRecordingHosts } from './recording-location.js';

/**
 * The default largest recording, 3 GiB (3 221 225 472 bytes), sized for a dual-channel recording of a
 * 2-hour call. Exotel's dual-channel recordings are stereo WAV at "~20 MB per minute"
 * (https://developer.exotel.com/docs/advanced-config/call-recording-config): 120 min × 20 MB = 2.4 GB,
 * plus a third for headroom (longer calls, a higher bit rate). Telephone audio at 8 kHz, 16-bit, stereo
 * would be far less (8 000 × 2 B × 2 ch × 7 200 s ≈ 230 MB), and mono MP3 is ~1 MB per minute. The
 * body is streamed, so the limit bounds disk and upload time, not memory.
 */
export const defaultMaxRecordingBytes = 3 * 1024 ** 3;

/** Options of {@link exotelRecordings}. */
export interface ExotelRecordingsOptions {
  /** Your Exotel API key (HTTP Basic user for Exotel-hosted recordings). */
  apiKey: string;
  /** Your Exotel API token (HTTP Basic password). */
  apiToken: string;
  /**
   * Hosts that may serve recordings and receive the credentials (default {@link exotelRecordingHosts});
   * `host`, `host:port` or `*.suffix`. Exotel's S3 bucket (`exotelS3Hosts`) is always accepted too,
   * and never receives credentials, whatever this list says.
   */
  allowedHosts?: readonly string[] | undefined;
  /**
   * An Exotel Call Details client (`exotelCallDetails()`): when S3 answers 403 for a recording
   * (an expired presigned URL, or a bucket that is not public to this server), the recording's URL is
   * fetched afresh from Call Details once (its `PreSignedRecordingUrl`, else `RecordingUrl`) and tried
   * again. Without it, such a 403 fails the step at once, saying to set this option.
   */
  callDetails?: CallDetailsSource | undefined;
  /**
   * TEST ONLY — `host:port` entries allowed to resolve to private or loopback addresses; a loopback
   * address literal among them (`127.0.0.1:<port>`) may also be reached over plain HTTP, credentials
   * included (a local fake server). Never set this in production.
   */
  allowPrivateHosts?: readonly string[] | undefined;
  /**
   * TEST ONLY — `host:port` entries treated like Exotel's S3 hosts (a local fake S3 server): URLs in
   * the `/exotelrecordings/` bucket there are fetched without credentials. It can only take credentials
   * away, never add them. Never set this in production.
   */
  testS3Hosts?: readonly string[] | undefined;
  /** Largest recording accepted, in bytes (default {@link defaultMaxRecordingBytes}, 3 GiB). */
  maxBytes?: number | undefined;
  /** Redirects followed, each re-checked (default 5). */
  maxRedirects?: number | undefined;
  /** Idle timeout of a request, in ms (default 30 000). */
  timeoutMs?: number | undefined;
  /**
   * While the recording is not yet published (404; Exotel publishes 1–5 minutes after the call, at
   * worst 15), `open` throws `notReady(…)`: inside a callwire step the job parks (holding no worker, lease
   * or timer) and looks again after doubling delays from `initialDelayMs` (default 2 000) up to `maxDelayMs`
   * (default 30 000: a parked look costs one request, and a recording is found at most 30 s after Exotel publishes it), until `deadlineMs` (default 15 minutes) has passed. Callers outside a step see the
   * `NotReadyError` (`isNotReady()` from `@callwire/core`) and decide when to look again.
   */
  notYetAvailable?: {
    /** The first look again, in ms. */
    initialDelayMs?: number | undefined;
    /** The longest interval between looks, in ms. */
    maxDelayMs?: number | undefined;
    /** How long to keep looking before failing, in ms. */
    deadlineMs?: number | undefined;
  } | undefined;
  /** Resolves hostnames (default: the system resolver); for tests. */
  resolve?: ((hostname: string) => Promise<string[]>) | undefined;
}


/**
 * A {@link RecordingSource} for Exotel call recordings, from every place Exotel keeps them:
 * Exotel's hosts (`recordings.exotel.com`, `*.exotel.com`, `*.exotel.in`) with HTTP Basic credentials
 * over HTTPS; Exotel's S3 bucket (`https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/…`,
 * `s3.ap-south-1…`, and presigned URLs there) **without** credentials; `ref.presignedUrl` (Exotel's
 * `PreSignedRecordingUrl`) preferred when present. Any other host is refused. Streamed (never buffered
 * whole), private and link-local addresses refused (also after redirects), credentials dropped on a
 * redirect to another host, a size limit, "not yet available" (404) retried with backoff to a deadline,
 * and an S3 403 (expired or forbidden URL) refreshed once through Call Details when `callDetails` is set.
 * The audio's `stream` is a Web byte stream (`type: 'bytes'`) read from a socket that reads into one reused
 * buffer: a BYOB reader (`getReader({ mode: 'byob' })`, as `assemblyAITranscriber()` uses) gets the bytes
 * copied into its own buffers with no allocation per read; a default reader gets a fresh chunk per read.
 * A body shorter than its `Content-Length` or with malformed framing fails the stream (retryable).
 *
 * @example
 * ```ts
 * import { exotelCallDetails, exotelRecordings } from '@callwire/core/exotel';
 *
 * const auth = { apiKey: process.env.EXOTEL_API_KEY!, apiToken: process.env.EXOTEL_API_TOKEN! };
 * const recordings = exotelRecordings({
 *   ...auth,
 *   callDetails: exotelCallDetails({ ...auth, accountSid: 'acme1', region: 'mumbai' }),
 * });
 * ```
 */
export function exotelRecordings(options: ExotelRecordingsOptions): RecordingSource {
  checkRecordingsOptions(options);
  const hosts = {
    allowedHosts: options.allowedHosts ?? exotelRecordingHosts,
    testS3Hosts: options.testS3Hosts ?? [],
    allowPrivateHosts: options.allowPrivateHosts ?? [],
  };
  const guard = {
    allowPrivateHosts: hosts.allowPrivateHosts,
    maxRedirects: options.maxRedirects ?? 5,
    timeoutMs: options.timeoutMs ?? 30_000,
    resolve: options.resolve,
  };
  const authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiToken}`).toString('base64')}`;
  const maxBytes = options.maxBytes ?? defaultMaxRecordingBytes;
  const retry = withDefaults({ initialDelayMs: 2000, maxDelayMs: 30_000, deadlineMs: 15 * 60_000 }, options.notYetAvailable);

  /** A fresh URL for a recording S3 refused, from Call Details (once per `open`). */
  async function refreshed(ref: RecordingRef, status: number, signal?: AbortSignal): Promise<RecordingLocation> {
    if (!options.callDetails) {
      throw new CallwireError('provider_rejected', `S3 answered ${status} for the recording of call ${ref.callId} (an expired or forbidden URL); set the \`callDetails\` option of exotelRecordings() (an exotelCallDetails() client) to fetch a fresh URL.`, { provider: 'exotel', providerStatus: status, retryable: false });
    }
    const call = await options.callDetails.get(ref.callId, { signal });
    const fresh = call.PreSignedRecordingUrl ?? call.RecordingUrl;
    if (!fresh) throw new CallwireError('provider_rejected', `S3 refused the recording of call ${ref.callId} and Exotel's Call Details has no recording URL for it.`, { provider: 'exotel', providerStatus: status, retryable: false });
    return locateRecording(fresh, hosts);
  }

  return {
    name: 'exotel',
    async open(ref: RecordingRef, { signal, attempt = 1 }: PortCallOptions = {}): Promise<Audio> {
      let location = locateRecording(ref.presignedUrl ?? ref.url, hosts);
      let refreshedOnce = false;
      for (;;) {
        const { response } = await guardedGet(location.url.href, { ...guard, ...(location.kind === 'exotel' ? { authorization } : {}) }, signal);
        const { status } = response;
        if (status >= 200 && status < 300) return toAudio(response, maxBytes);
        response.close();
        if (status === 404) {
          const delay = notReadyBackoff(attempt, retry.initialDelayMs, retry.maxDelayMs);
          throw notReady(delay, { deadlineMs: retry.deadlineMs, reason: `the recording of call ${ref.callId} is not published yet (Exotel answered 404)` });
        }
        if (status === 403 && location.kind === 's3') {
          if (refreshedOnce) throw new CallwireError('provider_rejected', `S3 answered 403 for the recording of call ${ref.callId}, also with the fresh URL from Call Details.`, { provider: 'exotel', providerStatus: 403, retryable: false });
          location = await refreshed(ref, status, signal);
          refreshedOnce = true;
          continue;
        }
        throw exotelHttpError(status, `${location.kind === 's3' ? 'S3' : 'Exotel'} answered ${status} for the recording of call ${ref.callId}.`, response.headers['retry-after']);
      }
    },
  };
}

function toAudio(response: SocketResponse, maxBytes: number): Audio {
  const declared = response.contentLength;
  /** The refusal of a recording over `maxBytes`: by its declared size, or once the body passes the limit. */
  const tooLarge = (size?: number) =>
    new CallwireError('payload_too_large', `The recording is ${size === undefined ? '' : `${size} bytes, `}over the ${maxBytes}-byte limit.`, { provider: 'exotel', retryable: false });
  if (declared !== undefined && declared > maxBytes) {
    response.close();
    throw tooLarge(declared);
  }
  const contentType = response.headers['content-type'];
  return {
    // A byte stream: a BYOB reader (the AssemblyAI upload's) gets the bytes copied from the socket's one read buffer.
    stream: response.body(maxBytes, () => tooLarge()),
    ...(contentType ? { contentType } : {}),
    ...(declared !== undefined ? { size: declared } : {}),
  };
}

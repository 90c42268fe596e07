import { AssemblyAI, type PiiPolicy, type SubstitutionPolicy, type Transcript as AssemblyTranscript, type TranscriptOptionalParams } from 'assemblyai';
import { CallwireError } from '../../errors.js';
import type { Audio, PortCallOptions, SubmittedQuery, TranscribeOptions, Transcriber, TranscriptionHandle } from '../../call/ports.js';
import { findSubmittedTranscript, submissionMarker } from './find-submitted.js';
import type { Transcript } from '../../call/types.js';
import { sleep } from '../../call/sleep.js';
import { notReady, notReadyBackoff } from '../../engine/waits.js';
import { byobReaderOf, uploadByteStream } from './byte-upload.js';
import { checkAssemblyAIOptions } from './check-options.js';
import { assemblyAIHttpError, hookSdkService, inScope } from './http-errors.js';
import { transcriptCallbacks, webhookParams, type AssemblyAIWebhookOptions } from './webhook.js';

/** Options of {@link assemblyAITranscriber}. */
export interface AssemblyAITranscriberOptions {
  /** Your AssemblyAI API key. */
  apiKey: string;
  /** API origin (default `https://api.assemblyai.com`; `https://api.eu.assemblyai.com` for the EU; a local fake in tests). */
  baseUrl?: string | undefined;
  /** Detect the spoken language instead of assuming English (AssemblyAI `language_detection`). */
  languageDetection?: boolean | undefined;
  /** A fixed language, e.g. `hi` or `en_us` (AssemblyAI `language_code`). */
  languageCode?: string | undefined;
  /** Redact personal data in the transcript (AssemblyAI `redact_pii`). */
  redactPii?: {
    /** What to redact (AssemblyAI `redact_pii_policies`, e.g. `person_name`, `phone_number`). */
    policies: PiiPolicy[];
    /** What replaces it (`hash` or `entity_name`; AssemblyAI's default `hash`). */
    substitution?: SubstitutionPolicy | undefined;
  } | undefined;
  /** Any other transcript parameters, passed through as is. */
  params?: Partial<TranscriptOptionalParams> | undefined;
  /** First wait between status polls, in ms (default 3 000); doubles up to `maxPollIntervalMs`. */
  pollIntervalMs?: number | undefined;
  /** Longest wait between polls, in ms (default 20 000). */
  maxPollIntervalMs?: number | undefined;
  /** How long to wait for a transcript before failing the attempt (retryable), in ms (default 30 minutes). */
  deadlineMs?: number | undefined;
  /**
   * How long one request may take, in ms (default 30 000; the upload of a recording gets this long between
   * two chunks). A hung AssemblyAI fails the step with a retryable `timeout` instead of holding it.
   */
  requestTimeoutMs?: number | undefined;
  /**
   * Have AssemblyAI call back when a transcript is ready (its `webhook_url`), so that a job waits for it
   * parked instead of polling: `url` is where `POST /webhook/assemblyai` of your callwire handler is
   * reachable from the internet, `secret` (at least 32 characters) signs each job's callback header.
   * Without it, the job looks at the transcript itself, parked between looks.
   */
  webhook?: AssemblyAIWebhookOptions | undefined;
}


/**
 * A {@link Transcriber} on AssemblyAI (the `assemblyai` SDK). `submit` streams the recording to
 * `/v2/upload` and starts a transcript with `speaker_labels` (mono) or `multichannel` (dual-channel:
 * left agent, right customer); `check` looks once and says "not ready" while it is being made (the
 * call pipeline parks between looks), `wait` polls in the process for other callers. With `webhook`,
 * AssemblyAI calls back when the transcript is ready and the job waits for that, and a submission interrupted by a
 * crash is found again by a marker in its webhook URL (`findSubmitted`). A transcript that ends in
 * `error` fails the job with AssemblyAI's message (permanent); HTTP failures are retried.
 *
 * @example
 * ```ts
 * const transcriber = assemblyAITranscriber({
 *   apiKey: process.env.ASSEMBLYAI_API_KEY!,
 *   languageDetection: true,
 *   redactPii: { policies: ['phone_number', 'credit_card_number'] },
 * });
 * ```
 */
export function assemblyAITranscriber(options: AssemblyAITranscriberOptions): Transcriber {
  checkAssemblyAIOptions(options);
  const client = new AssemblyAI({ apiKey: options.apiKey, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  hookSdkService(client.transcripts);
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  if (!(Number.isInteger(requestTimeoutMs) && requestTimeoutMs > 0)) throw new TypeError('assemblyAITranscriber: option `requestTimeoutMs` must be a whole number of ms above 0.');
  const sdkCall = <T>(what: string, signal: AbortSignal | undefined, call: () => Promise<T>) => inScope(what, { signal, timeoutMs: requestTimeoutMs }, call);
  const firstPoll = options.pollIntervalMs ?? 3000;
  const maxPoll = options.maxPollIntervalMs ?? 20_000;
  const deadlineMs = options.deadlineMs ?? 30 * 60_000;

  const baseParams = (): Partial<TranscriptOptionalParams> => ({
    ...(options.languageDetection ? { language_detection: true } : {}),
    ...(options.languageCode ? { language_code: options.languageCode } : {}),
    ...(options.redactPii ? { redact_pii: true, redact_pii_policies: options.redactPii.policies, redact_pii_sub: options.redactPii.substitution ?? 'entity_name' } : {}),
    ...options.params,
  });

  const callbacks = options.webhook ? transcriptCallbacks(options.webhook) : undefined;

  return {
    name: 'assemblyai',
    ...(callbacks ? { callbacks } : {}),
    // The marker rides in the webhook URL, the one field of its own AssemblyAI gives back: without a webhook, nothing to find.
    ...(options.webhook
      ? {
          async findSubmitted({ submissionKey, channels, since, signal }: SubmittedQuery): Promise<TranscriptionHandle | undefined> {
            const id = await findSubmittedTranscript({
              apiKey: options.apiKey,
              baseUrl: options.baseUrl ?? 'https://api.assemblyai.com',
              marker: submissionMarker(submissionKey),
              since,
              signal,
              timeoutMs: requestTimeoutMs,
              webhookUrlOf: async (transcriptId) => {
                try {
                  return (await sdkCall('read a transcript', signal, () => client.transcripts.get(transcriptId))).webhook_url;
                } catch (error) {
                  if ((error as CallwireError).providerStatus === 404) return undefined; // deleted since it was listed: not ours to find
                  throw error;
                }
              },
            });
            return id === undefined ? undefined : { id, channels };
          },
        }
      : {}),
    async submit(audio: Audio, { channels, speakersExpected, signal, callbackKey, submissionKey }: TranscribeOptions): Promise<TranscriptionHandle> {
      signal?.throwIfAborted();
      const baseUrl = options.baseUrl ?? 'https://api.assemblyai.com';
      // A byte stream (exotelRecordings' is) is read into two reused buffers; any other goes through fetch.
      const byob = byobReaderOf(audio.stream);
      const uploadUrl = byob
        ? await uploadByteStream(options.apiKey, baseUrl, byob, { signal, idleTimeoutMs: requestTimeoutMs })
        : await upload(options.apiKey, baseUrl, audio.stream, { signal, idleTimeoutMs: requestTimeoutMs });
      const modes = channels === 2 ? { multichannel: true } : { speaker_labels: true, ...(speakersExpected ? { speakers_expected: speakersExpected } : {}) };
      const marker = submissionKey === undefined ? undefined : submissionMarker(submissionKey);
      const webhook = options.webhook && callbackKey !== undefined ? webhookParams(options.webhook, callbackKey, marker) : {};
      const transcript = await sdkCall('submit the transcript', signal, () => client.transcripts.submit({ ...baseParams(), ...modes, ...webhook, audio: uploadUrl }));
      return { id: transcript.id, channels };
    },
    async check(handle: TranscriptionHandle, { attempt = 1, signal }: PortCallOptions = {}): Promise<Transcript> {
      const transcript = await sdkCall('read the transcript', signal, () => client.transcripts.get(handle.id));
      if (transcript.status === 'completed') return toTranscript(transcript, handle.channels);
      if (transcript.status === 'error') throw failedTranscript(transcript);
      const retryInMs = notReadyBackoff(attempt, firstPoll, maxPoll);
      throw notReady(retryInMs, { deadlineMs, reason: `AssemblyAI transcript ${handle.id} is ${transcript.status}` });
    },
    async wait(handle: TranscriptionHandle, { signal }: PortCallOptions = {}): Promise<Transcript> {
      const deadline = Date.now() + deadlineMs;
      for (let delay = firstPoll; ; delay = Math.min(maxPoll, delay * 2)) {
        signal?.throwIfAborted();
        const transcript = await sdkCall('read the transcript', signal, () => client.transcripts.get(handle.id));
        if (transcript.status === 'completed') return toTranscript(transcript, handle.channels);
        if (transcript.status === 'error') throw failedTranscript(transcript);
        if (Date.now() + delay > deadline) {
          throw new CallwireError('timeout', `AssemblyAI transcript ${handle.id} was not ready within ${Math.round(deadlineMs / 1000)} s.`, { provider: 'assemblyai' });
        }
        await sleep(delay, signal);
      }
    },
  };
}

/** A transcript that ended in `error`: permanent, with AssemblyAI's message. */
function failedTranscript(transcript: AssemblyTranscript): CallwireError {
  return new CallwireError('provider_rejected', `AssemblyAI could not transcribe the recording: ${transcript.error ?? 'unknown error'}`, { provider: 'assemblyai', retryable: false });
}

/**
 * POSTs a recording that is not a byte stream to `/v2/upload`, streaming (a byte stream goes through
 * {@link uploadByteStream}, without fetch's buffer per chunk). Not `client.files.upload`: through the SDK, Node's
 * fetch clones the request for redirects, and the unread branch of the cloned body buffers the whole
 * recording in memory (100 MB of audio → 100 MB of RSS). `redirect: 'error'` with no window avoids
 * the clone. A stalled upload (no chunk for `idleTimeoutMs`) is aborted; errors are classified by status.
 */
async function upload(apiKey: string, baseUrl: string, body: ReadableStream<Uint8Array>, { signal, idleTimeoutMs }: { signal?: AbortSignal; idleTimeoutMs: number }): Promise<string> {
  const idle = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new CallwireError('timeout', 'AssemblyAI stopped taking the upload.', { provider: 'assemblyai' })), idleTimeoutMs);
    timer.unref();
  };
  touch();
  const watched = body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ transform(chunk, controller) { touch(); controller.enqueue(chunk); } }));
  try {
    const response = await fetch(new URL('/v2/upload', baseUrl), {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/octet-stream' },
      body: watched,
      duplex: 'half',
      redirect: 'error',
      window: null,
      signal: AbortSignal.any([idle.signal, ...(signal ? [signal] : [])]),
    } as RequestInit).catch((error: unknown) => {
      if (idle.signal.aborted) throw idle.signal.reason;
      throw new CallwireError('provider_error', 'AssemblyAI could not be reached to upload the recording.', { provider: 'assemblyai', cause: error });
    });
    touch();
    const text = await response.text();
    if (response.status >= 400) throw assemblyAIHttpError(response.status, text, response.headers.get('retry-after'), 'upload the recording');
    let json: { upload_url?: string } | undefined;
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      // not JSON: reported below
    }
    if (!json?.upload_url) throw new CallwireError('provider_error', `AssemblyAI's upload answered ${response.status} without an upload_url.`, { provider: 'assemblyai' });
    return json.upload_url;
  } finally {
    clearTimeout(timer);
  }
}

function toTranscript(t: AssemblyTranscript, channels: 1 | 2): Transcript {
  return {
    id: t.id,
    text: t.text ?? '',
    channels,
    utterances: (t.utterances ?? []).map((u) => ({
      speaker: u.speaker,
      ...(u.channel ? { channel: Number(u.channel) } : {}),
      text: u.text,
      start: u.start,
      end: u.end,
    })),
    ...(t.language_code ? { languageCode: t.language_code } : {}),
    ...(typeof t.audio_duration === 'number' ? { audioDurationSeconds: t.audio_duration } : {}),
  };
}

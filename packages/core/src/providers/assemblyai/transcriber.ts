import { AssemblyAI, type PiiPolicy, type SubstitutionPolicy, type Transcript as AssemblyTranscript, type TranscriptOptionalParams } from 'assemblyai';
import { CallwireError } from '../../errors.js';
import type { Audio, PortCallOptions, TranscribeOptions, Transcriber, TranscriptionHandle } from '../../call/ports.js';
import type { Transcript } from '../../call/types.js';
import { sleep } from '../../call/sleep.js';
import { notReady } from '../../engine/waits.js';
import { transcriptCallbacks, webhookParams, type AssemblyAIWebhookOptions } from './webhook.js';

/** Options of {@link assemblyAITranscriber}. */
export interface AssemblyAITranscriberOptions {
  apiKey: string;
  /** API origin (default `https://api.assemblyai.com`; `https://api.eu.assemblyai.com` for the EU; a local fake in tests). */
  baseUrl?: string;
  /** Detect the spoken language instead of assuming English (AssemblyAI `language_detection`). */
  languageDetection?: boolean;
  /** A fixed language, e.g. `hi` or `en_us` (AssemblyAI `language_code`). */
  languageCode?: string;
  /** Redact personal data in the transcript (AssemblyAI `redact_pii`). */
  redactPii?: { policies: PiiPolicy[]; substitution?: SubstitutionPolicy };
  /** Any other transcript parameters, passed through as is. */
  params?: Partial<TranscriptOptionalParams>;
  /** First wait between status polls, in ms (default 3 000); doubles up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  /** Longest wait between polls, in ms (default 20 000). */
  maxPollIntervalMs?: number;
  /** How long to wait for a transcript before failing the attempt (retryable), in ms (default 30 minutes). */
  deadlineMs?: number;
  /**
   * Have AssemblyAI call back when a transcript is ready (its `webhook_url`), so that a job waits for it
   * parked instead of polling: `url` is where `POST /webhook/assemblyai` of your callwire handler is
   * reachable from the internet, `secret` (at least 32 characters) signs each job's callback header.
   * Without it, the job looks at the transcript itself, parked between looks.
   */
  webhook?: AssemblyAIWebhookOptions;
}


/**
 * A {@link Transcriber} on AssemblyAI (the `assemblyai` SDK). `submit` streams the recording to
 * `/v2/upload` and starts a transcript with `speaker_labels` (mono) or `multichannel` (dual-channel:
 * left agent, right customer); `check` looks once and says "not ready" while it is being made (the
 * call pipeline parks between looks), `wait` polls in the process for other callers. With `webhook`,
 * AssemblyAI calls back when the transcript is ready and the job waits for that. A transcript that ends in
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
  if (!options.apiKey) throw new TypeError('assemblyAITranscriber needs an apiKey.');
  const client = new AssemblyAI({ apiKey: options.apiKey, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
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
    async submit(audio: Audio, { channels, speakersExpected, signal, callbackKey }: TranscribeOptions): Promise<TranscriptionHandle> {
      signal?.throwIfAborted();
      const uploadUrl = await sdkCall('upload the recording', () => upload(options.apiKey, options.baseUrl ?? 'https://api.assemblyai.com', audio.stream));
      const modes = channels === 2 ? { multichannel: true } : { speaker_labels: true, ...(speakersExpected ? { speakers_expected: speakersExpected } : {}) };
      const webhook = options.webhook && callbackKey !== undefined ? webhookParams(options.webhook, callbackKey) : {};
      const transcript = await sdkCall('submit the transcript', () => client.transcripts.submit({ ...baseParams(), ...modes, ...webhook, audio: uploadUrl }));
      return { id: transcript.id, channels };
    },
    async check(handle: TranscriptionHandle, { attempt = 1 }: PortCallOptions = {}): Promise<Transcript> {
      const transcript = await sdkCall('read the transcript', () => client.transcripts.get(handle.id));
      if (transcript.status === 'completed') return toTranscript(transcript, handle.channels);
      if (transcript.status === 'error') throw failedTranscript(transcript);
      const retryInMs = Math.min(maxPoll, firstPoll * 2 ** Math.min(30, attempt - 1));
      throw notReady(retryInMs, { deadlineMs, reason: `AssemblyAI transcript ${handle.id} is ${transcript.status}` });
    },
    async wait(handle: TranscriptionHandle, { signal }: PortCallOptions = {}): Promise<Transcript> {
      const deadline = Date.now() + deadlineMs;
      for (let delay = firstPoll; ; delay = Math.min(maxPoll, delay * 2)) {
        signal?.throwIfAborted();
        const transcript = await sdkCall('read the transcript', () => client.transcripts.get(handle.id));
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
 * POSTs the recording to `/v2/upload`, streaming. Not `client.files.upload`: through the SDK, Node's
 * fetch clones the request for redirects, and the unread branch of the cloned body buffers the whole
 * recording in memory (100 MB of audio → 100 MB of RSS). `redirect: 'error'` with no window avoids
 * the clone. Errors read like the SDK's (the API's `error` message).
 */
async function upload(apiKey: string, baseUrl: string, body: ReadableStream<Uint8Array>): Promise<string> {
  const response = await fetch(new URL('/v2/upload', baseUrl), {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/octet-stream' },
    body,
    duplex: 'half',
    redirect: 'error',
    window: null,
  } as RequestInit);
  const text = await response.text();
  let json: { upload_url?: string; error?: string } | undefined;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON: the status and text say what happened
  }
  if (response.status >= 400) throw new Error(json?.error ?? (text || `HTTP Error: ${response.status} ${response.statusText}`));
  if (!json?.upload_url) throw new Error(`The upload answered ${response.status} without an upload_url.`);
  return json.upload_url;
}

/** Runs an SDK call; its errors (plain `Error`s with the API's message) become retryable provider errors, auth failures permanent. */
async function sdkCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = /invalid api key|authenticat|unauthori[sz]ed|forbidden/i.test(message);
    throw new CallwireError(permanent ? 'provider_rejected' : 'provider_error', `AssemblyAI: could not ${what}: ${message}`, { provider: 'assemblyai', retryable: !permanent, cause: error });
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

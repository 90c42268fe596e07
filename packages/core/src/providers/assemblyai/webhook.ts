import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TranscriptCallbacks } from '../../call/ports.js';
import { submissionParam } from './find-submitted.js';

/** Options of AssemblyAI's transcript-ready callbacks (`assemblyAITranscriber({ webhook })`). */
export interface AssemblyAIWebhookOptions {
  /** The public URL of callwire's `POST /webhook/assemblyai` (HTTPS), e.g. `https://hooks.example.com/webhook/assemblyai`. */
  url: string;
  /** Signs each job's callback header (HMAC-SHA256 of the job's key); at least 32 characters. */
  secret: string;
  /** How long a job waits for the callback before it looks at the transcript itself, in ms (default 10 minutes). */
  timeoutMs?: number | undefined;
}

/** The header AssemblyAI sends back on the callback (`webhook_auth_header_name`). */
export const callbackHeader = 'x-callwire-signature';

const sign = (secret: string, key: string) => createHmac('sha256', secret).update(key).digest('hex');

function checked(options: AssemblyAIWebhookOptions): AssemblyAIWebhookOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(`assemblyAITranscriber: option \`webhook.url\` must be an absolute URL (got ${JSON.stringify(options.url)}).`);
  }
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new TypeError('assemblyAITranscriber: option `webhook.url` must be https (AssemblyAI calls it over the internet).');
  }
  if (typeof options.secret !== 'string' || options.secret.length < 32) {
    throw new TypeError('assemblyAITranscriber: option `webhook.secret` must be at least 32 characters.');
  }
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0)) {
    throw new TypeError('assemblyAITranscriber: option `webhook.timeoutMs` must be a whole number of ms above 0.');
  }
  return options;
}

/**
 * The transcript parameters that make AssemblyAI call back for one job: `webhook_url` naming the job's
 * key (and the submission's `marker`), and an auth header only this key's callback carries (https://www.assemblyai.com/docs/deployment/webhooks:
 * AssemblyAI sends `webhook_auth_header_name: webhook_auth_header_value` with its POST).
 */
export function webhookParams(options: AssemblyAIWebhookOptions, key: string, marker?: string) {
  const url = new URL(options.url);
  url.searchParams.set('key', key);
  // Given back with the transcript: a resumed job finds the submission it already made by it.
  if (marker !== undefined) url.searchParams.set(submissionParam, marker);
  return { webhook_url: url.href, webhook_auth_header_name: callbackHeader, webhook_auth_header_value: sign(options.secret, key) };
}

/** Recognises authentic callbacks: the key in the URL signed by the header (timing-safe). */
export function transcriptCallbacks(options: AssemblyAIWebhookOptions): TranscriptCallbacks {
  const { secret, timeoutMs = 10 * 60_000 } = checked(options);
  return {
    timeoutMs,
    verify({ url, headers }) {
      const key = url.searchParams.get('key');
      const given = headers.get(callbackHeader);
      if (!key || !given) return undefined;
      const expected = Buffer.from(sign(secret, key));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected) ? key : undefined;
    },
  };
}

/**
 * Finding a submission again at AssemblyAI, to confirm a `fetch-recording` step that a crash interrupted.
 *
 * AssemblyAI keeps no free-form metadata on a transcript, but it gives the submission's `webhook_url` back with the
 * transcript (https://www.assemblyai.com/docs/api-reference/transcripts/get): callwire's webhook URL carries a
 * `submission` marker derived from the step's idempotency key. The transcripts list
 * (`GET /v2/transcript`, https://www.assemblyai.com/docs/api-reference/transcripts/list) is newest first, paged
 * to older ones by `page_details.prev_url`, and its items carry `created` but not `webhook_url`: the transcripts
 * created since the intent (less a clock skew) are each read until one carries the marker.
 */
import { createHash } from 'node:crypto';
import { CallwireError } from '../../errors.js';
import { assemblyAIHttpError } from './http-errors.js';

/** The query parameter of the webhook URL that names the submission. */
export const submissionParam = 'submission';

/** How far before the intent (our clock) a transcript may be dated (AssemblyAI's clock). */
export const submittedSkewMs = 5 * 60_000;
/** Transcripts per list page (AssemblyAI's maximum). */
const pageLimit = 200;
/** Pages read at most. */
const maxPages = 10;

/** The marker of a submission: a digest of the step's idempotency key (no job key in clear in AssemblyAI's records). */
export function submissionMarker(submissionKey: string): string {
  return createHash('sha256').update(submissionKey).digest('hex').slice(0, 32);
}

/** One item of the transcripts list, as AssemblyAI sends it. */
interface ListItem {
  id: string;
  /** UTC without a zone, e.g. `2024-03-11T21:29:59.936851`. */
  created: string;
}

interface ListPage {
  transcripts: ListItem[];
  page_details?: { prev_url?: string | null };
}

/** A list timestamp in epoch ms: AssemblyAI's are UTC and carry no zone (the SDK would read them as local time). */
export function assemblyAICreated(created: string): number {
  return Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(created) ? created : `${created}Z`);
}

/** What {@link findSubmittedTranscript} needs. */
export interface FindSubmittedOptions {
  apiKey: string;
  baseUrl: string;
  marker: string;
  /** Epoch ms: when the interrupted run began its call. */
  since: number;
  /** Reads one transcript's `webhook_url` (the SDK's `transcripts.get`). */
  webhookUrlOf(id: string): Promise<string | null | undefined>;
  signal?: AbortSignal;
  timeoutMs: number;
}

/** The id of the transcript submitted with `marker` since `since`, or `undefined`. */
export async function findSubmittedTranscript(options: FindSubmittedOptions): Promise<string | undefined> {
  const from = options.since - submittedSkewMs;
  let url: string | null | undefined = new URL(`/v2/transcript?limit=${pageLimit}`, options.baseUrl).href;
  for (let page = 0; page < maxPages && url; page++) {
    const listed: ListPage = await getJson(url, options);
    for (const item of listed.transcripts) {
      if (assemblyAICreated(item.created) < from) return undefined; // newest first: the rest are older still
      const webhookUrl = await options.webhookUrlOf(item.id);
      if (webhookUrl && markerOf(webhookUrl) === options.marker) return item.id;
    }
    url = listed.page_details?.prev_url;
  }
  return undefined;
}

function markerOf(webhookUrl: string): string | null {
  try {
    return new URL(webhookUrl).searchParams.get(submissionParam);
  } catch {
    return null;
  }
}

/** GETs one list page with the API key, bounded in time, errors classified by status. */
async function getJson(url: string, { apiKey, signal, timeoutMs }: { apiKey: string; signal?: AbortSignal; timeoutMs: number }): Promise<ListPage> {
  const response = await fetch(url, {
    headers: { authorization: apiKey },
    redirect: 'error',
    signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]),
  }).catch((error: unknown) => {
    if (signal?.aborted) throw signal.reason;
    const timedOut = (error as Error)?.name === 'TimeoutError';
    throw new CallwireError(timedOut ? 'timeout' : 'provider_error', `AssemblyAI ${timedOut ? 'did not answer in time' : 'could not be reached'} when asked to list transcripts.`, { provider: 'assemblyai', cause: error });
  });
  const text = await response.text();
  if (response.status >= 400) throw assemblyAIHttpError(response.status, text, response.headers.get('retry-after'), 'list transcripts');
  try {
    const json = JSON.parse(text) as ListPage;
    if (Array.isArray(json.transcripts)) return json;
  } catch {
    // reported below
  }
  throw new CallwireError('provider_error', 'AssemblyAI answered the transcripts list without a `transcripts` array.', { provider: 'assemblyai' });
}

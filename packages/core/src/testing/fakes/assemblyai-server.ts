import { createHash, randomUUID } from 'node:crypto';
import { readBody, received, sendJson, listen, type LocalServer, type ReceivedRequest } from '../http-server.js';

/** An utterance the fake returns (AssemblyAI's wire shape). */
export interface FakeUtterance {
  speaker: string;
  text: string;
  channel?: string;
  start?: number;
  end?: number;
}

/**
 * An utterance as AssemblyAI answers it: with `multichannel: true`, each utterance carries its `channel`
 * ("1", "2", …) and its `speaker` is that channel (https://www.assemblyai.com/docs/pre-recorded-audio/multichannel:
 * "Each utterance contains channel information, starting at 1"; the docs print `Channel {utterance.speaker}`);
 * without it, `channel` is null and speakers are diarised labels (`A`, `B`). A scripted utterance without a
 * channel is put on channel 1 when its speaker is `A`, else 2.
 */
function channelled(u: FakeUtterance, multichannel: boolean): Omit<FakeUtterance, 'channel'> & { channel: string | null } {
  if (!multichannel) return { ...u, channel: null };
  const channel = u.channel ?? (u.speaker === 'A' ? '1' : '2');
  return { ...u, channel, speaker: channel };
}

/** What the fake transcribes a submission to. */
export type FakeTranscriptScript = (submission: Record<string, unknown>) => FakeUtterance[];

/** One transcript-ready callback the fake sent (or tried to). */
export interface FakeWebhookDelivery {
  url: string;
  transcriptId: string;
  /** The status callwire answered (0 when the request failed). */
  answered: number;
  /** Which try this was (1 on the first). */
  attempt: number;
}

/** A transcript the fake keeps. */
interface FakeTranscriptEntry {
  submission: Record<string, unknown>;
  polls: number;
  readyAt: number;
  /** When it was submitted (epoch ms). */
  created: number;
  completed?: number;
  error?: string;
  webhookDone?: boolean;
}

/**
 * A transcript's fields as AssemblyAI echoes its submission: `webhook_auth_header_value` is never given back, only
 * `webhook_auth: true` (https://www.assemblyai.com/docs/api-reference/transcripts/get: `webhook_auth`,
 * `webhook_auth_header_name`, `webhook_url`).
 */
function echoed(submission: Record<string, unknown>): Record<string, unknown> {
  const { webhook_auth_header_value: secret, ...rest } = submission;
  return { ...rest, webhook_auth: secret !== undefined };
}

/**
 * AssemblyAI's timestamps in the transcript list: UTC without a zone, in microseconds, e.g.
 * `2024-03-11T21:29:59.936851` (the list example of https://www.assemblyai.com/docs/api-reference/transcripts/list).
 */
export const assemblyAITime = (ms: number): string => new Date(ms).toISOString().replace('Z', '000');

/** Options of {@link createFakeAssemblyAI}. */
export interface FakeAssemblyAIOptions {
  /** The API key the fake accepts (default: any). */
  apiKey?: string | undefined;
  /** What the fake answers for each upload. */
  script?: FakeTranscriptScript | undefined;
  /**
   * How many looks (`GET /v2/transcript/:id`) a transcript without `webhook_url` answers: `processing` for
   * all but the last, then `completed` (default 2, so a client sees a transcript being made; 1 completes at once).
   */
  looksUntilDone?: number | undefined;
  /** How long a transcript submitted with `webhook_url` takes before it completes and the callback goes out, in ms (default 20). */
  webhookProcessingMs?: number | undefined;
  /**
   * How long every transcript takes from its submission until it is `completed`, in ms, polled or called back
   * (AssemblyAI takes a fraction of the audio's duration: minutes for a long call). When set, it overrides
   * `webhookProcessingMs`, and a polled transcript is `processing` until then instead of until its second look.
   */
  processingMs?: number | undefined;
  /** Wait between tries of a callback that was not answered 2xx, in ms (default 10; AssemblyAI waits 10 s). */
  webhookRetryMs?: number | undefined;
}

/**
 * A local AssemblyAI speaking its v2 REST API: `POST /v2/upload` (raw bytes → `upload_url`),
 * `POST /v2/transcript` (→ `queued`), `GET /v2/transcript/:id` (→ `processing` → `completed` or
 * `error`), with the `Authorization` header checked on every call. Point the real SDK at it with `baseUrl`.
 * A transcript submitted with `webhook_url` completes after `webhookProcessingMs`, then the fake POSTs
 * `{ transcript_id, status }` there with the `webhook_auth_header_name: webhook_auth_header_value` header,
 * trying again on anything but 2xx up to 10 times, and stopping at a 4xx — as AssemblyAI documents
 * (https://www.assemblyai.com/docs/deployment/webhooks). `loseNextWebhook()` drops one, as networks do.
 *
 * @example
 * ```ts
 * const assembly = createFakeAssemblyAI();
 * const server = await assembly.start();
 * const transcriber = assemblyAITranscriber({ apiKey: assembly.apiKey, baseUrl: server.url, pollIntervalMs: 1 });
 * ```
 */
export function createFakeAssemblyAI(options: FakeAssemblyAIOptions = {}) {
  const apiKey = options.apiKey ?? 'fake-assemblyai-key';
  let script: FakeTranscriptScript = options.script ?? (() => [
    { speaker: 'A', text: 'Thank you for calling, how can I help?' },
    { speaker: 'B', text: 'Hi, I would like to know where my order is.' },
  ]);
  const transcripts = new Map<string, FakeTranscriptEntry>();
  const webhooks: FakeWebhookDelivery[] = [];
  let loseWebhooks = 0;
  const uploads: { bytes: number; authorization?: string }[] = [];
  const uploadDigests: string[] = [];
  const submissions: Record<string, unknown>[] = [];
  const requests: ReceivedRequest[] = [];
  let failures: { remaining: number; status: number; retryAfterSeconds?: number } = { remaining: 0, status: 500 };
  let nextError: string | undefined;
  let beforeAnswer: ((id: string, submission: Record<string, unknown>) => void | Promise<void>) | undefined;
  let base = '';

  async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    requests.push(received(req));
    if (req.headers.authorization !== apiKey) return sendJson(res, 401, { error: 'Authentication error, API token missing/invalid' });
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      await readBody(req);
      // Documented statuses: 400 bad request, 401 auth, 404 not found, 429 too many requests (with Retry-After), 500/503
      // (https://www.assemblyai.com/docs/api-reference/overview#errors); the body is `{ "error": "…" }`.
      const messages: Record<number, string> = { 400: 'Bad request', 401: 'Authentication error, API token missing/invalid', 404: 'Not found', 429: 'Too many requests' };
      if (failures.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(failures.retryAfterSeconds));
      return sendJson(res, failures.status, { error: messages[failures.status] ?? 'Internal server error' });
    }
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'POST' && path === '/v2/upload') {
      // The body is the file's raw bytes, whatever its framing (the SDK streams it: chunked), and the answer is
      // `{ "upload_url": … }` (https://www.assemblyai.com/docs/api-reference/files/upload). The digest lets a test
      // check that every byte arrived, in order.
      const body = await readBody(req);
      uploads.push({ bytes: body.length, authorization: req.headers.authorization });
      uploadDigests.push(createHash('sha256').update(body).digest('hex'));
      return sendJson(res, 200, { upload_url: `${base}/uploads/${randomUUID()}` });
    }
    if (req.method === 'POST' && path === '/v2/transcript') {
      const submission = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
      if (typeof submission.audio_url !== 'string') return sendJson(res, 400, { error: 'audio_url is required' });
      const id = randomUUID();
      submissions.push(submission);
      const entry: FakeTranscriptEntry = { submission, polls: 0, created: Date.now(), readyAt: Date.now() + (options.processingMs ?? 0), ...(nextError === undefined ? {} : { error: nextError }), ...(typeof submission.webhook_url === 'string' ? { webhookDone: false } : {}) };
      transcripts.set(id, entry);
      nextError = undefined;
      if (entry.webhookDone === false) scheduleWebhook(id, entry);
      await beforeAnswer?.(id, submission);
      return sendJson(res, 200, { id, status: 'queued', ...echoed(submission) });
    }
    if (req.method === 'GET' && path === '/v2/transcript') return listTranscripts(res, new URL(req.url ?? '/', base).searchParams);
    const match = /^\/v2\/transcript\/([\w-]+)$/.exec(path);
    const entry = match ? transcripts.get(match[1]!) : undefined;
    if (req.method === 'GET' && match && entry) {
      entry.polls += 1;
      const id = match[1]!;
      // With a webhook, the transcript is ready when the callback goes out; without, after `processingMs`, else on the `looksUntilDone`th look.
      const polledProcessing = options.processingMs === undefined ? entry.polls < (options.looksUntilDone ?? 2) : Date.now() < entry.readyAt;
      if (entry.webhookDone === false || (entry.webhookDone === undefined && polledProcessing)) return sendJson(res, 200, { id, status: 'processing', ...echoed(entry.submission) });
      entry.completed ??= Date.now();
      if (entry.error) return sendJson(res, 200, { id, status: 'error', error: entry.error, ...echoed(entry.submission) });
      const utterances = script(entry.submission).map((u, i) => ({ confidence: 0.95, start: i * 4000, end: i * 4000 + 3500, words: [], ...channelled(u, entry.submission.multichannel === true) }));
      return sendJson(res, 200, {
        id, status: 'completed', ...echoed(entry.submission),
        text: utterances.map((u) => u.text).join(' '),
        utterances, language_code: 'en_us', audio_duration: utterances.length * 4,
        ...(entry.submission.multichannel ? { audio_channels: 2 } : {}),
      });
    }
    return sendJson(res, 404, { error: 'Not found' });
  }

  /** A transcript's status without counting a look: the list does not move a polled transcript along. */
  function statusOf(entry: FakeTranscriptEntry): 'queued' | 'processing' | 'completed' | 'error' {
    const done = entry.webhookDone === true || (entry.webhookDone === undefined && entry.completed !== undefined);
    if (!done) return entry.polls === 0 && entry.webhookDone === undefined ? 'queued' : 'processing';
    return entry.error ? 'error' : 'completed';
  }

  /**
   * `GET /v2/transcript` (https://www.assemblyai.com/docs/api-reference/transcripts/list): the account's transcripts,
   * newest first; `limit` 1–200 (default 10), `status`, `created_on` (a `YYYY-MM-DD` day), `before_id` (older than that
   * transcript) or `after_id` (newer); each item is `{ id, resource_url, status, created, completed, audio_url, error }`
   * — not the submission's other fields (no `webhook_url`: read a transcript for that). `page_details` has `limit`,
   * `result_count`, `current_url`, `prev_url` (the page of older transcripts) and `next_url` (newer).
   */
  function listTranscripts(res: import('node:http').ServerResponse, query: URLSearchParams) {
    const limit = Number(query.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return sendJson(res, 400, { error: 'limit must be between 1 and 200' });
    const status = query.get('status');
    if (status !== null && !['queued', 'processing', 'completed', 'error'].includes(status)) return sendJson(res, 400, { error: `Invalid status: ${status}` });
    const createdOn = query.get('created_on');
    if (createdOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(createdOn)) return sendJson(res, 400, { error: `Invalid created_on: ${createdOn}` });
    const beforeId = query.get('before_id');
    const afterId = query.get('after_id');
    const all = [...transcripts.entries()].sort(([, a], [, b]) => b.created - a.created); // newest first
    const indexOf = (id: string | null) => (id === null ? -1 : all.findIndex(([key]) => key === id));
    if ((beforeId !== null && indexOf(beforeId) < 0) || (afterId !== null && indexOf(afterId) < 0)) return sendJson(res, 400, { error: 'Transcript not found' });
    let window = all;
    if (beforeId !== null) window = window.slice(indexOf(beforeId) + 1);
    if (afterId !== null) window = window.slice(0, indexOf(afterId));
    const matching = window.filter(([, e]) => (status === null || statusOf(e) === status) && (createdOn === null || assemblyAITime(e.created).startsWith(createdOn)));
    // Newer than after_id: the page right after it, i.e. the oldest `limit` of those.
    const page = afterId !== null ? matching.slice(Math.max(0, matching.length - limit)) : matching.slice(0, limit);
    const pageUrl = (extra: Record<string, string>) => {
      const url = new URL('/v2/transcript', base);
      for (const [key, value] of query) if (key !== 'before_id' && key !== 'after_id') url.searchParams.set(key, value);
      url.searchParams.set('limit', String(limit));
      for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
      return url.href;
    };
    const oldest = page.at(-1)?.[0];
    const newest = page[0]?.[0];
    const olderExist = oldest !== undefined && indexOf(oldest) < all.length - 1;
    const newerExist = newest !== undefined && indexOf(newest) > 0;
    return sendJson(res, 200, {
      page_details: {
        limit,
        result_count: page.length,
        current_url: pageUrl({ ...(beforeId === null ? {} : { before_id: beforeId }), ...(afterId === null ? {} : { after_id: afterId }) }),
        prev_url: olderExist ? pageUrl({ before_id: oldest }) : null,
        next_url: newerExist ? pageUrl({ after_id: newest }) : null,
      },
      transcripts: page.map(([id, e]) => ({
        id,
        resource_url: `${base}/v2/transcript/${id}`,
        status: statusOf(e),
        created: assemblyAITime(e.created),
        completed: e.completed === undefined ? null : assemblyAITime(e.completed),
        audio_url: e.submission.audio_url,
        error: statusOf(e) === 'error' ? (e.error ?? null) : null,
      })),
    });
  }

  /** Completes a webhook transcript after the processing time, then calls back (retrying as AssemblyAI does). */
  function scheduleWebhook(id: string, entry: FakeTranscriptEntry) {
    const { webhook_url: url, webhook_auth_header_name: name, webhook_auth_header_value: value } = entry.submission as Record<string, string | undefined>;
    const deliver = async (attempt: number): Promise<void> => {
      if (attempt === 1 && loseWebhooks > 0) {
        loseWebhooks -= 1;
        return;
      }
      let answered = 0;
      try {
        const response = await fetch(url!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(name && value ? { [name]: value } : {}) },
          body: JSON.stringify({ transcript_id: id, status: entry.error ? 'error' : 'completed' }),
        });
        answered = response.status;
        await response.arrayBuffer();
      } catch {
        answered = 0;
      }
      webhooks.push({ url: url!, transcriptId: id, answered, attempt });
      // "If the webhook is not received with a 2xx, we retry up to 10 times; a 4xx stops the retries."
      if ((answered < 200 || answered >= 300) && !(answered >= 400 && answered < 500) && attempt < 10) {
        setTimeout(() => void deliver(attempt + 1), options.webhookRetryMs ?? 10).unref();
      }
    };
    setTimeout(() => {
      entry.webhookDone = true;
      entry.completed = Date.now();
      void deliver(1);
    }, options.processingMs ?? options.webhookProcessingMs ?? 20).unref();
  }

  return {
    apiKey,
    /** Transcript-ready callbacks sent, with what each was answered. */
    webhooks,
    /** Drop the next `count` callbacks' first tries (they are never sent), as a network may. */
    loseNextWebhook(count = 1) {
      loseWebhooks += count;
    },
    /** Bytes received by each upload. */
    uploads,
    /** The SHA-256 (hex) of the bytes each upload received, in the order of `uploads`: a test checks that they arrived intact. */
    uploadDigests,
    /** Transcript submissions (their JSON bodies), in order. */
    submissions,
    requests,
    /** Answer the next `count` requests with `status` (default 500), and `Retry-After` when given. */
    failNext(count: number, status = 500, retryAfterSeconds?: number) {
      failures = { remaining: count, status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
    },
    /** Make the next submitted transcript end in `error` with this message. */
    endNextInError(message: string) {
      nextError = message;
    },
    /**
     * Runs `hook` after each transcript is created and before the answer to its submission is sent (`undefined`
     * removes it): crash tests kill the submitter there, between the provider's answer and the step record.
     */
    beforeAnswering(hook: ((id: string, submission: Record<string, unknown>) => void | Promise<void>) | undefined) {
      beforeAnswer = hook;
    },
    /** Replace what submissions transcribe to. */
    setScript(next: FakeTranscriptScript) {
      script = next;
    },
    async start(): Promise<LocalServer> {
      const server = await listen(handle);
      base = server.url;
      return server;
    },
  };
}

export type FakeAssemblyAI = ReturnType<typeof createFakeAssemblyAI>;

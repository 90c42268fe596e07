import { randomUUID } from 'node:crypto';
import { readBody, received, sendJson, listen, type LocalServer, type ReceivedRequest } from '../http-server.js';

/** An utterance the fake returns (AssemblyAI's wire shape). */
export interface FakeUtterance {
  speaker: string;
  text: string;
  channel?: string;
  start?: number;
  end?: number;
}

/** What the fake transcribes a submission to. */
export type FakeTranscriptScript = (submission: Record<string, unknown>) => FakeUtterance[];

/**
 * A local AssemblyAI speaking its v2 REST API: `POST /v2/upload` (raw bytes → `upload_url`),
 * `POST /v2/transcript` (→ `queued`), `GET /v2/transcript/:id` (→ `processing` → `completed` or
 * `error`), with the `Authorization` header checked on every call. Point the real SDK at it with `baseUrl`.
 *
 * @example
 * ```ts
 * const assembly = createFakeAssemblyAI();
 * const server = await assembly.start();
 * const transcriber = assemblyAITranscriber({ apiKey: assembly.apiKey, baseUrl: server.url, pollIntervalMs: 1 });
 * ```
 */
export function createFakeAssemblyAI(options: { apiKey?: string; script?: FakeTranscriptScript } = {}) {
  const apiKey = options.apiKey ?? 'fake-assemblyai-key';
  let script: FakeTranscriptScript = options.script ?? (() => [
    { speaker: 'A', text: 'Thank you for calling, how can I help?' },
    { speaker: 'B', text: 'Hi, I would like to know where my order is.' },
  ]);
  const transcripts = new Map<string, { submission: Record<string, unknown>; polls: number; error?: string }>();
  const uploads: { bytes: number; authorization?: string }[] = [];
  const submissions: Record<string, unknown>[] = [];
  const requests: ReceivedRequest[] = [];
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  let nextError: string | undefined;
  let base = '';

  async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    requests.push(received(req));
    if (req.headers.authorization !== apiKey) return sendJson(res, 401, { error: 'Authentication error, API token missing/invalid' });
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      await readBody(req);
      return sendJson(res, failures.status, { error: 'Internal server error' });
    }
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'POST' && path === '/v2/upload') {
      const body = await readBody(req);
      uploads.push({ bytes: body.length, authorization: req.headers.authorization });
      return sendJson(res, 200, { upload_url: `${base}/uploads/${randomUUID()}` });
    }
    if (req.method === 'POST' && path === '/v2/transcript') {
      const submission = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
      if (typeof submission.audio_url !== 'string') return sendJson(res, 400, { error: 'audio_url is required' });
      const id = randomUUID();
      submissions.push(submission);
      transcripts.set(id, { submission, polls: 0, error: nextError });
      nextError = undefined;
      return sendJson(res, 200, { id, status: 'queued', ...submission });
    }
    const match = /^\/v2\/transcript\/([\w-]+)$/.exec(path);
    const entry = match ? transcripts.get(match[1]!) : undefined;
    if (req.method === 'GET' && match && entry) {
      entry.polls += 1;
      const id = match[1]!;
      if (entry.polls < 2) return sendJson(res, 200, { id, status: 'processing', ...entry.submission });
      if (entry.error) return sendJson(res, 200, { id, status: 'error', error: entry.error, ...entry.submission });
      const utterances = script(entry.submission).map((u, i) => ({ confidence: 0.95, start: i * 4000, end: i * 4000 + 3500, words: [], channel: null, ...u }));
      return sendJson(res, 200, {
        id, status: 'completed', ...entry.submission,
        text: utterances.map((u) => u.text).join(' '),
        utterances, language_code: 'en_us', audio_duration: utterances.length * 4,
        audio_channels: entry.submission.multichannel ? 2 : undefined,
      });
    }
    return sendJson(res, 404, { error: 'Not found' });
  }

  return {
    apiKey,
    /** Bytes received by each upload. */
    uploads,
    /** Transcript submissions (their JSON bodies), in order. */
    submissions,
    requests,
    /** Answer the next `count` requests with `status` (default 500). */
    failNext(count: number, status = 500) {
      failures = { remaining: count, status };
    },
    /** Make the next submitted transcript end in `error` with this message. */
    endNextInError(message: string) {
      nextError = message;
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

import { readBody, received, sendJson, listen, type LocalServer, type ReceivedRequest } from '../http-server.js';

/** A message the fake accepted. */
export interface FakeSlackMessage {
  path: string;
  body: { text?: string; blocks?: { type: string; text?: { text?: string } }[] } & Record<string, unknown>;
}

/**
 * A local Slack incoming webhook: accepts `POST <any path>` with a JSON message, answers `ok`, and
 * records it. Enforces Slack's limits (50 blocks, 3,000 characters of section text → 400
 * `invalid_blocks`; no text or blocks → 400 `no_text`) and can be told to answer 429 with
 * `Retry-After`, or 500.
 *
 * @example
 * ```ts
 * const slack = createFakeSlack();
 * const server = await slack.start();
 * const notifier = slackWebhookNotifier({ url: `${server.url}/services/T000/B000/XXX` });
 * ```
 */
export function createFakeSlack() {
  const messages: FakeSlackMessage[] = [];
  const requests: ReceivedRequest[] = [];
  const scripted: { status: number; retryAfterSeconds?: number }[] = [];

  async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    requests.push(received(req));
    const raw = (await readBody(req)).toString('utf8');
    const next = scripted.shift();
    if (next) {
      const headers: Record<string, string> = next.retryAfterSeconds === undefined ? {} : { 'retry-after': String(next.retryAfterSeconds) };
      res.writeHead(next.status, { 'content-type': 'text/plain', ...headers });
      return res.end(next.status === 429 ? 'rate_limited' : 'internal_error');
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    let body: FakeSlackMessage['body'];
    try {
      body = JSON.parse(raw) as FakeSlackMessage['body'];
    } catch {
      return plain(res, 400, 'invalid_payload');
    }
    const blocks = body.blocks ?? [];
    if (!body.text && blocks.length === 0) return plain(res, 400, 'no_text');
    if (blocks.length > 50 || blocks.some((b) => b.type === 'section' && (b.text?.text?.length ?? 0) > 3000)) return plain(res, 400, 'invalid_blocks');
    messages.push({ path: req.url ?? '/', body });
    return plain(res, 200, 'ok');
  }

  return {
    /** Accepted messages, in order. */
    messages,
    /** Every request, rejected ones included. */
    requests,
    /** Answer the next `count` requests 429 with `Retry-After: seconds`. */
    rateLimitNext(count: number, retryAfterSeconds = 1) {
      for (let i = 0; i < count; i++) scripted.push({ status: 429, retryAfterSeconds });
    },
    /** Answer the next `count` requests 500. */
    failNext(count: number) {
      for (let i = 0; i < count; i++) scripted.push({ status: 500 });
    },
    start(): Promise<LocalServer> {
      return listen(handle);
    },
  };
}

function plain(res: import('node:http').ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

export type FakeSlack = ReturnType<typeof createFakeSlack>;

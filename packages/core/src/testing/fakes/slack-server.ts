import { readBody, received, sendJson, listen, type LocalServer, type ReceivedRequest } from '../http-server.js';
import { slackContentError } from './slack-blocks.js';

/**
 * Every error an incoming webhook answers, with its HTTP status and body text, as Slack documents them:
 * https://api.slack.com/messaging/webhooks#handling_errors and
 * https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks (400 `invalid_payload`,
 * 403 `action_prohibited`, 404 `channel_not_found`, 410 `channel_is_archived`). `invalid_blocks` and `no_text` are
 * named on the webhooks page; `msg_blocks_too_long` is reported for chat.postMessage
 * (https://github.com/slackapi/bolt-js/issues/2509) and assumed to reach webhooks with the same 400.
 */
export const slackWebhookErrors = {
  invalid_payload: 400,
  invalid_blocks: 400,
  msg_blocks_too_long: 400,
  msg_too_long: 400,
  no_text: 400,
  user_not_found: 400,
  action_prohibited: 403,
  posting_to_general_channel_denied: 403,
  channel_not_found: 404,
  no_service: 404,
  channel_is_archived: 410,
  rollup_error: 500,
} as const;

/** An error code an incoming webhook can answer. */
export type SlackWebhookErrorCode = keyof typeof slackWebhookErrors;

/** A message the fake accepted. */
export interface FakeSlackMessage {
  path: string;
  /** When it was accepted (the fake's clock). */
  at?: number;
  body: { text?: string; blocks?: { type: string; text?: { text?: string } }[] } & Record<string, unknown>;
}

/** Options of {@link createFakeSlack}. */
export interface FakeSlackOptions {
  /**
   * Enforce Slack's pace per webhook (per path): incoming webhooks accept about 1 message per second, "short bursts
   * >1 allowed", and answer 429 with `Retry-After` (seconds) past it (https://api.slack.com/apis/rate-limits). A
   * token bucket of `burst` messages (default 1) refilled at `perSecond`. Off by default.
   */
  rateLimit?: {
    /** Messages per second per webhook. */
    perSecond: number;
    /** Messages allowed at once before the pace applies. */
    burst?: number | undefined;
    /** Answer `Retry-After` with fractional seconds (`0.05`) instead of Slack's whole seconds, for time-scaled benches. */
    fractionalRetryAfter?: boolean | undefined;
  } | undefined;
  /** The fake's clock, for `rateLimit` (default `Date.now`). */
  clock?: (() => number) | undefined;
}

/**
 * A local Slack incoming webhook: accepts `POST <any path>` with a JSON message, answers `ok`, and
 * records it. As strict as Slack (rules and sources in `slack-blocks.ts`): more than 50 blocks, a section over
 * 3,000 characters or a header over 150 → 400 `invalid_blocks`; blocks adding up to more than ~12,000
 * characters → 400 `msg_blocks_too_long`; no text or blocks → 400 `no_text`; a body that is not JSON → 400
 * `invalid_payload`. It can be told to answer 429 with `Retry-After`, 500, or any documented error
 * ({@link slackWebhookErrors}) — once, or for good for one webhook path (a revoked or archived one). With
 * `rateLimit`, it answers 429 with `Retry-After` to a webhook posted to faster than Slack allows.
 *
 * @example
 * ```ts
 * const slack = createFakeSlack();
 * const server = await slack.start();
 * const notifier = slackWebhookNotifier({ url: `${server.url}/services/T000/B000/XXX` });
 * ```
 */
export function createFakeSlack(options: FakeSlackOptions = {}) {
  const clock = options.clock ?? Date.now;
  const pace = options.rateLimit && createPace(options.rateLimit, clock);
  const messages: FakeSlackMessage[] = [];
  const requests: ReceivedRequest[] = [];
  const scripted: { status: number; body?: string; retryAfterSeconds?: number }[] = [];
  const brokenHooks = new Map<string, SlackWebhookErrorCode>();
  let beforeAnswer: ((message: FakeSlackMessage) => void | Promise<void>) | undefined;

  async function handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    requests.push(received(req));
    const raw = (await readBody(req)).toString('utf8');
    const next = scripted.shift();
    if (next) {
      const headers: Record<string, string> = next.retryAfterSeconds === undefined ? {} : { 'retry-after': String(next.retryAfterSeconds) };
      res.writeHead(next.status, { 'content-type': 'text/plain', ...headers });
      return res.end(next.body ?? (next.status === 429 ? 'rate_limited' : 'internal_error'));
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    const broken = brokenHooks.get(req.url ?? '/');
    if (broken) return plain(res, slackWebhookErrors[broken], broken);
    const waitMs = pace?.take(req.url ?? '/') ?? 0;
    if (waitMs > 0) {
      rateLimited.count += 1;
      const seconds = options.rateLimit?.fractionalRetryAfter ? (Math.ceil(waitMs) / 1000).toFixed(3) : String(Math.ceil(waitMs / 1000));
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': seconds });
      return res.end('rate_limited');
    }
    let body: FakeSlackMessage['body'];
    try {
      body = JSON.parse(raw) as FakeSlackMessage['body'];
    } catch {
      return plain(res, 400, 'invalid_payload');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return plain(res, 400, 'invalid_payload');
    const refused = slackContentError(body);
    if (refused) return plain(res, slackWebhookErrors[refused], refused);
    messages.push({ path: req.url ?? '/', body, at: clock() });
    // Test hook (not a Slack rule): the message is accepted and the answer not yet sent.
    if (beforeAnswer) await beforeAnswer(messages.at(-1)!);
    return plain(res, 200, 'ok');
  }

  const rateLimited = { count: 0 };
  return {
    /** Accepted messages, in order. */
    messages,
    /** How many requests `rateLimit` answered 429. */
    get rateLimited() {
      return rateLimited.count;
    },
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
    /** Answer the next `count` requests with a documented error: its status and its code as the body. */
    rejectNext(code: SlackWebhookErrorCode, count = 1) {
      for (let i = 0; i < count; i++) scripted.push({ status: slackWebhookErrors[code], body: code });
    },
    /**
     * Runs `hook` after each accepted message and before the `ok` answer is sent (`undefined` removes it): crash
     * tests kill the sender there, between the provider's answer and the step record.
     */
    beforeAnswering(hook: ((message: FakeSlackMessage) => void | Promise<void>) | undefined) {
      beforeAnswer = hook;
    },
    /** From now on, answer every request to `path` (e.g. `/services/T000/B000/sales`) with `code` (`no_service`: a revoked webhook). */
    breakHook(path: string, code: SlackWebhookErrorCode) {
      brokenHooks.set(path, code);
    },
    start(): Promise<LocalServer> {
      return listen(handle);
    },
  };
}

/** A token bucket per webhook path: `take` spends a token and answers 0, or answers how long until one is there, in ms. */
function createPace({ perSecond, burst = 1 }: { perSecond: number; burst?: number }, clock: () => number) {
  if (!(perSecond > 0) || !(burst >= 1)) throw new TypeError('createFakeSlack: rateLimit needs perSecond > 0 and burst >= 1.');
  const buckets = new Map<string, { tokens: number; at: number }>();
  const intervalMs = 1000 / perSecond;
  return {
    take(path: string): number {
      const now = clock();
      const bucket = buckets.get(path) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / intervalMs);
      bucket.at = now;
      buckets.set(path, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return (1 - bucket.tokens) * intervalMs;
    },
  };
}

function plain(res: import('node:http').ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

export type FakeSlack = ReturnType<typeof createFakeSlack>;

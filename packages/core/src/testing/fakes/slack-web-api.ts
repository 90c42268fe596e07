import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, received, sendJson, type LocalServer, type ReceivedRequest } from '../http-server.js';
import { slackContentError } from './slack-blocks.js';

/** A message the fake Web API holds (posted through it, or seeded). */
export interface FakeSlackApiMessage {
  channel: string;
  ts: string;
  /** The parent's `ts`, for a thread reply. */
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** One request the fake received, with its parsed arguments (form, JSON or query). */
export interface FakeSlackApiRequest extends ReceivedRequest {
  method: string;
  /** The Web API method, e.g. `chat.postMessage`. */
  api: string;
  args: Record<string, string>;
}

/** A channel of the fake workspace. */
export interface FakeSlackChannel {
  id: string;
  /** Archived: `chat.postMessage` answers `is_archived`. */
  archived?: boolean;
  /** The bot is a member (default true); otherwise posting and reading answer `not_in_channel`. */
  member?: boolean;
}

/** Options of {@link createFakeSlackWebApi}. */
export interface FakeSlackWebApiOptions {
  /** The bot token the fake accepts (default `xoxb-0000-fake-callwire`). */
  token?: string | undefined;
  /** The channels that exist (ids, or channels with members). */
  channels?: readonly (string | FakeSlackChannel)[] | undefined;
  /** Users `users.lookupByEmail` finds. */
  users?: readonly { id: string; email: string; name?: string }[] | undefined;
  /** The clock `ts` values come from (default `Date.now`). */
  now?: (() => number) | undefined;
}

type Handler = (args: Record<string, string>) => { status?: number; body: Record<string, unknown> };

/**
 * A local Slack Web API (https://api.slack.com/web) for `@slack/web-api`'s `WebClient` (`slackApiUrl: fake.url`).
 * Faithful to its envelopes: HTTP 200 with `{ ok: true, … }` or `{ ok: false, error }`, and HTTP 429 with
 * `Retry-After` when rate-limited. Methods: `chat.postMessage`, `users.lookupByEmail`, `conversations.history`,
 * `conversations.replies`; each rule below cites its method page. Records every request.
 *
 * @example
 * ```ts
 * const slack = createFakeSlackWebApi({ channels: ['C0CALLS0001'], users: [{ id: 'U05RAVI456', email: 'ravi@acme.in' }] });
 * const server = await slack.start();
 * const notifier = slackWebApiNotifier({ token: slack.token, channel: 'C0CALLS0001', slackApiUrl: slack.url(server) });
 * ```
 */
export function createFakeSlackWebApi(options: FakeSlackWebApiOptions = {}) {
  const token = options.token ?? 'xoxb-0000-fake-callwire';
  const now = options.now ?? Date.now;
  const channels = new Map<string, FakeSlackChannel>();
  const users = new Map<string, { id: string; email: string; name?: string }>();
  const messages: FakeSlackApiMessage[] = [];
  const requests: FakeSlackApiRequest[] = [];
  const scripted: { status: number; retryAfterSeconds?: number; api?: string }[] = [];
  let lastTs = 0;
  let beforeAnswer: ((message: FakeSlackApiMessage) => void | Promise<void>) | undefined;

  const addChannel = (channel: string | FakeSlackChannel) => {
    const c = typeof channel === 'string' ? { id: channel } : channel;
    channels.set(c.id, { member: true, ...c });
  };
  for (const channel of options.channels ?? []) addChannel(channel);
  for (const user of options.users ?? []) users.set(user.email.toLowerCase(), user);

  /** A new message `ts`: "seconds.micro", unique and increasing within a channel (https://api.slack.com/messaging/retrieving#individual_messages). */
  const nextTs = () => {
    lastTs = Math.max(lastTs + 1, now() * 1000);
    return (lastTs / 1_000_000).toFixed(6);
  };
  const fail = (error: string, extra: Record<string, unknown> = {}) => ({ body: { ok: false, error, ...extra } });
  /** A channel the bot may use, or the error Slack answers for it. */
  const usable = (id: string | undefined): FakeSlackChannel | { error: string } => {
    const channel = id ? channels.get(id) : undefined;
    if (!channel) return { error: 'channel_not_found' };
    if (!channel.member) return { error: 'not_in_channel' };
    return channel;
  };
  const withMetadata = (m: FakeSlackApiMessage, include: boolean) => {
    const { channel: _channel, metadata, ...rest } = m;
    const replies = messages.filter((r) => r.channel === m.channel && r.thread_ts === m.ts);
    return {
      type: 'message', subtype: 'bot_message', bot_id: 'B0FAKE0001', ...rest,
      ...(replies.length > 0 ? { thread_ts: m.ts, reply_count: replies.length } : {}),
      ...(include && metadata ? { metadata } : {}),
    };
  };
  /** Cursor paging (https://api.slack.com/docs/pagination): `limit` (default 100, at most 999 here as in the docs) and an opaque `next_cursor`. */
  const page = (list: FakeSlackApiMessage[], args: Record<string, string>) => {
    const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
    const start = args.cursor ? Number(Buffer.from(args.cursor, 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
    if (!Number.isInteger(start) || start < 0) return undefined;
    const slice = list.slice(start, start + limit);
    const more = start + limit < list.length;
    return { slice, has_more: more, response_metadata: { next_cursor: more ? Buffer.from(`offset:${start + limit}`).toString('base64') : '' } };
  };
  const truthy = (value: string | undefined) => value === 'true' || value === '1';

  const methods: Record<string, Handler> = {
    /** https://api.slack.com/methods/chat.postMessage */
    'chat.postMessage'(args) {
      const channel = usable(args.channel);
      if ('error' in channel) return fail(channel.error);
      if (channel.archived) return fail('is_archived');
      let blocks: unknown;
      try {
        // `blocks` and `metadata` arrive as JSON strings in a form body ("a JSON-based array of structured blocks, presented as a URL-encoded string").
        blocks = args.blocks === undefined ? undefined : JSON.parse(args.blocks);
      } catch {
        return fail('invalid_blocks');
      }
      const refused = slackContentError({ text: args.text, blocks });
      if (refused) return fail(refused);
      let metadata: FakeSlackApiMessage['metadata'];
      if (args.metadata !== undefined) {
        try {
          metadata = JSON.parse(args.metadata) as FakeSlackApiMessage['metadata'];
        } catch {
          return fail('invalid_metadata_format');
        }
        // metadata: "JSON object with event_type and event_payload fields" (https://api.slack.com/metadata/using).
        if (!metadata || typeof metadata.event_type !== 'string' || !metadata.event_payload || typeof metadata.event_payload !== 'object') return fail('invalid_metadata_format');
      }
      if (args.thread_ts !== undefined) {
        // thread_ts: "Provide another message's ts value to make this message a reply. Avoid using a reply's ts value;
        // use its parent instead." Slack answers `invalid_thread_ts` for a malformed one (reported:
        // https://github.com/jenkinsci/slack-plugin/issues/584) and may silently hide a reply to a ts that is not a
        // message (https://github.com/slackapi/python-slack-sdk/issues/840): the fake is stricter and refuses any
        // thread_ts that is not a top-level message of this channel.
        const parent = messages.find((m) => m.channel === channel.id && m.ts === args.thread_ts && m.thread_ts === undefined);
        if (!parent) return fail('invalid_thread_ts');
      }
      const message: FakeSlackApiMessage = {
        channel: channel.id, ts: nextTs(), text: args.text,
        ...(args.thread_ts !== undefined ? { thread_ts: args.thread_ts } : {}),
        ...(Array.isArray(blocks) ? { blocks } : {}),
        ...(metadata ? { metadata } : {}),
      };
      messages.push(message);
      return { body: { ok: true, channel: channel.id, ts: message.ts, message: withMetadata(message, true) } };
    },

    /** https://api.slack.com/methods/users.lookupByEmail — `users_not_found` for an unknown address. */
    'users.lookupByEmail'(args) {
      const user = args.email ? users.get(args.email.trim().toLowerCase()) : undefined;
      if (!user) return fail('users_not_found');
      return { body: { ok: true, user: { id: user.id, name: user.name ?? user.email.split('@')[0], deleted: false, profile: { email: user.email } } } };
    },

    /**
     * https://api.slack.com/methods/conversations.history — top-level messages (and none of the replies), newest
     * first; `oldest`/`latest` bound them (exclusive unless `inclusive`); metadata only with `include_all_metadata`.
     */
    'conversations.history'(args) {
      const channel = usable(args.channel);
      if ('error' in channel) return fail(channel.error);
      const inclusive = truthy(args.inclusive);
      const oldest = args.oldest === undefined ? -Infinity : Number(args.oldest);
      const latest = args.latest === undefined ? Infinity : Number(args.latest);
      const list = messages
        .filter((m) => m.channel === channel.id && m.thread_ts === undefined)
        .filter((m) => (inclusive ? Number(m.ts) >= oldest && Number(m.ts) <= latest : Number(m.ts) > oldest && Number(m.ts) < latest))
        .reverse();
      const paged = page(list, args);
      if (!paged) return fail('invalid_cursor');
      return { body: { ok: true, messages: paged.slice.map((m) => withMetadata(m, truthy(args.include_all_metadata))), has_more: paged.has_more, pin_count: 0, response_metadata: paged.response_metadata } };
    },

    /** https://api.slack.com/methods/conversations.replies — the parent then its replies, oldest first; `thread_not_found` otherwise. */
    'conversations.replies'(args) {
      const channel = usable(args.channel);
      if ('error' in channel) return fail(channel.error);
      const parent = messages.find((m) => m.channel === channel.id && m.ts === args.ts);
      if (!parent) return fail('thread_not_found');
      const root = parent.thread_ts ?? parent.ts;
      const list = messages.filter((m) => m.channel === channel.id && (m.ts === root || m.thread_ts === root));
      const paged = page(list, args);
      if (!paged) return fail('invalid_cursor');
      return { body: { ok: true, messages: paged.slice.map((m) => withMetadata(m, truthy(args.include_all_metadata))), has_more: paged.has_more, response_metadata: paged.response_metadata } };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://slack.test');
    const api = url.pathname.replace(/^\/api\//, '');
    const raw = (await readBody(req)).toString('utf8');
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
    // Arguments: query string, or a POST body as application/x-www-form-urlencoded or application/json
    // (https://api.slack.com/web#posting_json: JSON bodies need the token in the Authorization header).
    let args: Record<string, string> = Object.fromEntries(url.searchParams);
    let json = false;
    if (raw) {
      if (type === 'application/json') {
        json = true;
        try {
          const parsed = JSON.parse(raw) as Record<string, unknown>;
          for (const [key, value] of Object.entries(parsed)) args[key] = typeof value === 'string' ? value : JSON.stringify(value);
        } catch {
          return sendJson(res, 200, { ok: false, error: 'invalid_json' });
        }
      } else if (type === 'application/x-www-form-urlencoded') {
        args = { ...args, ...Object.fromEntries(new URLSearchParams(raw)) };
      } else {
        return sendJson(res, 200, { ok: false, error: 'invalid_post_type' });
      }
    }
    requests.push({ ...received(req), method: req.method ?? 'GET', api, args });

    const next = scripted[0] && (!scripted[0].api || scripted[0].api === api) ? scripted.shift() : undefined;
    if (next) {
      // Rate limits: "HTTP 429 Too Many Requests … and a Retry-After HTTP header" (https://api.slack.com/apis/rate-limits).
      if (next.status === 429) return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(next.retryAfterSeconds ?? 1) });
      return sendJson(res, next.status, { ok: false, error: 'fatal_error' });
    }

    // Authentication (https://api.slack.com/authentication/token-types, https://api.slack.com/web#authentication):
    // a bearer token, or `token` in a form body; none → `not_authed`, a wrong one → `invalid_auth`.
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const sent = bearer ?? (json ? undefined : args.token);
    if (!sent) return sendJson(res, 200, { ok: false, error: 'not_authed' });
    if (sent !== token) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });

    const method = methods[api];
    if (!method) return sendJson(res, 200, { ok: false, error: 'unknown_method' });
    const countBefore = messages.length;
    const answer = method(args);
    // Test hook (not a Slack rule): the message is stored and Slack's answer not yet sent — the window in which a
    // sender that dies has made its post without recording it.
    if (messages.length > countBefore && beforeAnswer) await beforeAnswer(messages.at(-1)!);
    return sendJson(res, answer.status ?? 200, answer.body);
  }

  return {
    /** The bot token the fake accepts. */
    token,
    channels,
    /** Every message, posted or seeded, oldest first. */
    messages,
    /** Every request, rejected ones included. */
    requests,
    /** The `slackApiUrl` for a started fake. */
    url: (server: LocalServer) => `${server.url}/api/`,
    addChannel,
    addUser(user: { id: string; email: string; name?: string }) {
      users.set(user.email.toLowerCase(), user);
    },
    /**
     * Runs `hook` after each accepted `chat.postMessage` — the message stored — and before Slack's answer is sent
     * (`undefined` removes it): crash tests kill the sender there, between the provider's answer and the step record.
     */
    beforeAnswering(hook: ((message: FakeSlackApiMessage) => void | Promise<void>) | undefined) {
      beforeAnswer = hook;
    },
    /** Requests to `api` (e.g. `users.lookupByEmail`). */
    calls: (api: string) => requests.filter((r) => r.api === api),
    /** Answer the next `count` requests (to `api` only, when given) 429 `ratelimited` with `Retry-After: seconds`. */
    rateLimitNext(count: number, retryAfterSeconds = 1, api?: string) {
      for (let i = 0; i < count; i++) scripted.push({ status: 429, retryAfterSeconds, api });
    },
    /** Answer the next `count` requests (to `api` only, when given) with HTTP `status` (default 500). */
    failNext(count: number, status = 500, api?: string) {
      for (let i = 0; i < count; i++) scripted.push({ status, api });
    },
    start(): Promise<LocalServer> {
      return listen(handle);
    },
  };
}

export type FakeSlackWebApi = ReturnType<typeof createFakeSlackWebApi>;

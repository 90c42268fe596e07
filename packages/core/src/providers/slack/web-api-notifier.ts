import type { WebClient } from '@slack/web-api';
import type { ChatMessage, ChatNotifier, PostOptions, PostResult } from '../../call/ports.js';
import type { CallMinutes } from '../../call/types.js';
import { CallwireError, isCallwireError } from '../../errors.js';
import { optionError, withDefaults } from '../../options.js';
import { checkSlackWebApiOptions } from './check-options.js';
import { slackWebApiError } from './classify.js';
import { findPostedMinutes, minutesEventType, minutesMetadata, parseThreadRef, threadRef, type HistoryApi, type HistoryPage, type PostedMinutes } from './find-posted.js';
import { formatMinutesForSlack } from './format-minutes.js';
import { createRateLimiter } from './rate-limit.js';
import type { SlackPostingOptions } from './posting-options.js';
import { slackLimits, type SlackLimits } from './types.js';
import { createSlackUserLookup } from './user-lookup.js';

/** Options of {@link slackWebApiNotifier}. */
export interface SlackWebApiNotifierOptions extends SlackPostingOptions {
  /** A bot token (`xoxb-…`) with `chat:write`; `users:read.email` to mention agents known by e-mail; `channels:history` / `groups:history` for {@link SlackWebApiNotifier.findPosted}. */
  token: string;
  /** The default channel id (`C…`, `G…`), used when a message's route has no channel of its own. */
  channel?: string | undefined;
  /** Route name (a department, or your missed-call route) → channel id. Names match case-insensitively. */
  routes?: Record<string, string> | undefined;
  /** The Web API's base URL (default `https://slack.com/api/`); a local fake's in tests. */
  slackApiUrl?: string | undefined;
  /** How long a `users.lookupByEmail` answer is kept, in ms (default one hour). */
  userCacheTtlMs?: number | undefined;
  /** The metadata `event_type` of every post (default `callwire_call_minutes`). */
  eventType?: string | undefined;
}

/** What {@link SlackWebApiNotifier.findPosted} looks for. */
export interface FindPostedOptions {
  /** The call whose minutes to look for. */
  callId: string;
  /** Default 1 (the MOM); later parts are looked up in the MOM's thread. */
  part?: number | undefined;
  /** The route the minutes were posted with (as in `post()`), or… */
  route?: string | undefined;
  /** …the channel id to look in. */
  channel?: string | undefined;
  /** Look no further back than this (default: 7 days ago). */
  since?: Date | undefined;
}

/** A {@link ChatNotifier} that can also find its posts again (to confirm a post after a crash). */
export interface SlackWebApiNotifier extends ChatNotifier {
  /** Finds a part of a call's minutes by its metadata; `undefined` when it was not posted. */
  findPosted(options: FindPostedOptions): Promise<PostedMinutes | undefined>;
}

const channelId = /^[CGD][A-Z0-9]{6,}$/;
/** How much earlier than a post's intent its `ts` may be (clocks differ between this host and Slack). */
const confirmSkewMs = 5 * 60_000;

/**
 * A {@link ChatNotifier} that posts call minutes with a Slack bot token through the Web API (`@slack/web-api`):
 * `chat.postMessage` to a channel id per route; the MOM is the first message and a long transcript continues
 * **in its thread** (`thread_ts`); an agent the directory knows only by e-mail is mentioned after
 * `users.lookupByEmail` (cached, `userCacheTtlMs`); every post carries `metadata`
 * `{ event_type: 'callwire_call_minutes', event_payload: { call_id, part, parts } }`, so it can be found again
 * ({@link SlackWebApiNotifier.findPosted}). Part 1 returns its channel and `ts` as `thread`, which the pipeline
 * stores and hands to later parts — after a restart too; without it, part 1 is found by its metadata.
 *
 * Errors: `ok: false` envelopes (`channel_not_found`, `not_in_channel`, `invalid_auth`, `missing_scope`,
 * `msg_blocks_too_long`, …) fail the job at once with Slack's code and what it means; 429 `ratelimited` carries
 * `Retry-After` to the job engine (and holds the channel back); 5xx and network errors are retried.
 * `@slack/web-api` is loaded on first use.
 *
 * @example
 * ```ts
 * const notifier = slackWebApiNotifier({
 *   token: process.env.SLACK_BOT_TOKEN!,
 *   channel: 'C0123CALLS1',
 *   routes: { Sales: 'C0456SALES2', missed: 'C0789MISSD3' },
 * });
 * ```
 */
export function slackWebApiNotifier(options: SlackWebApiNotifierOptions): SlackWebApiNotifier {
  checkSlackWebApiOptions(options);
  const { token } = options;
  if (typeof token !== 'string' || !/^xoxb-[\w-]+$/.test(token)) throw optionError('slackWebApiNotifier', 'token', 'must be a Slack bot token (xoxb-…)');
  const routes = new Map(Object.entries(options.routes ?? {}).map(([name, id]) => [name.trim().toLowerCase(), id]));
  if (options.channel === undefined && routes.size === 0) throw optionError('slackWebApiNotifier', 'channel', 'or `routes` is required: where the minutes go');
  if (options.channel !== undefined && !channelId.test(options.channel)) throw optionError('slackWebApiNotifier', 'channel', `must be a channel id (C…, G…), not "${options.channel}" — channel names change, ids do not`);
  for (const [name, id] of Object.entries(options.routes ?? {})) {
    if (!channelId.test(id)) throw optionError('slackWebApiNotifier', `routes.${name}`, `must be a channel id (C…, G…), not "${id}"`);
  }
  if (options.slackApiUrl !== undefined && !/^https?:\/\//.test(options.slackApiUrl)) throw optionError('slackWebApiNotifier', 'slackApiUrl', 'must be an http(s) URL');
  for (const name of ['minIntervalMs', 'timeoutMs', 'userCacheTtlMs'] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw optionError('slackWebApiNotifier', name, 'must be 0 or more (ms)');
  }
  if (options.eventType !== undefined && !/^[a-z0-9_]+$/i.test(options.eventType)) throw optionError('slackWebApiNotifier', 'eventType', 'must be letters, digits and underscores');

  const formatter = options.formatter ?? formatMinutesForSlack;
  const limits: SlackLimits = withDefaults(slackLimits, options.limits);
  const eventType = options.eventType ?? minutesEventType;
  const limiter = options.rateLimiter ?? createRateLimiter({ minIntervalMs: options.minIntervalMs ?? 1000 });
  let client: Promise<WebClient> | undefined;
  const slack = () => (client ??= import('@slack/web-api').then(({ WebClient }) => new WebClient(token, {
    slackApiUrl: options.slackApiUrl,
    timeout: options.timeoutMs ?? 10_000,
    // Retries and 429 waits belong to the job engine (which parks the job), not to a request in flight.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: quiet,
  })));

  /** Runs one Web API call, its errors classified. */
  async function call<T>(method: string, run: (api: WebClient) => Promise<T>): Promise<T> {
    const api = await slack();
    try {
      return await run(api);
    } catch (error) {
      throw isCallwireError(error) ? error : slackWebApiError(error, method);
    }
  }

  const users = createSlackUserLookup(async (email) => (await slack()).users.lookupByEmail({ email }), { ttlMs: options.userCacheTtlMs ?? 3_600_000 });

  const destination = (route: string | undefined): string => {
    const id = (route && routes.get(route.trim().toLowerCase())) ?? options.channel;
    if (!id) throw new CallwireError('bad_request', `No Slack channel for route "${route ?? ''}" and no default channel.`, { provider: 'slack', retryable: false });
    return id;
  };

  /** The minutes with the agent's mention resolved from the directory's e-mail, when it has no user id. */
  async function withMention(minutes: CallMinutes): Promise<CallMinutes> {
    const { email, slackUserId } = minutes.agent;
    if (slackUserId || !email) return minutes;
    const id = await users.idOf(email).catch((error: unknown) => {
      throw slackWebApiError(error, 'users.lookupByEmail');
    });
    return id ? { ...minutes, agent: { ...minutes.agent, slackUserId: id } } : minutes;
  }

  const history: HistoryApi = {
    history: (args) => call('conversations.history', (api) => api.conversations.history(args)) as Promise<HistoryPage>,
    replies: (args) => call('conversations.replies', (api) => api.conversations.replies(args)) as Promise<HistoryPage>,
  };

  async function findPosted(query: FindPostedOptions): Promise<PostedMinutes | undefined> {
    const channel = query.channel ?? destination(query.route);
    return findPostedMinutes(history, { channel, callId: query.callId, part: query.part, since: query.since, eventType });
  }

  return {
    name: 'slack',
    findPosted,
    // A post of an interrupted run is found by its metadata; Slack's `ts` is Slack's clock, so look a little earlier.
    async confirm(message, { route, part = 1, thread, since }) {
      const parent = part > 1 ? parseThreadRef(thread) : undefined;
      const channel = parent?.channel ?? destination(route);
      const found = await findPostedMinutes(history, { channel, callId: message.minutes.callId, part, eventType, ...(parent ? { parentTs: parent.ts } : {}), ...(part === 1 ? { since: new Date(since - confirmSkewMs) } : {}) });
      return found && { parts: found.parts, thread: found.thread };
    },
    // chat.postMessage: about one message a second per channel (https://api.slack.com/methods/chat.postMessage#rate_limiting).
    pace: ({ route, part = 1, thread }) => {
      const intervalMs = options.minIntervalMs ?? 1000;
      const channel = (part > 1 ? parseThreadRef(thread)?.channel : undefined) ?? destination(route);
      return intervalMs > 0 ? { key: `slack-channel:${channel}`, intervalMs } : undefined;
    },
    async post(message: ChatMessage, { route, part = 1, thread, signal, paced }: PostOptions = {}): Promise<PostResult> {
      const minutes = await withMention(message.minutes);
      const messages = formatter(minutes, limits);
      const payload = messages[part - 1];
      if (!payload) throw new CallwireError('internal', `Message part ${part} does not exist (the message now has ${messages.length}).`, { retryable: false });
      // Later parts go where part 1 went: its thread, from part 1's stored result, or found by its metadata.
      let parent = parseThreadRef(thread);
      if (part > 1 && !parent) {
        const found = await findPosted({ callId: minutes.callId, part: 1, route });
        parent = found && parseThreadRef(found.thread);
      }
      const channel = parent?.channel ?? destination(route);
      signal?.throwIfAborted();
      const send = async () => {
        try {
          return await call('chat.postMessage', (api) => api.chat.postMessage({
            channel,
            text: payload.text,
            blocks: payload.blocks as never,
            metadata: minutesMetadata(eventType, minutes.callId, part, messages.length),
            ...(part > 1 && parent ? { thread_ts: parent.ts } : {}),
            unfurl_links: false,
            unfurl_media: false,
          }));
        } catch (error) {
          if (isCallwireError(error) && error.code === 'rate_limited') limiter.pause(channel, error.retryAfterMs ?? 1000);
          throw error;
        }
      };
      const posted = await (paced ? send() : limiter.schedule(channel, send));
      const ts = posted.ts ?? '';
      return { parts: messages.length, thread: part === 1 ? threadRef(channel, ts) : (parent ? threadRef(parent.channel, parent.ts) : undefined) };
    },
  };
}

/** `@slack/web-api` logs failed requests itself; callwire reports errors through the job engine instead. */
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => 'error' as never,
  setName() {},
};

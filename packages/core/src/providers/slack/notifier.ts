import type { IncomingWebhook } from '@slack/webhook';
import { parseRetryAfter } from '../../engine/classify-error.js';
import { CallwireError } from '../../errors.js';
import { optionError, withDefaults } from '../../options.js';
import type { ChatMessage, ChatNotifier, PostOptions, PostResult } from '../../call/ports.js';
import { checkSlackWebhookOptions } from './check-options.js';
import { slackWebhookError } from './classify.js';
import { formatMinutesForSlack } from './format-minutes.js';
import { createRateLimiter, paceKey } from './rate-limit.js';
import type { SlackPostingOptions } from './posting-options.js';
import { slackLimits, type SlackLimits, type SlackMessage } from './types.js';

/** Options of {@link slackWebhookNotifier}. */
export interface SlackWebhookNotifierOptions extends SlackPostingOptions {
  /** The default incoming-webhook URL (used when a message's route has no URL of its own). */
  url?: string | undefined;
  /** Route name (a department, or your missed-call route) → webhook URL. Names match case-insensitively. */
  routes?: Record<string, string> | undefined;
}

/**
 * A {@link ChatNotifier} that posts call minutes to Slack incoming webhooks (`@slack/webhook`), in
 * the MOM layout, split into numbered messages when a transcript needs several, each within Slack's limits
 * (`limits`, default {@link slackLimits}). 429 answers carry Slack's `Retry-After` to the job engine (and hold
 * back the webhook's queue); 5xx and network errors are retried; every other answer — `invalid_payload`,
 * `invalid_blocks`, `msg_blocks_too_long`, `no_text`, `action_prohibited`, `posting_to_general_channel_denied`,
 * `channel_not_found`, `no_service`, `channel_is_archived` — fails the job at once with Slack's code and what it
 * means. `@slack/webhook` is loaded on the first post, so `@callwire/core/slack` imports without it.
 *
 * @example
 * ```ts
 * const notifier = slackWebhookNotifier({
 *   url: process.env.SLACK_WEBHOOK_URL!,
 *   routes: { Sales: process.env.SLACK_SALES_URL!, missed: process.env.SLACK_MISSED_URL! },
 * });
 * ```
 */
export function slackWebhookNotifier(options: SlackWebhookNotifierOptions): ChatNotifier {
  checkSlackWebhookOptions(options);
  const routes = new Map(Object.entries(options.routes ?? {}).map(([name, url]) => [name.trim().toLowerCase(), url]));
  if (!options.url && routes.size === 0) throw optionError('slackWebhookNotifier', 'url', 'or `routes` is required: where the minutes go');
  const urls: [option: string, url: string | undefined][] = [['url', options.url], ...[...routes].map(([route, url]): [string, string] => [`routes.${route}`, url])];
  for (const [option, url] of urls) if (url !== undefined && !/^https?:\/\//.test(url)) throw optionError('slackWebhookNotifier', option, 'must be an http(s) URL');
  const formatter = options.formatter ?? formatMinutesForSlack;
  const limits: SlackLimits = withDefaults(slackLimits, options.limits);
  const limiter = options.rateLimiter ?? createRateLimiter({ minIntervalMs: options.minIntervalMs ?? 1000 });
  if (options.minIntervalMs !== undefined && !(Number.isFinite(options.minIntervalMs) && options.minIntervalMs >= 0)) {
    throw optionError('slackWebhookNotifier', 'minIntervalMs', 'must be 0 or more (ms)');
  }
  const webhooks = new Map<string, IncomingWebhook>();
  const lastResponse = new Map<string, Response>();
  let sdk: Promise<typeof import('@slack/webhook')> | undefined;

  const webhookFor = async (url: string) => {
    let webhook = webhooks.get(url);
    if (!webhook) {
      const { IncomingWebhook } = await (sdk ??= import('@slack/webhook'));
      webhook = webhooks.get(url) ?? new IncomingWebhook(url, {
        timeout: options.timeoutMs ?? 10_000,
        // Keep the raw response: the SDK's errors carry the status and body but not Retry-After.
        fetch: async (input, init) => {
          const response = await fetch(input, init as RequestInit);
          lastResponse.set(url, response);
          return response as never;
        },
      });
      webhooks.set(url, webhook);
    }
    return webhook;
  };

  const destination = (route: string | undefined): string => {
    const url = (route && routes.get(route.trim().toLowerCase())) ?? options.url;
    if (!url) throw new CallwireError('bad_request', `No Slack webhook for route "${route ?? ''}" and no default url.`, { provider: 'slack', retryable: false });
    return url;
  };

  async function send(url: string, message: SlackMessage): Promise<void> {
    try {
      await (await webhookFor(url)).send({ text: message.text, blocks: message.blocks as never });
    } catch (error) {
      // @slack/webhook throws IncomingWebhookHTTPError (statusCode, body) for any non-2xx answer, unwrapped from
      // p-retry's AbortError for 4xx; IncomingWebhookRequestError (no status) when no answer came.
      const status = (error as { statusCode?: number }).statusCode;
      if (status === undefined) throw new CallwireError('provider_error', `Slack could not be reached: ${(error as Error).message}`, { provider: 'slack', cause: error });
      const body = String((error as { body?: unknown }).body ?? '');
      let retryAfterMs: number | undefined;
      if (status === 429) {
        const header = lastResponse.get(url)?.headers.get('retry-after');
        retryAfterMs = header ? parseRetryAfter(header) : undefined;
        limiter.pause(url, retryAfterMs ?? 1000);
      }
      throw slackWebhookError(status, body, { retryAfterMs, cause: error });
    }
  }

  const intervalMs = options.minIntervalMs ?? 1000;
  return {
    name: 'slack',
    // About one message a second per incoming webhook (https://api.slack.com/apis/rate-limits): one pace per URL,
    // its slots 10 % wider than the interval so that the jitter of waking up does not bring two posts closer than it.
    pace: ({ route }) => (intervalMs > 0 ? { key: `slack-webhook:${paceKey(destination(route))}`, intervalMs: Math.round(intervalMs * 1.1) } : undefined),
    async post(message: ChatMessage, { route, part = 1, signal, paced }: PostOptions = {}): Promise<PostResult> {
      const messages = formatter(message.minutes, limits);
      const payload = messages[part - 1];
      if (!payload) throw new CallwireError('internal', `Message part ${part} does not exist (the message now has ${messages.length}).`, { retryable: false });
      const url = destination(route);
      signal?.throwIfAborted();
      await (paced ? send(url, payload) : limiter.schedule(url, () => send(url, payload)));
      return { parts: messages.length };
    },
  };
}

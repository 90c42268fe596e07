import { IncomingWebhook } from '@slack/webhook';
import { parseRetryAfter } from '../../engine/classify-error.js';
import { CallwireError } from '../../errors.js';
import type { ChatMessage, ChatNotifier, PostOptions, PostResult } from '../../call/ports.js';
import { formatMinutesForSlack } from './format-minutes.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { slackLimits, type SlackLimits, type SlackMessage, type SlackMinutesFormatter } from './types.js';

/** Options of {@link slackWebhookNotifier}. */
export interface SlackWebhookNotifierOptions {
  /** The default incoming-webhook URL (used when a message's route has no URL of its own). */
  url?: string;
  /** Route name (a department, or your missed-call route) → webhook URL. Names match case-insensitively. */
  routes?: Record<string, string>;
  /** Replaces the default MOM layout. */
  formatter?: SlackMinutesFormatter;
  /** Limits the formatter must respect (default: Slack's). */
  limits?: Partial<SlackLimits>;
  /** Least time between two messages to one webhook, in ms (default 1 000: Slack allows about one a second). */
  minIntervalMs?: number;
  /** Per-request timeout, in ms (default 10 000). */
  timeoutMs?: number;
  /** The limiter shared by notifiers that post to the same webhooks (default: one per notifier). */
  rateLimiter?: RateLimiter;
}

/**
 * A {@link ChatNotifier} that posts call minutes to Slack incoming webhooks (`@slack/webhook`), in
 * the MOM layout, split into numbered messages when a transcript needs several. 429 answers carry
 * Slack's `Retry-After` to the job engine (and hold back the webhook's queue); 5xx and network
 * errors are retried; other 4xx (`invalid_blocks`, `no_service`, …) fail the job with Slack's message.
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
  const routes = new Map(Object.entries(options.routes ?? {}).map(([name, url]) => [name.trim().toLowerCase(), url]));
  if (!options.url && routes.size === 0) throw new TypeError('slackWebhookNotifier needs a `url` or `routes`.');
  for (const url of [options.url, ...routes.values()]) if (url !== undefined && !/^https?:\/\//.test(url)) throw new TypeError('Slack webhook URLs must be http(s) URLs.');
  const formatter = options.formatter ?? formatMinutesForSlack;
  const limits: SlackLimits = { ...slackLimits, ...options.limits };
  const limiter = options.rateLimiter ?? createRateLimiter({ minIntervalMs: options.minIntervalMs ?? 1000 });
  const webhooks = new Map<string, IncomingWebhook>();
  const lastResponse = new Map<string, Response>();

  const webhookFor = (url: string) => {
    let webhook = webhooks.get(url);
    if (!webhook) {
      webhook = new IncomingWebhook(url, {
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
      await webhookFor(url).send({ text: message.text, blocks: message.blocks as never });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === undefined) throw new CallwireError('provider_error', `Slack could not be reached: ${(error as Error).message}`, { provider: 'slack', cause: error });
      const body = String((error as { body?: unknown }).body ?? '').slice(0, 200);
      if (status === 429) {
        const header = lastResponse.get(url)?.headers.get('retry-after');
        const retryAfterMs = header ? parseRetryAfter(header) : undefined;
        limiter.pause(url, retryAfterMs ?? 1000);
        throw new CallwireError('rate_limited', `Slack rate-limited the webhook (429${body ? `: ${body}` : ''}).`, { provider: 'slack', providerStatus: 429, retryAfterMs });
      }
      const retryable = status >= 500 || status === 408;
      throw new CallwireError(retryable ? 'provider_error' : 'provider_rejected', `Slack answered ${status}: ${body || 'no body'}`, { provider: 'slack', providerStatus: status, retryable, cause: error });
    }
  }

  return {
    name: 'slack',
    async post(message: ChatMessage, { route, part = 1, signal }: PostOptions = {}): Promise<PostResult> {
      const messages = formatter(message.minutes, limits);
      const payload = messages[part - 1];
      if (!payload) throw new CallwireError('internal', `Message part ${part} does not exist (the message now has ${messages.length}).`, { retryable: false });
      const url = destination(route);
      signal?.throwIfAborted();
      await limiter.schedule(url, () => send(url, payload));
      return { parts: messages.length };
    },
  };
}

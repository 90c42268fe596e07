import * as z from 'zod';
import { kind } from '../../option-kinds.js';
import { parseOptions } from '../../options.js';

const shared = () => ({
  formatter: kind.fn('minutes → Slack message').optional(),
  limits: kind.object('Partial<SlackLimits>').optional(),
  minIntervalMs: kind.ms().optional(),
  timeoutMs: kind.ms(1).optional(),
  rateLimiter: kind.object('RateLimiter').optional(),
});

function buildWebhook() {
  const webhookUrl = kind.url(['https:'], true);
  return z
    .object({ url: webhookUrl.optional(), routes: z.record(z.string(), webhookUrl, { error: 'must map route names to webhook URLs' }).optional(), ...shared() })
    .superRefine((options, ctx) => {
      if (options.url === undefined && Object.keys(options.routes ?? {}).length === 0) ctx.addIssue({ code: 'custom', path: ['url'], message: 'or `routes` is required: where the minutes go' });
    });
}

function buildWebApi() {
  // Slack ids: channels C…, private channels G… (https://api.slack.com/types/conversation).
  const channel = z.string({ error: 'must be a channel id (C…, G…)' }).regex(/^[CGD][A-Z0-9]{6,}$/, 'must be a channel id (C…, G…), not a name — channel names change, ids do not');
  return z
    .object({
      token: z.string({ error: 'must be a Slack bot token (xoxb-…)' }).regex(/^xoxb-[\w-]+$/, 'must be a Slack bot token (xoxb-…)'),
      channel: channel.optional(),
      routes: z.record(z.string(), channel, { error: 'must map route names to channel ids' }).optional(),
      slackApiUrl: kind.url(['https:'], true).optional(),
      userCacheTtlMs: kind.ms().optional(),
      eventType: z.string({ error: 'must be a string' }).regex(/^[a-z0-9_]+$/i, 'must be letters, digits and underscores').optional(),
      ...shared(),
    })
    .superRefine((options, ctx) => {
      if (options.channel === undefined && Object.keys(options.routes ?? {}).length === 0) ctx.addIssue({ code: 'custom', path: ['channel'], message: 'or `routes` is required: where the minutes go' });
    });
}

let webhook: ReturnType<typeof buildWebhook> | undefined;
let webApi: ReturnType<typeof buildWebApi> | undefined;

/** Checks every `slackWebhookNotifier` option at construction (a `TypeError` naming the first bad one). */
export const checkSlackWebhookOptions = (options: unknown): void => void parseOptions((webhook ??= buildWebhook()), options, 'slackWebhookNotifier');

/** Checks every `slackWebApiNotifier` option at construction (a `TypeError` naming the first bad one). */
export const checkSlackWebApiOptions = (options: unknown): void => void parseOptions((webApi ??= buildWebApi()), options, 'slackWebApiNotifier');

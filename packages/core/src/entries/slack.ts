/** @callwire/core/slack — post call minutes to Slack incoming webhooks (`@slack/webhook`). */
export { slackWebhookNotifier } from '../providers/slack/notifier.js';
export type { SlackWebhookNotifierOptions } from '../providers/slack/notifier.js';
export { formatMinutesForSlack } from '../providers/slack/format-minutes.js';
export { createRateLimiter } from '../providers/slack/rate-limit.js';
export type { RateLimiter, RateLimiterOptions } from '../providers/slack/rate-limit.js';
export { slackLimits } from '../providers/slack/types.js';
export type { SlackBlock, SlackLimits, SlackMessage, SlackMinutesFormatter, SlackSectionBlock } from '../providers/slack/types.js';

/**
 * @callwire/core/slack — post call minutes to Slack: incoming webhooks (`@slack/webhook`) or a bot token
 * through the Web API (`@slack/web-api`). Each SDK is an optional peer dependency, loaded on first use.
 */
export { slackWebhookNotifier } from '../providers/slack/notifier.js';
export type { SlackWebhookNotifierOptions } from '../providers/slack/notifier.js';
export type { SlackPostingOptions } from '../providers/slack/posting-options.js';
export { slackWebApiNotifier } from '../providers/slack/web-api-notifier.js';
export type { FindPostedOptions, SlackWebApiNotifier, SlackWebApiNotifierOptions } from '../providers/slack/web-api-notifier.js';
export { minutesEventType } from '../providers/slack/find-posted.js';
export type { MinutesMetadata, PostedMinutes } from '../providers/slack/find-posted.js';
export { formatMinutesForSlack } from '../providers/slack/format-minutes.js';
export { createRateLimiter } from '../providers/slack/rate-limit.js';
export type { RateLimiter, RateLimiterOptions } from '../providers/slack/rate-limit.js';
export { blocksSize, slackLimits } from '../providers/slack/types.js';
export type { SlackBlock, SlackLimits, SlackMessage, SlackMinutesFormatter, SlackSectionBlock } from '../providers/slack/types.js';

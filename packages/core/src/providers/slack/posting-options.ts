import type { Overrides } from '../../options.js';
import type { RateLimiter } from './rate-limit.js';
import type { SlackLimits, SlackMinutesFormatter } from './types.js';

/** Options both Slack notifiers take: how minutes are laid out and how fast they are posted. */
export interface SlackPostingOptions {
  /** Replaces the default MOM layout. */
  formatter?: SlackMinutesFormatter | undefined;
  /** Limits the formatter must respect (default: Slack's, {@link slackLimits}). */
  limits?: Overrides<SlackLimits> | undefined;
  /**
   * Least time between two posts to one destination (webhook or channel), in ms (default 1 000: Slack allows
   * about one message a second to each).
   */
  minIntervalMs?: number | undefined;
  /** Per-request timeout, in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** The limiter shared by notifiers that post to the same webhooks or channels (default: one per notifier). */
  rateLimiter?: RateLimiter | undefined;
}

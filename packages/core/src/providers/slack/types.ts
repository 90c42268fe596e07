import type { CallMinutes } from '../../call/types.js';

/** A Block Kit section block with mrkdwn text (the only block the default layout uses). */
export interface SlackSectionBlock {
  type: 'section';
  text: { type: 'mrkdwn'; text: string };
}

/** Any Block Kit block (a custom formatter may use others). */
export type SlackBlock = SlackSectionBlock | ({ type: string } & Record<string, unknown>);

/** One incoming-webhook message: Block Kit blocks and the plain-text fallback shown in notifications. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits that a formatter must respect. */
export interface SlackLimits {
  /** Characters of a section's text (Slack: 3,000). */
  sectionChars: number;
  /** Blocks in one message (Slack: 50). */
  blocksPerMessage: number;
  /** Characters of block text in one message (a conservative cap; default 36,000). */
  messageChars: number;
}

export const slackLimits: SlackLimits = { sectionChars: 3000, blocksPerMessage: 50, messageChars: 36_000 };

/**
 * Turns call minutes into one or more Slack messages, each within `limits`. The default is
 * {@link formatMinutesForSlack}; pass your own to `slackWebhookNotifier({ formatter })`.
 */
export type SlackMinutesFormatter = (minutes: CallMinutes, limits: SlackLimits) => SlackMessage[];

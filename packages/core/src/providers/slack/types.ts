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

/**
 * Slack's limits that a formatter must respect, with a margin where Slack's own number is uncertain.
 * Sources: section text ≤ 3,000 and header text ≤ 150 (https://api.slack.com/reference/block-kit/blocks);
 * ≤ 50 blocks per message (https://api.slack.com/reference/block-kit/blocks); top-level `text` up to
 * 40,000 characters, truncated by some clients past 4,000 (https://api.slack.com/methods/chat.postMessage);
 * and, reported rather than documented, a message whose blocks add up to more than about 12,000 characters
 * of text — block containers included — is refused with `msg_blocks_too_long`
 * (https://github.com/slackapi/bolt-js/issues/2509, https://github.com/slackapi/bolt-js/issues/2867).
 */
export interface SlackLimits {
  /** Characters of a section's text (Slack: 3,000). */
  sectionChars: number;
  /** Characters of a header block's plain text (Slack: 150). */
  headerChars: number;
  /** Blocks in one message (Slack: 50). */
  blocksPerMessage: number;
  /**
   * Cumulative size of one message's blocks: the text of every block plus {@link blockOverheadChars} for each
   * block's container (default 10,500, under the ~12,000 at which Slack answers `msg_blocks_too_long`).
   */
  messageChars: number;
  /** What one block's container counts towards {@link messageChars} (default 125: a divider costs about that, bolt-js#2509). */
  blockOverheadChars: number;
  /** Characters of the top-level `text` fallback (default 3,000: notifications show it; some clients cut it past 4,000). */
  textChars: number;
}

/** Slack's limits, with the margins callwire keeps (see {@link SlackLimits}). */
export const slackLimits: SlackLimits = {
  sectionChars: 3000,
  headerChars: 150,
  blocksPerMessage: 50,
  messageChars: 10_500,
  blockOverheadChars: 125,
  textChars: 3000,
};

/**
 * What a message's blocks count towards {@link SlackLimits.messageChars}: every string `text` in the block
 * tree, plus {@link SlackLimits.blockOverheadChars} per top-level block.
 *
 * @example
 * ```ts
 * blocksSize([{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }], slackLimits); // 130
 * ```
 */
export function blocksSize(blocks: readonly SlackBlock[], limits: Pick<SlackLimits, 'blockOverheadChars'>): number {
  return blocks.reduce((n, block) => n + blockText(block) + limits.blockOverheadChars, 0);
}

/** Characters of every `text` string inside a block (sections, fields, headers, rich text, context…). */
export function blockText(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + blockText(item), 0);
  if (!node || typeof node !== 'object') return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) n += key === 'text' && typeof value === 'string' ? value.length : blockText(value);
  return n;
}

/**
 * Turns call minutes into one or more Slack messages, each within `limits`. The default is
 * {@link formatMinutesForSlack}; pass your own to `slackWebhookNotifier({ formatter })`.
 */
export type SlackMinutesFormatter = (minutes: CallMinutes, limits: SlackLimits) => SlackMessage[];

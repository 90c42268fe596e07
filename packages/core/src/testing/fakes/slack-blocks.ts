import { blockText } from '../../providers/slack/types.js';

/** A message body as the fakes receive it (Block Kit blocks as parsed JSON, the top-level `text`). */
export interface FakeSlackMessageBody {
  text?: unknown;
  blocks?: unknown;
}

/** The Slack error code a message earns for its content, if any. */
export type SlackContentError = 'no_text' | 'invalid_blocks' | 'msg_blocks_too_long' | 'msg_too_long';

/** Slack's own numbers, as the fakes enforce them (each with its source below). */
export const fakeSlackRules = {
  /** https://api.slack.com/reference/block-kit/blocks — "a maximum of 50 blocks in each message". */
  maxBlocks: 50,
  /** https://api.slack.com/reference/block-kit/blocks#section — section `text`: "Maximum length … is 3000 characters". */
  maxSectionText: 3000,
  /** https://api.slack.com/reference/block-kit/blocks#section — `fields`: "Maximum number of items is 10 … each 2000 characters". */
  maxFields: 10,
  maxFieldText: 2000,
  /** https://api.slack.com/reference/block-kit/blocks#header — header `text` (plain_text): "Maximum length … is 150 characters". */
  maxHeaderText: 150,
  /** https://api.slack.com/reference/block-kit/blocks#markdown — a markdown block's `text`: 12,000 characters. */
  maxMarkdownText: 12_000,
  /**
   * Reported, not documented: Slack refuses a message whose blocks add up to more than about 12,000 characters with
   * `msg_blocks_too_long` ("12,000 text characters with a buffer for block containers": a markdown-only message failed
   * past 13,297 characters, one more divider lowered that by ~125 — https://github.com/slackapi/bolt-js/issues/2509;
   * 11,341 characters of text in rich_text/section/header blocks were refused — https://github.com/slackapi/bolt-js/issues/2867).
   * The fake takes the stricter reading: all text in the block tree plus 125 per block, over 12,000, is refused.
   */
  maxCumulativeBlocks: 12_000,
  blockContainerChars: 125,
  /** https://api.slack.com/methods/chat.postMessage — `text`: "Provide no more than 40,000 characters" (`msg_too_long`). */
  maxText: 40_000,
} as const;

/**
 * The error Slack answers for a message's content, or `undefined` when Slack would accept it. Shared by the
 * incoming-webhook fake and the Web API fake: both surfaces refuse the same messages (the webhook page names
 * `invalid_blocks` and `no_text` — https://api.slack.com/messaging/webhooks#handling_errors; whether webhooks apply
 * the cumulative limit is undocumented, so the fake assumes they do).
 *
 * @example
 * ```ts
 * slackContentError({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] }); // 'invalid_blocks'
 * ```
 */
export function slackContentError(body: FakeSlackMessageBody): SlackContentError | undefined {
  const rules = fakeSlackRules;
  const blocks = body.blocks ?? [];
  if (!Array.isArray(blocks)) return 'invalid_blocks';
  const text = typeof body.text === 'string' ? body.text : '';
  // https://api.slack.com/methods/chat.postMessage — text, blocks or attachments are required; `no_text` otherwise.
  if (text.trim() === '' && blocks.length === 0) return 'no_text';
  if (text.length > rules.maxText) return 'msg_too_long';
  if (blocks.length > rules.maxBlocks) return 'invalid_blocks';
  if (!blocks.every(validBlock)) return 'invalid_blocks';
  const size = blocks.reduce((n: number, block) => n + blockText(block) + rules.blockContainerChars, 0);
  if (size > rules.maxCumulativeBlocks) return 'msg_blocks_too_long';
  return undefined;
}

/** One block against its type's documented limits. */
function validBlock(block: unknown): boolean {
  const rules = fakeSlackRules;
  if (!block || typeof block !== 'object' || typeof (block as { type?: unknown }).type !== 'string') return false;
  const b = block as { type: string; text?: { type?: unknown; text?: unknown }; fields?: unknown };
  const textOf = (value: unknown) => (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string' ? (value as { text: string }).text : undefined);
  switch (b.type) {
    case 'section': {
      const text = textOf(b.text);
      const fields = Array.isArray(b.fields) ? b.fields : undefined;
      // A section needs `text` or `fields` (https://api.slack.com/reference/block-kit/blocks#section).
      if (text === undefined && !fields) return false;
      if (text !== undefined && (text.length === 0 || text.length > rules.maxSectionText)) return false;
      if (fields && (fields.length > rules.maxFields || fields.some((f) => (textOf(f)?.length ?? Infinity) > rules.maxFieldText))) return false;
      return true;
    }
    case 'header': {
      const text = textOf(b.text);
      // Header text must be plain_text (https://api.slack.com/reference/block-kit/blocks#header).
      return b.text?.type === 'plain_text' && text !== undefined && text.length > 0 && text.length <= rules.maxHeaderText;
    }
    case 'markdown': {
      const text: unknown = (block as { text?: unknown }).text;
      return typeof text === 'string' && text.length <= rules.maxMarkdownText;
    }
    default:
      return true;
  }
}

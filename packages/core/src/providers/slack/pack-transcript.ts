import { splitLongLine } from './mrkdwn.js';
import type { SlackLimits } from './types.js';

/** The room a message offers the transcript, after its fixed blocks. */
export interface MessageRoom {
  /** Size units left for transcript sections (see {@link SlackLimits.messageChars}). */
  chars: number;
  /** Blocks left for transcript sections. */
  blocks: number;
}

/** What a transcript section costs on top of its lines: the fence around them and the room kept for a label. */
export interface SectionFrame {
  /** Characters of the code fence around a section's lines ("```\n" + "\n```"). */
  fenceChars: number;
  /** Characters kept for the label that opens a message's first transcript section. */
  labelChars: number;
}

/**
 * Packs transcript lines into sections and sections into messages so that every section stays within
 * `sectionChars` and every message within `messageChars` (text plus `blockOverheadChars` per block) and
 * `blocksPerMessage`. `firstRoom` is what the first message has left after the MOM's own sections; later
 * messages carry only transcript. A line longer than a section is split at word boundaries; nothing is dropped.
 * Returns, per message, its sections, each the lines it holds.
 *
 * @example
 * ```ts
 * const messages = packTranscript(['Agent: Hello?', 'Customer: Hi.'], { chars: 8000, blocks: 40 }, slackLimits, { fenceChars: 8, labelChars: 40 });
 * // [[['Agent: Hello?', 'Customer: Hi.']]]
 * ```
 */
export function packTranscript(lines: readonly string[], firstRoom: MessageRoom, limits: SlackLimits, frame: SectionFrame): string[][][] {
  const bodyMax = limits.sectionChars - frame.fenceChars - frame.labelChars;
  const followUpRoom: MessageRoom = { chars: limits.messageChars, blocks: limits.blocksPerMessage };
  const sectionCost = (labelled: boolean) => limits.blockOverheadChars + frame.fenceChars + (labelled ? frame.labelChars : 0);

  const messages: string[][][] = [[]];
  let room = { ...firstRoom };
  let section: string[] | undefined;
  let body = 0;

  const openSection = (): boolean => {
    const message = messages[messages.length - 1]!;
    const cost = sectionCost(message.length === 0);
    if (room.blocks < 1 || room.chars < cost + 1) return false;
    section = [];
    body = 0;
    message.push(section);
    room.blocks -= 1;
    room.chars -= cost;
    return true;
  };
  const openMessage = () => {
    messages.push([]);
    room = { ...followUpRoom };
    openSection();
  };

  for (const line of lines) {
    for (const piece of splitLongLine(line, bodyMax)) {
      const grow = (section && section.length > 0 ? 1 : 0) + piece.length;
      if (section && body + grow <= bodyMax && grow <= room.chars) {
        section.push(piece);
        body += grow;
        room.chars -= grow;
        continue;
      }
      if (!openSection() || piece.length > room.chars) openMessage();
      section!.push(piece);
      body = piece.length;
      room.chars -= piece.length;
    }
  }
  return messages.map((message) => message.filter((s) => s.length > 0)).filter((message, i) => i === 0 || message.length > 0);
}

import type { TranscriptLine } from './types.js';

/** Cuts text at a word boundary to at most `max` characters, marking the cut with `…`. */
export function cutAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const head = clean.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,;:.-]+$/, '')}…`;
}

/**
 * The customer's concern: their first substantive utterance (four words or more; else their first
 * utterance), cut at a word boundary to 200 characters. Without speaker roles, the start of the transcript.
 *
 * @example
 * ```ts
 * concernOf([{ speaker: 'Customer', text: 'Hello?' }, { speaker: 'Customer', text: 'My order has not shipped yet.' }]);
 * // 'My order has not shipped yet.'
 * ```
 */
export function concernOf(lines: readonly TranscriptLine[], max = 200): string | undefined {
  const customer = lines.filter((line) => line.speaker === 'Customer');
  if (customer.length === 0 && !lines.some((line) => line.speaker === 'Agent')) {
    const all = lines.map((line) => line.text).join(' ');
    return all.trim() ? cutAtWord(all, max) : undefined;
  }
  const pick = customer.find((line) => line.text.trim().split(/\s+/).length >= 4) ?? customer[0];
  return pick ? cutAtWord(pick.text, max) : undefined;
}

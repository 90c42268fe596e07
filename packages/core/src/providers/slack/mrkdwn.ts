import { cleanText } from '../../text/clean.js';

/**
 * Escapes text for Slack mrkdwn (`&`, `<`, `>`), so user text cannot mention, link or break markup, after
 * {@link cleanText} (no control, bidi or zero-width characters reach Slack).
 */
export function escapeMrkdwn(text: string): string {
  return cleanText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes text for a mrkdwn code block, and defuses backtick runs so a transcript cannot close the block:
 * a zero-width space goes between every two adjacent backticks, so no run of three (or more) is left —
 * replacing only whole "```" triples would leave one in "`````".
 */
export function escapeCode(text: string): string {
  return escapeMrkdwn(text).replace(/`(?=`)/g, '`\u200b');
}

/** `3m 7s`, `1h 2m 3s`, `45s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h}h` : '', h || m ? `${m}m` : '', `${s % 60}s`];
  return parts.filter(Boolean).join(' ');
}

/** Splits a line longer than `max` at word boundaries (hard, for a word longer than `max`); nothing is dropped. */
export function splitLongLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const cut = space > 0 ? space : max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  pieces.push(rest);
  return pieces;
}

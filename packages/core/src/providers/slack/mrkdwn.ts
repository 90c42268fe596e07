/** Escapes text for Slack mrkdwn (`&`, `<`, `>`), so user text cannot mention, link or break markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a mrkdwn code block: also defuses ``` so a transcript cannot close the block. */
export function escapeCode(text: string): string {
  return escapeMrkdwn(text).replace(/```/g, '`\u200b`\u200b`');
}

/** `3m 7s`, `1h 2m 3s`, `45s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h}h` : '', h || m ? `${m}m` : '', `${s % 60}s`];
  return parts.filter(Boolean).join(' ');
}

/**
 * Splits lines into chunks of at most `max` characters, joining lines with `\n`; a line longer
 * than `max` is split at word boundaries (or hard, for a word longer than `max`). Nothing is dropped.
 */
export function chunkLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string) => {
    if (current === '') current = piece;
    else if (current.length + 1 + piece.length <= max) current += `\n${piece}`;
    else {
      chunks.push(current);
      current = piece;
    }
  };
  for (const line of lines) for (const piece of splitLong(line, max)) push(piece);
  if (current !== '') chunks.push(current);
  return chunks;
}

function splitLong(line: string, max: number): string[] {
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

/**
 * Draws a Slack message (`{ text, blocks }`, as callwire posts it) as SVG, the way Slack's desktop client shows
 * it: the app's name with its APP badge and the time; section blocks (text, and fields in two columns), context
 * blocks (small, grey), dividers and header blocks; in mrkdwn, *bold*, _italic_, ~strike~, `code` (red on
 * grey), ``` code blocks, > quotes, `<@U…>` mentions as a highlighted @name, `<url|text>` links, and the
 * &amp; &lt; &gt; escapes decoded.
 *
 * Text is laid out here, not by the browser: every run is placed at a width computed from Helvetica's advance
 * widths (Arial and Liberation Sans share them; monospace is 0.6 em) and drawn with `textLength`, so the
 * highlights behind mentions and code always fit their text, whatever font the reader's browser picks.
 * What stays approximate: Slack's own font (Lato) and emoji images, and where Slack would wrap a line.
 */
import { escapeXml, monoFont, sansFont } from './svg.js';

/** Slack members as the workspace resolves `<@U…>` mentions: the sample agent directory of the call tests. */
const members: Record<string, string> = { U04ASHA123: 'Asha Verma' };

/** A block of a Slack message, as far as the picture reads it. */
export interface SlackBlock {
  type: string;
  text?: { type?: string; text?: string };
  fields?: { type?: string; text?: string }[];
  elements?: { type?: string; text?: string }[];
}

type Style = 'plain' | 'bold' | 'italic' | 'strike' | 'code' | 'mention' | 'link';
/** A run of text in one style. */
interface Run { text: string; style: Style }
/** A run placed on a line: its x and width (px). */
interface Placed extends Run { x: number; width: number }
/** What one line of the picture holds. */
type Line =
  | { kind: 'text'; x: number; runs: Placed[]; size: number; colour: string; height: number; quote: boolean }
  | { kind: 'pre'; x: number; width: number; texts: string[] }
  | { kind: 'rule'; x: number; width: number }
  | { kind: 'gap'; height: number };

const textSize = 15;
const lineHeight = 22;
const codeSize = 12;
const preLineHeight = 18;

/** Helvetica's advance widths (1/1000 em) for ASCII 32–126 (Adobe's AFM). */
const helvetica = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278,
  584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
  667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** An emoji (with its variation selector): drawn on its own, at its own width, as Slack draws emoji as images. */
const emoji = /^\p{Extended_Pictographic}\uFE0F?$/u;
const emojiSize = 17;
/** Slack's emoji box in a 15 px line: 22 px with its margins. */
const emojiAdvance = 22;

/** The width (px) of `text` in `style` at `size` px. */
function widthOf(text: string, style: Style, size: number): number {
  if (style === 'code') return [...text].length * 0.6 * size;
  if (emoji.test(text)) return (emojiAdvance * size) / textSize;
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0xfe0f || code === 0x200b) continue; // variation selector, zero-width space
    if (code >= 32 && code <= 126) units += helvetica[code - 32]!;
    else if (char === '•') units += 350;
    else if (char === '—' || char === '…') units += 1000;
    else units += 556;
  }
  return (units / 1000) * size * (style === 'bold' ? 1.06 : 1);
}

/** Slack's escapes decoded (mrkdwn text escapes only these three). */
const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The inline mrkdwn of one line as styled runs. */
function runsOf(line: string): Run[] {
  const runs: Run[] = [];
  let last = 0;
  const pattern = /`([^`\n]+)`|<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|<!(here|channel|everyone)>|<#C[A-Z0-9]+\|([^>]+)>|<((?:https?|mailto):[^|>]+)(?:\|([^>]+))?>|(?<![\w*])\*([^*\n]+)\*(?![\w*])|(?<![\w_])_([^_\n]+)_(?![\w_])|(?<![\w~])~([^~\n]+)~(?![\w~])/g;
  for (const match of line.matchAll(pattern)) {
    if (match.index > last) runs.push({ text: decode(line.slice(last, match.index)), style: 'plain' });
    const [, code, user, special, channel, url, label, bold, italic, strike] = match;
    if (code !== undefined) runs.push({ text: decode(code), style: 'code' });
    else if (user !== undefined) runs.push({ text: `@${memberName(user)}`, style: 'mention' });
    else if (special !== undefined) runs.push({ text: `@${special}`, style: 'mention' });
    else if (channel !== undefined) runs.push({ text: `#${decode(channel)}`, style: 'mention' });
    else if (url !== undefined) runs.push({ text: decode(label ?? url), style: 'link' });
    else if (bold !== undefined) runs.push({ text: decode(bold), style: 'bold' });
    else if (italic !== undefined) runs.push({ text: decode(italic), style: 'italic' });
    else runs.push({ text: decode(strike!), style: 'strike' });
    last = match.index + match[0].length;
  }
  if (last < line.length) runs.push({ text: decode(line.slice(last)), style: 'plain' });
  return runs;
}

function memberName(id: string): string {
  const name = members[id];
  if (!name) throw new Error(`The message mentions <@${id}>, who is not in the picture's members (scripts/docs-images/slack-message.ts): add the name Slack would show.`);
  return name;
}

/** Wraps runs into lines of at most `max` px, breaking between words; places each run. */
function wrap(runs: Run[], max: number, size: number): Placed[][] {
  const lines: Placed[][] = [[]];
  let used = 0;
  for (const run of runs) {
    // Code, mentions and links stay whole when they fit a line (Slack does not break inside a short one).
    const words = run.style === 'plain' || run.style === 'bold' || run.style === 'italic' || run.style === 'strike'
      ? run.text.split(/(?<= )/).flatMap((word) => word.split(/(\p{Extended_Pictographic}\uFE0F?)/u)).filter((word) => word !== '')
      : [run.text];
    for (const word of words) {
      const width = widthOf(word, run.style, size);
      if (used + width > max && used > 0) {
        lines.push([]);
        used = 0;
        if (word === ' ') continue;
      }
      lines.at(-1)!.push({ ...run, text: word, x: used, width });
      used += width;
    }
  }
  return lines;
}

/** The lines of one mrkdwn text at `x`, `width` px wide: paragraphs, quotes and code blocks. */
function mrkdwnLines(text: string, x: number, width: number, size = textSize, colour = '#1d1c1d'): Line[] {
  const lines: Line[] = [];
  const pieces = text.split(/```\n?([\s\S]*?)\n?```/);
  pieces.forEach((piece, index) => {
    if (index % 2 === 1) {
      const columns = Math.floor((width - 2 * 8 - 2) / (0.6 * codeSize));
      const texts = decode(piece).split('\n').flatMap((line) => wrapColumns(line, columns));
      lines.push({ kind: 'pre', x, width, texts });
      return;
    }
    if (piece.trim() === '') return;
    for (const source of piece.replace(/^\n|\n$/g, '').split('\n')) {
      const quote = source.startsWith('>');
      const inner = quote ? source.replace(/^> ?/, '') : source;
      const indent = quote ? 16 : 0;
      const height = Math.round((size * lineHeight) / textSize);
      if (inner === '') lines.push({ kind: 'gap', height });
      for (const runs of wrap(runsOf(inner), width - indent, size)) lines.push({ kind: 'text', x: x + indent, runs, size, colour, height, quote });
    }
  });
  return lines;
}

/** A code line wrapped at `columns` characters (Slack wraps code blocks; it never scrolls them). */
function wrapColumns(line: string, columns: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > columns) {
    const cut = rest.lastIndexOf(' ', columns) > columns / 2 ? rest.lastIndexOf(' ', columns) + 1 : columns;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

/** One text run as SVG, with the highlight Slack draws behind mentions and inline code. */
function drawRun(run: Placed, x: number, baseline: number, size: number, colour: string): string[] {
  const parts: string[] = [];
  const at = x + run.x;
  const fit = `textLength="${run.width.toFixed(1)}" lengthAdjust="spacingAndGlyphs"`;
  const text = escapeXml(run.text);
  if (run.text.trim() === '') return parts;
  if (emoji.test(run.text)) {
    parts.push(`<text x="${(at + run.width / 2).toFixed(1)}" y="${baseline + 1}" text-anchor="middle" font-size="${Math.round((emojiSize * size) / textSize)}">${text}</text>`);
    return parts;
  }
  if (run.style === 'code') {
    parts.push(`<rect x="${(at - 3).toFixed(1)}" y="${baseline - size + 1}" width="${(run.width + 6).toFixed(1)}" height="${size + 5}" rx="3" fill="#f8f8f8" stroke="#dddddd"/>`);
    parts.push(`<text x="${at.toFixed(1)}" y="${baseline}" ${fit} font-family="${escapeXml(monoFont)}" font-size="${codeSize}" fill="#e01e5a" xml:space="preserve">${text}</text>`);
    return parts;
  }
  if (run.style === 'mention') {
    parts.push(`<rect x="${(at - 2).toFixed(1)}" y="${baseline - size}" width="${(run.width + 4).toFixed(1)}" height="${size + 5}" rx="3" fill="#e8f5fa"/>`);
    parts.push(`<text x="${at.toFixed(1)}" y="${baseline}" ${fit} font-size="${size}" fill="#1264a3" xml:space="preserve">${text}</text>`);
    return parts;
  }
  const attributes = {
    plain: `fill="${colour}"`,
    bold: `fill="${colour}" font-weight="700"`,
    italic: `fill="${colour}" font-style="italic"`,
    strike: `fill="${colour}" text-decoration="line-through"`,
    link: `fill="#1264a3"`,
  }[run.style];
  parts.push(`<text x="${at.toFixed(1)}" y="${baseline}" ${fit} font-size="${size}" ${attributes} xml:space="preserve">${text}</text>`);
  return parts;
}

/** The lines of one block, `width` px wide at `x`. */
function blockLines(block: SlackBlock, x: number, width: number): Line[] {
  switch (block.type) {
    case 'section': {
      const lines = block.text?.text ? mrkdwnLines(block.text.text, x, width) : [];
      const fields = block.fields ?? [];
      for (let i = 0; i < fields.length; i += 2) {
        // Two columns: the left field's lines beside the right one's, row by row.
        const column = (width - 16) / 2;
        const left = mrkdwnLines(fields[i]?.text ?? '', x, column);
        const right = mrkdwnLines(fields[i + 1]?.text ?? '', x + column + 16, column);
        for (let row = 0; row < Math.max(left.length, right.length); row++) {
          const pair = [left[row], right[row]].filter((line): line is Line => line !== undefined);
          lines.push(...pair.slice(0, -1).map((line) => ({ ...line, height: 0 }) as Line), pair.at(-1)!);
        }
        lines.push({ kind: 'gap', height: 4 });
      }
      return lines;
    }
    case 'context':
      return (block.elements ?? []).flatMap((element) => mrkdwnLines(element.text ?? '', x, width, 12, '#616061'));
    case 'divider':
      return [{ kind: 'rule', x, width }];
    case 'header':
      return (block.text?.text ?? '').split('\n').flatMap((line) => wrap([{ text: line, style: 'bold' }], width, 18).map((runs): Line => ({ kind: 'text', x, runs, size: 18, colour: '#1d1c1d', height: 26, quote: false })));
    default:
      throw new Error(`The picture cannot draw a Slack "${block.type}" block yet: add it to scripts/docs-images/slack-message.ts.`);
  }
}

/** The SVG of `message` as Slack's desktop client shows it, posted by the app `app` at `time`. */
export function slackMessageSvg(message: { text?: string; blocks?: SlackBlock[] }, app = 'callwire', time = '3:12 PM'): string {
  const width = 760;
  const left = 72;
  const textWidth = width - left - 24;
  const body: string[] = [];
  let y = 50;
  for (const block of message.blocks ?? [{ type: 'section', text: { type: 'mrkdwn', text: message.text ?? '' } }]) {
    y += 4;
    for (const line of blockLines(block, left, textWidth)) {
      if (line.kind === 'gap') {
        y += line.height;
      } else if (line.kind === 'rule') {
        body.push(`<rect x="${line.x}" y="${y + 8}" width="${line.width}" height="1" fill="#dddddd"/>`);
        y += 17;
      } else if (line.kind === 'pre') {
        const height = line.texts.length * preLineHeight + 16;
        body.push(`<rect x="${line.x}" y="${y + 4}" width="${line.width}" height="${height}" rx="4" fill="#f8f8f8" stroke="#dddddd"/>`);
        line.texts.forEach((text, index) => {
          if (text.trim() === '') return;
          const fit = `textLength="${(text.length * 0.6 * codeSize).toFixed(1)}" lengthAdjust="spacingAndGlyphs"`;
          body.push(`<text x="${line.x + 9}" y="${y + 4 + 8 + 13 + index * preLineHeight}" ${fit} font-family="${escapeXml(monoFont)}" font-size="${codeSize}" fill="#1d1c1d" xml:space="preserve">${escapeXml(text)}</text>`);
        });
        y += height + 8;
      } else {
        const baseline = y + Math.round(line.size * 1.1);
        if (line.quote) body.push(`<rect x="${line.x - 16}" y="${y}" width="4" height="${line.height}" rx="2" fill="#dddddd"/>`);
        for (const run of line.runs) body.push(...drawRun(run, line.x, baseline, line.size, line.colour));
        y += line.height;
      }
    }
    y += 4;
  }
  const height = y + 16;
  const nameWidth = widthOf(app, 'bold', textSize);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(sansFont)}" role="img" aria-label="${escapeXml(message.text ?? 'Slack message')}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff" stroke="#e0e0e0"/>`,
    `<rect x="16" y="20" width="40" height="40" rx="6" fill="#4a154b"/><text x="36" y="47" text-anchor="middle" font-size="20" font-weight="700" fill="#ffffff">${escapeXml(app[0]!.toUpperCase())}</text>`,
    `<text x="${left}" y="36" textLength="${nameWidth.toFixed(1)}" lengthAdjust="spacingAndGlyphs" font-size="${textSize}" font-weight="700" fill="#1d1c1d">${escapeXml(app)}</text>`,
    `<rect x="${(left + nameWidth + 6).toFixed(1)}" y="25" width="28" height="14" rx="2" fill="#e8e8e8"/><text x="${(left + nameWidth + 20).toFixed(1)}" y="35.5" text-anchor="middle" font-size="9.5" font-weight="700" fill="#616061">APP</text>`,
    `<text x="${(left + nameWidth + 42).toFixed(1)}" y="36" font-size="12" fill="#616061">${escapeXml(time)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

import { escapeHtml, SafeHtml } from '../appointment/html.js';

/**
 * Slack mrkdwn → HTML, the way Slack draws it: ``` code blocks, `code`, *bold*, _italic_, ~strike~,
 * > quotes, <@U…> mentions, <#C…|channel>, <!here> and <url|label> links. Every piece of text is
 * HTML-escaped; the only markup emitted is this module's own tags, and links only for http(s)/mailto.
 */
export function mrkdwnToHtml(text: string): SafeHtml {
  const out: string[] = [];
  let last = 0;
  for (const match of text.matchAll(/```([\s\S]*?)```/g)) {
    out.push(paragraphs(text.slice(last, match.index).replace(/\n$/, '')));
    const code = match[1]!.replace(/^\n/, '').replace(/\n$/, '');
    out.push(`<pre class="sk-pre"><code>${escapeHtml(decodeEntities(code))}</code></pre>`);
    last = match.index + match[0].length;
  }
  out.push(paragraphs(text.slice(last).replace(/^\n/, '')));
  return new SafeHtml(out.join(''));
}

/** Slack's own escapes (`&amp;`, `&lt;`, `&gt;`) back to characters. */
export const decodeEntities = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Lines joined with <br>; runs of `>` lines become one blockquote. */
function paragraphs(text: string): string {
  if (text === '') return '';
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote class="sk-quote">${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  const plain: string[] = [];
  const flushPlain = () => {
    if (plain.length > 0) out.push(plain.join('<br>'));
    plain.length = 0;
  };
  for (const line of text.split('\n')) {
    const quoted = /^(?:>|&gt;) ?(.*)$/.exec(line);
    if (quoted) {
      flushPlain();
      quote.push(inline(quoted[1]!));
    } else {
      flush();
      plain.push(inline(line));
    }
  }
  flush();
  flushPlain();
  return out.join('');
}

/** One line: `<…>` specials, then code spans, then emphasis on the escaped text. */
function inline(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(/<([^<>\s][^<>]*)>/g)) {
    out += formatted(decodeEntities(line.slice(last, match.index)));
    out += special(match[1]!);
    last = match.index + match[0].length;
  }
  return out + formatted(decodeEntities(line.slice(last)));
}

function formatted(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((piece, index) => (index % 2 === 1 ? `<code class="sk-code">${escapeHtml(piece.slice(1, -1))}</code>` : emphasis(escapeHtml(piece))))
    .join('');
}

const emphasisRules: [RegExp, string][] = [
  [/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])/g, 'strong'],
  [/(^|[^\w_])_(?=\S)([^_]*?\S)_(?![\w_])/g, 'em'],
  [/(^|[^\w~])~(?=\S)([^~]*?\S)~(?![\w~])/g, 'del'],
];

/** Applies *bold*, _italic_ and ~strike~ to already-escaped text (the markers survive escaping unchanged). */
function emphasis(escaped: string): string {
  return emphasisRules.reduce((text, [rule, tag]) => text.replace(rule, `$1<${tag}>$2</${tag}>`), escaped);
}

/** A `<…>` construct: a mention, a channel, a special mention, or a link. */
function special(body: string): string {
  const [target = '', label] = body.split('|', 2).map(decodeEntities) as [string, string | undefined];
  const mention = (text: string) => `<span class="sk-mention">${escapeHtml(text)}</span>`;
  if (/^@[UW][A-Z0-9]+$/.test(target)) return mention(`@${label ?? target.slice(1)}`);
  if (/^#C[A-Z0-9]+$/.test(target)) return mention(`#${label ?? target.slice(1)}`);
  if (target.startsWith('!')) {
    const name = target.slice(1).split('^')[0]!;
    if (name === 'date') return escapeHtml(label ?? '');
    return mention(label ?? `@${name}`);
  }
  if (/^(https?:\/\/|mailto:)/i.test(target)) {
    return `<a class="sk-link" href="${escapeHtml(target)}" rel="noopener noreferrer nofollow">${escapeHtml(label ?? target)}</a>`;
  }
  return escapeHtml(`<${body}>`);
}

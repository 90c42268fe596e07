import { phoneLibrary } from './phone.js';
import { cleanText } from './text/clean.js';

/**
 * A pino-compatible logger: `logger.info({ jobId }, 'message')`. Pass `pino()` or `console`-backed
 * objects; callwire is silent by default.
 */
export interface Logger {
  /** Detail for debugging (optional). */
  debug?(details: object, message?: string): void;
  /** Normal events. */
  info(details: object, message?: string): void;
  /** Something went wrong and will be retried. */
  warn(details: object, message?: string): void;
  /** Something failed for good. */
  error(details: object, message?: string): void;
}

/** The default logger: says nothing. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Digit runs that look like a phone number, whatever the parser makes of them (a possible but invalid number). */
const phoneLike = /\+?\d[\d\s().-]{5,}\d/g;
/** `/` or `·` (or `•`, `∙`) between digits: separators people write in numbers that parsers do not know. */
const oddSeparator = /(?<=\d)\s*[/\u00B7\u2022\u2219\u22C5]\s*(?=\d)/g;
/** An e-mail address: a dot-atom or quoted local part (RFC 5322; also inside a JSON string, `\"…\"`), Unicode letters included (RFC 6531), and a (Unicode) domain or address literal. */
const emailLike = /("(?:[^"\\\r\n]|\\.)+"|"[^"\r\n@]{1,64}?\\"|[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+)@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,}|\[[^\]\s]+\])/gu;

/** A masked number: its `+`, then `•` for every digit but the last two. */
function maskNumber(text: string): string {
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7) return text;
  return (text.trimStart().startsWith('+') ? '+' : '') + '•'.repeat(digits.length - 2) + digits.slice(-2);
}

/**
 * The text redaction reads: NFKC (full-width digits and `＠` become ASCII), cleaned of control and
 * zero-width characters ({@link cleanText}), with `/` and `·` between digits read as `-`.
 */
function normalise(text: string): string {
  return cleanText(text.normalize('NFKC')).replace(oddSeparator, '-');
}

/** Options of {@link redactText}. */
export interface RedactOptions {
  /** Names to mask too (a job's caller, customer or agent, from its own input), word by word. */
  names?: readonly (string | null | undefined)[] | undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks `names` in `text` — each word of a name that has two letters or more, case-insensitively and only as a
 * whole word — keeping its first letter: `Jordan Lee` → `J••• L•••`.
 *
 * @example
 * ```ts
 * maskNames('Slack refused the post for Asha Verma', ['Asha Verma']); // 'Slack refused the post for A••• V•••'
 * ```
 */
export function maskNames(text: string, names: readonly (string | null | undefined)[]): string {
  const parts = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const clean = cleanText(name.normalize('NFKC')).trim();
    for (const part of clean.split(/[^\p{L}\p{N}]+/u)) if ([...part].length >= 2) parts.add(part);
  }
  if (parts.size === 0) return text;
  const alternatives = [...parts].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
  return text.replace(pattern, (found) => `${[...found][0]}•••`);
}

/**
 * Masks phone numbers (all but the last two digits) and e-mail local parts in free text, so that
 * error messages (provider error bodies included) can be logged and stored without personal data.
 * Numbers are found by libphonenumber's finder (`findPhoneNumbersInText`, national numbers read as
 * Indian) over normalised text — full-width digits, `/`, `·` and zero-width spaces do not hide them —
 * and by digit runs the finder does not take for valid; e-mail addresses with Unicode (IDN) domains or
 * local parts and quoted local parts are masked too. With `names`, those names are masked as well ({@link maskNames}).
 *
 * @example
 * ```ts
 * redactText('invalid number +919876543210'); // 'invalid number +••••••••••10'
 * redactText('"jordan lee"@exämple.de'); // '"•••@exämple.de'
 * ```
 */
export function redactText(text: string, options: RedactOptions = {}): string {
  const normal = normalise(text);
  let out = '';
  let from = 0;
  for (const found of phoneLibrary().findPhoneNumbersInText(normal, 'IN')) {
    out += normal.slice(from, found.startsAt) + maskNumber(normal.slice(found.startsAt, found.endsAt));
    from = found.endsAt;
  }
  out += normal.slice(from);
  const redacted = out
    .replace(phoneLike, (match) => maskNumber(match))
    .replace(emailLike, (_match, local: string, domain: string) => `${local[0]}•••@${domain}`);
  return options.names ? maskNames(redacted, options.names) : redacted;
}

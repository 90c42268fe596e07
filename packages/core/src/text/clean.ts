/** Options of {@link cleanText}. */
export interface CleanTextOptions {
  /**
   * Keep line breaks (as `\n`) where the output format allows them — Slack mrkdwn, e-mail bodies, SMS,
   * iCalendar TEXT (escaped there). `false` (names, numbers, ids, headers) turns them into spaces.
   * Default `true`.
   */
  newlines?: boolean | undefined;
}

/** C0 and C1 controls and DEL, except the line breaks and tab handled first. */
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Bidirectional embeddings, overrides, isolates and marks: they reorder how text (a phone number) is displayed. */
const bidi = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Invisible characters that no script needs: zero-width space, word joiner, BOM, Mongolian vowel separator, invisible operators. */
const invisible = /[\u180E\u200B\u2060-\u2064\uFEFF]/g;
/**
 * Zero-width (non-)joiners next to ASCII or at an edge: Devanagari, Arabic and emoji sequences need them
 * between their own characters; between Latin letters or digits they only hide a difference.
 */
const strayJoiner = /(?<![^\u0000-\u007F])[\u200C\u200D]|[\u200C\u200D](?![^\u0000-\u007F])/g;
/** A surrogate half without its pair (not text; some outputs refuse it). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** CR LF, lone CR, and the Unicode line and paragraph separators. */
const lineBreaks = /\r\n?|[\u2028\u2029\u0085]/g;

/**
 * Every character one of the rules above may change (a superset: `\u2065` and line breaks that are kept too),
 * so that text without any — nearly all text — is returned as it is after one scan.
 */
const needsCleaning = /[\u0000-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF\uD800-\uDFFF]/;

/**
 * The one cleaning function for every text that reaches an output (Slack, e-mail, `.ics`, SMS, the
 * console) and for names and numbers at intake: removes C0/C1 control characters (a bare CR would end an
 * iCalendar line), bidirectional overrides and zero-width characters (they spoof how a number or a name
 * reads), and lone surrogates; line breaks become `\n` (or a space with `newlines: false`), a tab a space.
 *
 * @example
 * ```ts
 * cleanText('Ravi\r\nEND:VEVENT'); // 'Ravi\nEND:VEVENT'
 * cleanText('+91\u202E98765\u200B43210', { newlines: false }); // '+919876543210'
 * ```
 */
export function cleanText(text: string, options: CleanTextOptions = {}): string {
  if (!needsCleaning.test(text)) return text;
  const newline = options.newlines === false ? ' ' : '\n';
  return text
    .replace(loneSurrogate, '\uFFFD')
    .replace(lineBreaks, '\n')
    .replace(/\n/g, newline)
    .replace(/\t/g, ' ')
    .replace(controls, '')
    .replace(bidi, '')
    .replace(invisible, '')
    .replace(strayJoiner, '');
}

/** True when {@link cleanText} would leave `text` as it is (for fields that are refused rather than cleaned). */
export function isClean(text: string, options: CleanTextOptions = {}): boolean {
  return cleanText(text, options) === text;
}

/**
 * A pino-compatible logger: `logger.info({ jobId }, 'message')`. Pass `pino()` or `console`-backed
 * objects; callwire is silent by default.
 */
export interface Logger {
  debug?(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/** The default logger: says nothing. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const phoneLike = /\+?\d[\d\s().-]{5,}\d/g;
const emailLike = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/**
 * Masks phone numbers (all but the last two digits) and e-mail local parts in free text, so that
 * error messages can be logged without personal data.
 *
 * @example
 * ```ts
 * redactText('invalid number +919876543210'); // 'invalid number +••••••••••10'
 * ```
 */
export function redactText(text: string): string {
  return text
    .replace(phoneLike, (match) => {
      const digits = match.replace(/\D/g, '');
      if (digits.length < 7) return match;
      return (match.startsWith('+') ? '+' : '') + '•'.repeat(digits.length - 2) + digits.slice(-2);
    })
    .replace(emailLike, (_match, first: string, domain: string) => `${first}•••@${domain}`);
}

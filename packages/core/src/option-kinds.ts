/**
 * The kinds of option value the factories check at construction, as zod schemas with the words that
 * end `parseOptions`' message (`<factory>: option \`<name>\` <words>.`). Factories build their schema on
 * first use, so none of this runs at import.
 */
import * as z from 'zod';
import { isTimeZone } from './time/zone.js';
import { parseClock } from './time/parse.js';

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

function urlProblem(value: string, protocols: readonly string[], loopbackHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute URL (got ${JSON.stringify(value)})`;
  }
  if (protocols.includes(url.protocol)) return undefined;
  if (loopbackHttp && url.protocol === 'http:' && isLoopback(url)) return undefined;
  return `must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL${loopbackHttp ? ' (http:// only to this machine)' : ''} (got ${JSON.stringify(value)})`;
}

/** The kinds; each call makes a fresh schema. */
export const kind = {
  /** A non-blank string (an id, a name, an address). */
  text: (what = 'must be a non-empty string') => z.string({ error: what }).refine((v) => v.trim() !== '', what),
  /** A credential: a non-blank string of at least `min` characters. */
  secret: (min = 1, hint = '') =>
    z
      .string({ error: `must be a non-empty string${hint}` })
      .refine((v) => v.trim() !== '', `must be a non-empty string${hint}`)
      .refine((v) => v.length >= min, `must be at least ${min} characters${hint}`),
  /** An IANA time zone. */
  timeZone: () => z.string({ error: 'must be an IANA time zone such as Asia/Kolkata' }).refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata'),
  /** A duration in milliseconds: a whole number, at least `min`. */
  ms: (min = 0) => z.number({ error: 'must be a number of ms' }).int('must be a whole number of ms').min(min, min === 0 ? 'must be 0 or more (ms)' : `must be at least ${min} ms`),
  /** A number of minutes above 0 (or at least 0). */
  minutes: (allowZero = false) =>
    z.number({ error: 'must be a number of minutes' }).refine((v) => Number.isFinite(v) && (allowZero ? v >= 0 : v > 0), allowZero ? 'must be 0 or more (minutes)' : 'must be above 0 (minutes)'),
  /** A whole number in a range. */
  count: (min: number, max = Number.MAX_SAFE_INTEGER) =>
    z.number({ error: 'must be a whole number' }).int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
  /** An absolute URL with one of `protocols` (`https:` by default); plain http to this machine when `loopbackHttp`. */
  url: (protocols: readonly string[] = ['https:'], loopbackHttp = false) =>
    z.string({ error: 'must be a URL string' }).superRefine((value, ctx) => {
      const problem = urlProblem(value, protocols, loopbackHttp);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** An e-mail address. */
  email: () => z.string({ error: 'must be an e-mail address' }).regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'must be an e-mail address such as desk@acme.com'),
  /** A clock time `HH:mm`. */
  clock: () => z.string({ error: 'must be a time HH:mm' }).refine((v) => parseClock(v) !== undefined, 'must be a time HH:mm such as 09:00'),
  /** A two-letter region code. */
  region: () => z.string({ error: 'must be a two-letter region code such as IN' }).regex(/^[A-Z]{2}$/, 'must be a two-letter region code such as IN'),
  /** An object implementing a port or a client. */
  object: (name: string) => z.custom<object>((value) => typeof value === 'object' && value !== null, `must be a ${name} object`),
  /** A function. */
  fn: (what: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `must be a function (${what})`),
  /** One of some literal values. */
  oneOf: <const T extends readonly [string | number, ...(string | number)[]]>(values: T) =>
    z.custom<T[number]>((value) => (values as readonly unknown[]).includes(value), `must be ${values.map((v) => JSON.stringify(v)).join(' or ')}`),
  /** A list of non-blank strings. */
  texts: (what = 'must be a list of non-empty strings') => z.array(z.string().refine((v) => v.trim() !== '', what), { error: what }),
  /** A `RetryPolicy` override. */
  retry: () =>
    z.object(
      {
        maxAttempts: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').optional(),
        baseDelayMs: kind.ms().optional(),
        maxDelayMs: kind.ms().optional(),
        jitter: z.boolean({ error: 'must be true or false' }).optional(),
        maxRetryAfterMs: kind.ms().optional(),
      },
      { error: 'must be an object ({ maxAttempts, baseDelayMs, maxDelayMs, jitter, maxRetryAfterMs })' },
    ),
  /** A pino-compatible logger. */
  logger: () =>
    z.custom<object>(
      (value) => typeof value === 'object' && value !== null && ['info', 'warn', 'error'].every((level) => typeof (value as Record<string, unknown>)[level] === 'function'),
      'must be a logger with info, warn and error methods (pino, console-like)',
    ),
};

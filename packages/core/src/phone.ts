import { createRequire } from 'node:module';
import type { CountryCode } from './country-code.js';

type PhoneLibrary = typeof import('libphonenumber-js');
let library: PhoneLibrary | undefined;
/** libphonenumber-js (and its metadata) takes about 50 ms to load: load it on the first number, not when `@callwire/core` is imported. */
export const phoneLibrary = (): PhoneLibrary => (library ??= createRequire(import.meta.url)('libphonenumber-js') as PhoneLibrary);

/** A phone number in E.164 form, e.g. `+919876543210`. */
export type E164 = `+${string}`;

/**
 * Normalises a phone number as callers and providers write it (`09876543210`, `919876543210`,
 * `+91 98765 43210`, `whatsapp:+1…`) to E.164, reading national numbers in `defaultRegion`.
 * Returns `undefined` for text that is not a possible number.
 *
 * @example
 * ```ts
 * toE164('09631084471', 'IN'); // '+919631084471'
 * toE164('919631084471', 'IN'); // '+919631084471'
 * ```
 */
export function toE164(raw: string, defaultRegion: CountryCode = 'IN'): E164 | undefined {
  if (raw.length > normalisedLongest) return parseE164(raw, defaultRegion);
  const key = `${defaultRegion} ${raw}`;
  const known = normalised.get(key);
  if (known !== undefined) return known === false ? undefined : known;
  const e164 = parseE164(raw, defaultRegion);
  if (normalised.size >= normalisedLimit) normalised.delete(normalised.keys().next().value!);
  normalised.set(key, e164 ?? false);
  return e164;
}

/**
 * The last numbers {@link toE164} read, by region and text (`false`: not a number). A webhook names the same
 * numbers again and again (the business's own numbers on every call, returning callers), and parsing one
 * with its numbering plan costs more than the rest of a delivery's validation together.
 */
const normalised = new Map<string, E164 | false>();
const normalisedLimit = 4_096;
const normalisedLongest = 64;

function parseE164(raw: string, defaultRegion: CountryCode): E164 | undefined {
  const cleaned = raw.trim().replace(/^(whatsapp|tel|sms):/i, '');
  if (!/\d/.test(cleaned)) return undefined;
  const candidates = [cleaned];
  // Numbers with a country code but no "+" (919631084471) read as national numbers first; try them as international too.
  if (/^\d{11,15}$/.test(cleaned) && !cleaned.startsWith('0')) candidates.push(`+${cleaned}`);
  for (const candidate of candidates) {
    const parsed = phoneLibrary().parsePhoneNumberFromString(candidate, defaultRegion);
    if (parsed?.isPossible()) return parsed.number as E164;
  }
  return undefined;
}

/**
 * True when the number is a valid, dialable number (stricter than {@link toE164}: checks the numbering plan).
 *
 * @example
 * ```ts
 * isValidPhoneNumber('09876543210'); // true (an Indian mobile, default region IN)
 * isValidPhoneNumber('12', 'US'); // false
 * ```
 */
export function isValidPhoneNumber(raw: string, defaultRegion: CountryCode = 'IN'): boolean {
  const e164 = toE164(raw, defaultRegion);
  return e164 !== undefined && phoneLibrary().parsePhoneNumberFromString(e164)?.isValid() === true;
}

/**
 * True when two numbers, as written, are the same number once normalised.
 *
 * @example
 * ```ts
 * samePhoneNumber('09631084471', '+91 96310 84471'); // true
 * ```
 */
export function samePhoneNumber(a: string, b: string, defaultRegion: CountryCode = 'IN'): boolean {
  const left = toE164(a, defaultRegion);
  return left !== undefined && left === toE164(b, defaultRegion);
}

export type { CountryCode };

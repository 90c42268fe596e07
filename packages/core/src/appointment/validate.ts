import { CallwireError, type FieldIssue } from '../errors.js';
import { isValidPhoneNumber, toE164, type CountryCode } from '../phone.js';
import { cleanText, isClean } from '../text/clean.js';
import { identifierProblem } from '../text/identifier.js';
import { slotProblem, type Schedule } from './schedule.js';
import { parseIsoTime } from '../time/parse.js';
import { isTimeZone } from '../time/zone.js';
import type { Booking } from './types.js';

/** Booking fields as a payload carries them, before validation. */
export interface RawBooking {
  caller?: unknown;
  customer_name?: unknown;
  email?: unknown;
  callback_time?: unknown;
  summary?: unknown;
  transcript?: unknown;
  intent?: unknown;
  timezone?: unknown;
  conversation_id?: unknown;
}

/** Where each raw field sits in the payload, for issue paths. */
export type FieldPaths = Partial<Record<keyof RawBooking, string>>;

/** What validation needs besides the payload. */
export interface ValidationContext {
  schedule: Schedule;
  now: number;
  defaultRegion: CountryCode;
}

const emailPattern = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[A-Za-z]{2,}$/;
const textLimits = { customer_name: 200, summary: 4_000, intent: 200, transcript: 200_000 } as const;

/**
 * Checks a booking and normalises it (E.164 phone, UTC instants). Every problem is reported at once,
 * with its field path and a reason an agent can read out to the caller.
 *
 * @throws CallwireError `invalid_payload` with `issues`.
 */
export function validateBooking(raw: RawBooking, paths: FieldPaths, context: ValidationContext): Booking {
  const issues: FieldIssue[] = [];
  const at = (field: keyof RawBooking) => paths[field] ?? field;
  const text = (field: keyof typeof textLimits): string | undefined => {
    const value = raw[field];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      issues.push({ path: at(field), message: `${field.replace('_', ' ')} must be text.` });
      return undefined;
    }
    // Cleaned at intake (and again at every output): a name is one line, a summary or transcript keeps its line breaks.
    const trimmed = cleanText(value, { newlines: field !== 'customer_name' && field !== 'intent' }).trim();
    if (trimmed.length > textLimits[field]) issues.push({ path: at(field), message: `${field.replace('_', ' ')} is longer than ${textLimits[field]} characters.` });
    return trimmed || undefined;
  };

  const phone = readPhone(raw.caller, context.defaultRegion, at('caller'), issues);
  const email = readEmail(raw.email, at('email'), issues);
  const customerTimeZone = readZone(raw.timezone, context.schedule.timeZone, at('timezone'), issues);
  const start = readStart(raw.callback_time, context, at('callback_time'), issues);
  const name = text('customer_name');
  const summary = text('summary');
  const intent = text('intent');
  const transcript = text('transcript');
  const conversationId = readConversationId(raw.conversation_id, at('conversation_id'), issues);

  if (issues.length > 0 || !phone || start === undefined) {
    throw new CallwireError('invalid_payload', issues.map((issue) => issue.message).join(' '), { issues });
  }
  const end = start + context.schedule.durationMinutes * 60_000;
  return compact({
    phone,
    name,
    email,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    customerTimeZone,
    summary,
    transcript,
    intent,
    conversationId,
  });
}

function readConversationId(value: unknown, path: string, issues: FieldIssue[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const id = value.trim();
  const problem = identifierProblem(id);
  if (problem) issues.push({ path, message: `The conversation id ${problem}.` });
  return problem ? undefined : id;
}

function readPhone(value: unknown, region: CountryCode, path: string, issues: FieldIssue[]) {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ path, message: 'The caller phone number is missing.' });
    return undefined;
  }
  const e164 = toE164(value, region);
  if (!e164 || !isValidPhoneNumber(e164, region)) {
    issues.push({ path, message: 'The phone number is not a valid number; please ask for it again, with the country code.' });
    return undefined;
  }
  return e164;
}

function readEmail(value: unknown, path: string, issues: FieldIssue[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const email = typeof value === 'string' ? value.trim() : '';
  if (email.length > 254 || !emailPattern.test(email) || !isClean(email, { newlines: false })) {
    issues.push({ path, message: 'The email address does not look right; please ask the caller to spell it again.' });
    return undefined;
  }
  return email;
}

function readZone(value: unknown, fallback: string, path: string, issues: FieldIssue[]): string {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && isTimeZone(value)) return value;
  issues.push({ path, message: 'The time zone must be an IANA name such as America/New_York.' });
  return fallback;
}

/** Reads a requested start time and applies the business rules; pushes an issue and returns `undefined` when it fails. */
export function readStart(value: unknown, context: ValidationContext, path: string, issues: FieldIssue[]): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ path, message: 'The appointment time is missing.' });
    return undefined;
  }
  const parsed = parseIsoTime(value, context.schedule.timeZone);
  if (!parsed) {
    issues.push({ path, message: 'The appointment time must be an ISO 8601 date and time, like 2026-11-24T15:00:00-08:00.' });
    return undefined;
  }
  const slot = { start: parsed.instant, end: parsed.instant + context.schedule.durationMinutes * 60_000 };
  const problem = slotProblem(slot, context.schedule, context.now);
  if (problem) {
    issues.push({ path, message: problem });
    return undefined;
  }
  return parsed.instant;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

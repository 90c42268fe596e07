import { CallwireError, type FieldIssue } from '../errors.js';
import { isValidPhoneNumber, toE164, type CountryCode, type E164 } from '../phone.js';
import { parseIsoTime } from '../time/parse.js';
import { bookingMessages, bookingSchema, type BookingSchemaField } from './booking-schema.js';
import { slotProblem, type Schedule } from './schedule.js';
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

/**
 * Checks a booking and normalises it (E.164 phone, UTC instants): first against `bookingSchema()` (types,
 * lengths, e-mail, time zone, ISO time), then against the business (a valid number in its region, a slot
 * in the future, within its hours, with enough notice). Every problem is reported at once, at most one per
 * field, with its field path and a reason an agent can read out to the caller.
 *
 * @throws CallwireError `invalid_payload` with `issues`.
 */
export function validateBooking(raw: RawBooking, paths: FieldPaths, context: ValidationContext): Booking {
  const at = (field: BookingSchemaField) => paths[field] ?? field;
  const found = new Map<BookingSchemaField, string>();
  const given = present(raw);
  const result = bookingSchema().safeParse(given);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as BookingSchemaField;
      if (!found.has(field)) found.set(field, issue.message);
    }
  }
  const fields = result.success ? result.data : undefined;
  // The business rules run on every field the schema passed, so that all problems are reported at once.
  const passed = (field: 'caller' | 'callback_time') => (found.has(field) ? undefined : String(given[field]).trim());
  const caller = passed('caller');
  const phone = caller === undefined ? undefined : readPhone(caller, context.defaultRegion);
  if (caller !== undefined && !phone) found.set('caller', bookingMessages.callerInvalid);
  const time = passed('callback_time');
  const start = time === undefined ? undefined : parseIsoTime(time, context.schedule.timeZone)!.instant;
  if (start !== undefined) {
    const problem = slotProblem({ start, end: start + context.schedule.durationMinutes * 60_000 }, context.schedule, context.now);
    if (problem) found.set('callback_time', problem);
  }
  if (!fields || !phone || start === undefined || found.size > 0) {
    const order = Object.keys(bookingSchema().shape);
    const issues: FieldIssue[] = [...found]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([field, message]) => ({ path: at(field), message }));
    throw new CallwireError('invalid_payload', issues.map((issue) => issue.message).join(' '), { issues });
  }
  const end = start + context.schedule.durationMinutes * 60_000;
  return compact({
    phone,
    name: fields.customer_name || undefined,
    email: fields.email,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    customerTimeZone: fields.timezone ?? context.schedule.timeZone,
    summary: fields.summary || undefined,
    transcript: fields.transcript || undefined,
    intent: fields.intent || undefined,
    conversationId: fields.conversation_id,
  });
}

/** The fields a payload really carries: `null` and `""` are "not given", and so is a conversation id that is not a non-blank string. */
function present(raw: RawBooking): RawBooking {
  const given: RawBooking = {};
  for (const [field, value] of Object.entries(raw) as [keyof RawBooking, unknown][]) {
    if (value === undefined || value === null || value === '') continue;
    if (field === 'conversation_id' && (typeof value !== 'string' || value.trim() === '')) continue;
    given[field] = value;
  }
  return given;
}

function readPhone(value: string, region: CountryCode): E164 | undefined {
  const e164 = toE164(value, region);
  return e164 && isValidPhoneNumber(e164, region) ? e164 : undefined;
}

/** Reads a requested start time and applies the business rules; pushes an issue and returns `undefined` when it fails. */
export function readStart(value: unknown, context: ValidationContext, path: string, issues: FieldIssue[]): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ path, message: bookingMessages.timeMissing });
    return undefined;
  }
  const parsed = parseIsoTime(value, context.schedule.timeZone);
  if (!parsed) {
    issues.push({ path, message: bookingMessages.timeNotIso });
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

import * as z from 'zod';
import { cleanText, isClean } from '../text/clean.js';
import { identifierProblem } from '../text/identifier.js';
import { parseIsoTime } from '../time/parse.js';
import { isTimeZone } from '../time/zone.js';

/**
 * The reasons an agent reads out to the caller, one per field (the 422's `issues[].message` and the
 * `agent_message`). Part of the answer's contract: existing agents' prompts may quote them.
 */
export const bookingMessages = {
  callerMissing: 'The caller phone number is missing.',
  callerInvalid: 'The phone number is not a valid number; please ask for it again, with the country code.',
  email: 'The email address does not look right; please ask the caller to spell it again.',
  timeZone: 'The time zone must be an IANA name such as America/New_York.',
  timeMissing: 'The appointment time is missing.',
  timeNotIso: 'The appointment time must be an ISO 8601 date and time, like 2026-11-24T15:00:00-08:00.',
} as const;

const emailPattern = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[A-Za-z]{2,}$/;

/** A free-text field, cleaned of control, bidi and zero-width characters; a name is one line, a summary keeps its line breaks. */
function text(field: string, limit: number, newlines: boolean, description: string) {
  const label = field.replace('_', ' ');
  return z
    .string({ error: `${label} must be text.` })
    .overwrite((value) => cleanText(value, { newlines }).trim())
    .max(limit, `${label} is longer than ${limit} characters.`)
    .optional()
    .describe(description);
}

function build() {
  return z.object({
    caller: z
      .string({ error: bookingMessages.callerMissing })
      .trim()
      .min(1, bookingMessages.callerMissing)
      .describe("The caller's phone number in international format with the country code, e.g. +14155550123."),
    email: z
      .string({ error: bookingMessages.email })
      .trim()
      .max(254, bookingMessages.email)
      .regex(emailPattern, bookingMessages.email)
      .refine((email) => isClean(email, { newlines: false }), bookingMessages.email)
      .optional()
      .describe("The caller's e-mail address for the confirmation, spelled back to them and confirmed. Leave empty if they gave none."),
    timezone: z
      .string({ error: bookingMessages.timeZone })
      .refine(isTimeZone, bookingMessages.timeZone)
      .optional()
      .describe("The caller's IANA time zone when they are in another zone than the business, e.g. America/New_York. Leave empty otherwise."),
    callback_time: z
      .string({ error: bookingMessages.timeMissing })
      .trim()
      .min(1, bookingMessages.timeMissing)
      .refine((time) => parseIsoTime(time, 'UTC') !== undefined, bookingMessages.timeNotIso)
      .describe('The start of the appointment as an ISO 8601 date and time with the UTC offset, e.g. 2026-11-24T15:00:00-08:00. Within business hours and in the future.'),
    customer_name: text('customer_name', 200, false, "The caller's full name, as they said it."),
    summary: text('summary', 4_000, true, 'One or two sentences on what the caller needs.'),
    intent: text('intent', 200, false, 'What the caller wants: appointment, or callback_request when they asked to be called back.'),
    transcript: text('transcript', 200_000, true, 'The conversation so far.'),
    conversation_id: z
      .string()
      .trim()
      .superRefine((id, ctx) => {
        const problem = identifierProblem(id);
        if (problem) ctx.addIssue({ code: 'custom', message: `The conversation id ${problem}.` });
      })
      .optional()
      .describe('The conversation id.'),
  });
}

let schema: ReturnType<typeof build> | undefined;

/**
 * The one schema of a booking's fields (by their canonical names): what `POST /webhook` and the post-call
 * webhook accept, with the reason an agent reads out for each refusal. Built on first use. Rules that need
 * the business (a valid number in its region, a slot within its hours) are checked after it, by `validateBooking`.
 */
export function bookingSchema(): ReturnType<typeof build> {
  return (schema ??= build());
}

/** The fields of {@link bookingSchema}, in the order their issues are reported. */
export type BookingSchemaField = keyof ReturnType<typeof build>['shape'];

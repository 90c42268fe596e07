import * as z from 'zod';
import { kind } from '../../option-kinds.js';
import { parseOptions } from '../../options.js';

function build() {
  return z.object({
    credentials: z.union([kind.text(), kind.object('service-account key')], { error: 'must be service-account JSON (text, base64 or the parsed object)' }),
    calendarId: kind.text('must be a calendar id, e.g. bookings@acme.com'),
    subject: kind.email().optional(),
    rootUrl: kind.url(['https:'], true).optional(),
    inviteAttendees: z.boolean({ error: 'must be true or false' }).optional(),
    sendUpdates: kind.oneOf(['all', 'externalOnly', 'none']).optional(),
    timeoutMs: kind.ms(1).optional(),
  });
}

let schema: ReturnType<typeof build> | undefined;

/** Checks every `googleCalendar` option at construction (a `TypeError` naming the first bad one). */
export const checkGoogleCalendarOptions = (options: unknown): void => void parseOptions((schema ??= build()), options, 'googleCalendar');

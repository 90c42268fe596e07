import * as z from 'zod';
import { kind } from '../option-kinds.js';
import { parseOptions } from '../options.js';
import { parseClock } from '../time/parse.js';

function build() {
  const businessHours = z
    .object(
      {
        start: kind.clock(),
        end: kind.clock(),
        days: z.array(kind.count(0, 6), { error: 'must be a list of weekdays, 0 = Sunday … 6 = Saturday' }).min(1, 'must name at least one weekday').optional(),
      },
      { error: 'must be { start: "HH:mm", end: "HH:mm", days? }' },
    )
    .refine((hours) => parseClock(hours.start)! < parseClock(hours.end)!, { message: 'must open before it closes (start before end)', path: ['end'] });
  return z.object({
    store: kind.object('JobStore'),
    timeZone: kind.timeZone(),
    name: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits, "_", ".", ":" or "-"').optional(),
    calendar: kind.object('Calendar (e.g. googleCalendar())').optional(),
    sms: kind.object('SmsSender (e.g. twilioSms())').optional(),
    mailer: kind.object('Mailer (e.g. smtpMailer())').optional(),
    businessName: kind.text().pipe(z.string().max(200, 'must be at most 200 characters')).optional(),
    organizer: z.object({ email: kind.email(), name: kind.text().optional() }, { error: 'must be { email, name? }' }).optional(),
    durationMinutes: kind.minutes().optional(),
    slotMinutes: kind.minutes().optional(),
    minNoticeMinutes: kind.minutes(true).optional(),
    businessHours: businessHours.optional(),
    reminderMinutes: z.array(kind.minutes(true), { error: 'must be a list of minutes' }).optional(),
    alternatives: kind.count(0, 20).optional(),
    defaultRegion: kind.region().optional(),
    toolDeadlineMs: kind.ms(1).max(110_000, 'must be at most 110 000 ms (ElevenLabs waits at most 120 s for a tool)').optional(),
    elevenLabs: z
      .object(
        {
          webhookSecret: kind.secret(16, " (the secret ElevenLabs shows for the post-call webhook)"),
          toleranceSeconds: kind.count(1).optional(),
          dataCollectionIds: z.record(z.string(), kind.text().optional(), { error: 'must map booking fields to data-collection ids' }).optional(),
        },
        { error: 'must be { webhookSecret, toleranceSeconds?, dataCollectionIds? }' },
      )
      .optional(),
    templates: z.object({ sms: kind.fn('context → text').optional(), email: kind.fn('context → { subject, html, text }').optional() }, { error: 'must be { sms?, email? }' }).optional(),
    retry: kind.retry().optional(),
    logger: kind.logger().optional(),
    clock: kind.fn('() => epoch ms').optional(),
  });
}

let schema: ReturnType<typeof build> | undefined;

/**
 * Checks `createAppointmentPipeline`'s options at construction — time zone, business hours, durations,
 * the ElevenLabs secret, numbers — so that a mistake fails at start-up with a `TypeError` naming the option
 * (``createAppointmentPipeline: option `timeZone` must be an IANA time zone such as Asia/Kolkata.``), not on
 * the first caller's booking.
 */
export function checkAppointmentOptions(options: unknown): void {
  parseOptions((schema ??= build()), options, 'createAppointmentPipeline');
}

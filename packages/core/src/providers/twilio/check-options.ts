import * as z from 'zod';
import { kind } from '../../option-kinds.js';
import { parseOptions } from '../../options.js';

function build() {
  return z
    .object({
      // Twilio: "AccountSid … 34 characters, starting with AC" (https://www.twilio.com/docs/iam/api/account).
      accountSid: kind.text().pipe(z.string().regex(/^AC\w+$/, 'must be a Twilio Account SID (AC…)')),
      authToken: kind.secret(),
      from: kind.text('must be a phone number (+14155550100) or a WhatsApp sender').optional(),
      messagingServiceSid: kind.text().pipe(z.string().regex(/^MG\w+$/, 'must be a Messaging Service SID (MG…)')).optional(),
      channel: kind.oneOf(['sms', 'whatsapp']).optional(),
      publicUrl: kind.url(['https:'], true).optional(),
      whatsappTemplates: kind.object('{ booked, rescheduled, cancelled } of Content SIDs').optional(),
      freeFormWhatsApp: kind.oneOf(['only-inside-24h-window']).optional(),
      httpClient: kind.object('Twilio RequestClient').optional(),
    })
    .superRefine((options, ctx) => {
      if (options.from === undefined && options.messagingServiceSid === undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'or `messagingServiceSid` is required: who the texts come from' });
      if (options.from !== undefined && options.messagingServiceSid !== undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'and `messagingServiceSid` cannot both be set' });
    });
}

let schema: ReturnType<typeof build> | undefined;

/** Checks the kind of every `twilioSms` option (a `TypeError` naming the first bad one); the WhatsApp rules follow in `checkOptions`. */
export const checkTwilioOptions = (options: unknown): void => void parseOptions((schema ??= build()), options, 'twilioSms');

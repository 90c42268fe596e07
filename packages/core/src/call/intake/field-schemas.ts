import * as z from 'zod';
import { cleanText } from '../../text/clean.js';
import { identifierProblem } from '../../text/identifier.js';
import type { CallField } from './fields.js';

/** A one-line text field, cleaned of control, bidi and zero-width characters (they would reach Slack and the console). */
const text = z.union([z.string(), z.number()]).transform((v) => cleanText(String(v), { newlines: false }).trim());

/** The URL checks of the recording fields (after their text and length rules). */
export const recordingUrlCheck = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
export const presignedRecordingUrlCheck = z.url({ protocol: /^https$/, error: 'must be an https URL' });

/**
 * The rule of each call field, with the messages a refused delivery is answered with. Every field is bounded
 * to what the outputs can carry (a Slack section holds 3,000 characters, a MOM field shows 200): what intake
 * acknowledges can be delivered. `quick-fields.ts` reads the common values the same way without them.
 */
export const fieldSchemas = {
  callId: z
    .union([z.string(), z.number().refine(Number.isSafeInteger, 'is a number too large to be exact; send it as a string')])
    .transform((v) => String(v).trim())
    .superRefine((id, ctx) => {
      const problem = identifierProblem(id);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  from: text.pipe(z.string().min(1).max(40)),
  to: text.pipe(z.string().min(1).max(40)),
  duration: text.pipe(z.string().regex(/^\d+(\.\d+)?$/, 'must be a number of seconds')).transform((v) => Math.round(Number(v))),
  recordingUrl: text.pipe(z.string().max(2_048)).pipe(recordingUrlCheck),
  presignedRecordingUrl: text.pipe(z.string().max(2_048)).pipe(presignedRecordingUrlCheck),
  startedAt: text.pipe(z.string().max(64)),
  status: text.pipe(z.string().max(100)).transform((v) => v.toLowerCase()),
  direction: text.pipe(z.string().max(40)).transform((v) => v.toLowerCase()),
  exophone: text.pipe(z.string().max(40)),
  agentName: text.pipe(z.string().max(200)),
  agentSlackHandle: text.pipe(z.string().max(100)),
  agentEmail: text.pipe(z.string().max(320)),
  agentPhone: text.pipe(z.string().max(40)),
  department: text.pipe(z.string().max(200)),
  customerSegment: text.pipe(z.string().max(200)),
  customField: text.pipe(z.string().max(1_000)),
} satisfies Record<CallField, z.ZodType>;

/** The values of the fields a delivery carried, as their rules read them. */
export type ParsedCallFields = { [K in CallField]?: z.output<(typeof fieldSchemas)[K]> };

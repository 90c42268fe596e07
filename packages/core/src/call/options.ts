import { z } from 'zod';
import { isTimeZone } from '../time/zone.js';
import { parseOptions } from '../options.js';
import { toE164 } from '../phone.js';

const timeZone = z.string({ error: 'must be an IANA time zone such as Asia/Kolkata' }).refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata');
const ms = z.number({ error: 'must be a number of ms' }).int('must be a whole number of ms').nonnegative('must be 0 or more (ms)');
const port = (name: string) => z.custom<unknown>((value) => typeof value === 'object' && value !== null, `must be a ${name} object`);

/** The call pipeline's options whose values can be wrong in ways a type cannot catch. */
const callOptionsSchema = z.object({
  store: port('JobStore'),
  recordings: port('RecordingSource (e.g. exotelRecordings())'),
  transcriber: port('Transcriber (e.g. assemblyAITranscriber())'),
  notifier: port('ChatNotifier (e.g. slackWebhookNotifier())'),
  supportNumbers: z.array(z.string(), { error: 'must be a list of phone numbers' }).optional(),
  defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter region code such as IN').optional(),
  timeZone: timeZone.optional(),
  providerTimeZone: timeZone.optional(),
  recordingChannels: z.union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' }).optional(),
  agentChannel: z.union([z.literal(1), z.literal(2)], { error: 'must be 1 or 2' }).optional(),
  speakersExpected: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10, 'must be at most 10').optional(),
  retentionDays: z.number().nonnegative('must be 0 or more (days)').optional(),
  completionWaitMs: ms.optional(),
  name: z.string().optional(),
});

/**
 * Checks `createCallPipeline`'s options at construction — time zones, numbers, channels, durations — so that a
 * mistake fails at start-up with a `TypeError` naming the option, not at `post-slack` after the transcription
 * was paid for.
 */
export function checkCallOptions(options: unknown): void {
  const checked = parseOptions(callOptionsSchema, options, 'createCallPipeline');
  const region = (checked.defaultRegion ?? 'IN') as Parameters<typeof toE164>[1];
  for (const [index, number] of (checked.supportNumbers ?? []).entries()) {
    if (!toE164(number, region)) throw new TypeError(`createCallPipeline: option \`supportNumbers.${index}\` (${JSON.stringify(number)}) is not a phone number.`);
  }
}

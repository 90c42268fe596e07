import * as z from 'zod';
import { kind } from '../option-kinds.js';
import { parseOptions } from '../options.js';
import { toE164 } from '../phone.js';

/** The call pipeline's options whose values can be wrong in ways a type cannot catch; built on first use. */
function build() {
  return z.object({
    store: kind.object('JobStore'),
    recordings: kind.object('RecordingSource (e.g. exotelRecordings())'),
    transcriber: kind.object('Transcriber (e.g. assemblyAITranscriber())'),
    notifier: kind.object('ChatNotifier (e.g. slackWebhookNotifier())'),
    supportNumbers: z.array(z.string(), { error: 'must be a list of phone numbers' }).optional(),
    defaultRegion: kind.region().optional(),
    agents: z.array(kind.object('AgentEntry'), { error: 'must be a list of agents ({ name, phone?, email?, slack? })' }).optional(),
    timeZone: kind.timeZone().optional(),
    providerTimeZone: kind.timeZone().optional(),
    recordingChannels: kind.oneOf([1, 2]).optional(),
    speakersExpected: kind.count(1, 10).optional(),
    roleHeuristic: kind.fn('the role heuristic').optional(),
    agentChannel: kind.oneOf([1, 2]).optional(),
    missedCallRoute: kind.text().optional(),
    retentionDays: z.number({ error: 'must be a number of days' }).nonnegative('must be 0 or more (days)').optional(),
    history: kind.object('CallHistory (e.g. exotelCallHistory())').optional(),
    callDetails: kind.object('CallRecords (e.g. exotelCallDetails())').optional(),
    completionWaitMs: kind.ms().optional(),
    name: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits, "_", ".", ":" or "-"').optional(),
    retry: kind.retry().optional(),
    logger: kind.logger().optional(),
    clock: kind.fn('() => epoch ms').optional(),
  });
}

let callOptionsSchema: ReturnType<typeof build> | undefined;

/**
 * Checks `createCallPipeline`'s options at construction — time zones, numbers, channels, durations — so that a
 * mistake fails at start-up with a `TypeError` naming the option, not at `post-slack` after the transcription
 * was paid for.
 */
export function checkCallOptions(options: unknown): void {
  const checked = parseOptions((callOptionsSchema ??= build()), options, 'createCallPipeline');
  const region = (checked.defaultRegion ?? 'IN') as Parameters<typeof toE164>[1];
  for (const [index, number] of (checked.supportNumbers ?? []).entries()) {
    if (!toE164(number, region)) throw new TypeError(`createCallPipeline: option \`supportNumbers.${index}\` (${JSON.stringify(number)}) is not a phone number.`);
  }
}

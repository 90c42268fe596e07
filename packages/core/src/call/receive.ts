import { CallwireError } from '../errors.js';
import type { Pipeline } from '../engine/pipeline.js';
import { inputUpdatableStatuses, type Job } from '../engine/types.js';
import type { CountryCode } from '../phone.js';
import { parseCallPayload } from './intake/parse-call.js';
import { isFinalDelivery, mergeCall } from './merge.js';
import type { CallInput, CallSource } from './types.js';

/** What {@link receiveCall} did with a delivery. */
export interface ReceiveResult {
  /** The call's job as stored after this delivery. */
  job: Job<CallInput>;
  /** True when this delivery created the job. */
  created: boolean;
  /** True when this delivery completed the stored call of a job that had not begun posting (a later, richer delivery). */
  updated: boolean;
}

/** What {@link receiveCall} needs from the pipeline's configuration. */
export interface ReceiveOptions {
  defaultRegion: CountryCode;
  providerTimeZone?: string;
  /** True when the pipeline can look calls up (its `callDetails` option). */
  lookupConfigured: boolean;
  /** How long a provisional delivery waits for the one that completes it, in ms. */
  completionWaitMs: number;
}

/** True once the job has started posting: a later delivery can no longer change what is posted. */
const postingBegan = (job: Job<CallInput>) => Object.keys(job.steps).some((step) => step.startsWith('post-slack'));

/**
 * Validates a delivery and enqueues its call under the call id. A delivery that does not yet say how
 * the call ended (`call-attempt`) is held for `completionWaitMs`, so that the delivery completing it is
 * merged in first. A later delivery of a known call completes the stored one while that job is not
 * running and has not begun posting (a terminal status replaces `call-attempt`, a recording fills an
 * empty one, nothing known is blanked) and makes it due at once when it is final; otherwise it is a duplicate.
 */
export async function receiveCall(pipeline: Pipeline<CallInput>, body: unknown, source: CallSource, options: ReceiveOptions): Promise<ReceiveResult> {
  const call = parseCallPayload(body, { source, defaultRegion: options.defaultRegion, providerTimeZone: options.providerTimeZone });
  if ((!call.from || !call.to) && !options.lookupConfigured) {
    const missing = [...(call.from ? [] : ['From']), ...(call.to ? [] : ['To'])];
    throw new CallwireError(
      'invalid_payload',
      `Call ${call.callId} came without ${missing.join(' and ')} (Exotel's default StatusCallback sends only CallSid, Status, RecordingUrl and DateUpdated). ` +
        "Set the call pipeline's `callDetails` option (exotelCallDetails({ accountSid, apiKey, apiToken, region }) from '@callwire/core/exotel') " +
        'so callwire looks them up, or subscribe the StatusCallback to terminal events (StatusCallbackEvents[0]=terminal) so Exotel sends them.',
      { issues: missing.map((path) => ({ path, message: "is required unless the call pipeline's `callDetails` option is set" })) },
    );
  }
  const final = isFinalDelivery(call);
  const now = pipeline.clock();
  const { job, created } = await pipeline.enqueue(call.callId, call, final || call.recordingUrl ? {} : { runAt: now + options.completionWaitMs });
  if (created) return { job, created, updated: false };
  // A delivery that adds nothing to the job as the enqueue found it adds nothing later either (a stored call only
  // gains fields and only moves to a final status): it is answered from that result, without a second transaction.
  if (!inputUpdatableStatuses.includes(job.status) || postingBegan(job) || mergeCall(job.input, call) === undefined) {
    return { job, created: false, updated: false };
  }
  const update = await pipeline.updateInput(job.id, (stored, current) => (postingBegan(current) ? undefined : mergeCall(stored, call)), final ? { runAt: now } : {});
  return { job: update.job, created: false, updated: update.updated };
}

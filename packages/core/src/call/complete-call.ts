import { CallwireError } from '../errors.js';
import type { Job, StepRecord } from '../engine/types.js';
import type { JobContext } from '../engine/pipeline.js';
import { isFinalDelivery, mergeCall } from './merge.js';
import type { CallRecord, CallRecords } from './ports.js';
import type { CallInput, KnownCall } from './types.js';

/** The step that looks the call up in the provider's records. */
export const callDetailsStep = 'call-details';


/** True when the job must look the call up first: its numbers are missing, or it never heard how the call ended. */
export function needsCallRecord(call: CallInput): boolean {
  return !call.from || !call.to || !isFinalDelivery(call);
}

/**
 * The call as the job knows it: its input completed with the provider's record, once the
 * `call-details` step saved one. `undefined` for a scrubbed job.
 */
export function knownCall(job: Pick<Job<CallInput>, 'input' | 'steps'>): CallInput | undefined {
  const record = job.steps[callDetailsStep] as StepRecord | undefined;
  if (!job.input) return undefined;
  if (record?.status !== 'succeeded' || !record.result) return job.input;
  return mergeCall(job.input, record.result as CallRecord) ?? job.input;
}

/**
 * The job's first step when a delivery left something out (Exotel's default StatusCallback has no
 * numbers; a Passthru before Connect does not know how the call ends): the provider's record fills the
 * gaps — never overwriting what the delivery said. A record the provider is still publishing is looked
 * at again later, the job parked in between (Exotel fills Duration, EndTime and the recording about 5
 * minutes after the call).
 * Without `records`, a call that still lacks its numbers fails for good, saying which option to set.
 */
export async function completeCall(input: CallInput, { step }: Pick<JobContext<CallInput>, 'step'>, records: CallRecords | undefined): Promise<KnownCall> {
  let call = input;
  if (records && needsCallRecord(input)) {
    const found = await step(callDetailsStep, ({ signal, attempt }) => records.lookup(input.callId, { signal, attempt }));
    call = mergeCall(call, found) ?? call;
  }
  if (!call.from || !call.to) {
    throw new CallwireError('provider_rejected', `Call ${input.callId} has no From/To: ${records ? 'the provider\'s record has none either' : 'set the pipeline\'s `callDetails` option (exotelCallDetails(…)) to look them up'}.`, {
      provider: records?.name,
      retryable: false,
    });
  }
  return call as KnownCall;
}

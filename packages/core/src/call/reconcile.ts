import { CallwireError } from '../errors.js';
import type { Pipeline } from '../engine/pipeline.js';
import type { CallHistory } from './ports.js';
import type { CallInput } from './types.js';

/** What a reconciliation run found. */
export interface ReconcileResult {
  /** Completed calls the provider listed. */
  seen: number;
  /** Of those, calls callwire had never received, now enqueued. */
  enqueued: number;
  /** Their call ids. */
  enqueuedCallIds: string[];
}

/**
 * Asks the provider's call history for completed calls since `since` and enqueues each under its
 * call id: calls already received are duplicates and change nothing, so running it on a schedule is safe.
 */
export async function reconcileCalls(
  pipeline: Pipeline<CallInput>,
  history: CallHistory | undefined,
  query: { since: Date; until?: Date; signal?: AbortSignal },
): Promise<ReconcileResult> {
  if (!history) throw new CallwireError('bad_request', 'reconcile() needs the `history` option (e.g. exotelCallHistory()).');
  if (!(query.since instanceof Date) || Number.isNaN(query.since.getTime())) {
    throw new CallwireError('invalid_payload', 'reconcile({ since }) needs a valid Date.', { issues: [{ path: 'since', message: 'must be a valid Date' }] });
  }
  const result: ReconcileResult = { seen: 0, enqueued: 0, enqueuedCallIds: [] };
  for await (const call of history.completedCalls(query)) {
    result.seen += 1;
    const { created } = await pipeline.enqueue(call.callId, call);
    if (created) {
      result.enqueued += 1;
      result.enqueuedCallIds.push(call.callId);
    }
  }
  return result;
}

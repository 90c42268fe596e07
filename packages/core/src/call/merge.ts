import type { AgentHint, CallInput } from './types.js';

/**
 * Statuses that say the call is not over, or that the delivery came before the conversation: Exotel's
 * Passthru `CallType=call-attempt` (a Passthru placed before Connect, e.g. for routing or a CRM lookup —
 * https://support.exotel.com/support/solutions/articles/48283-working-with-passthru-applet) and Connect's
 * progress events. A later delivery of the same call completes such a one.
 */
const provisionalStatuses = new Set(['call-attempt', 'queued', 'initiated', 'ringing', 'in-progress', 'answered']);

/** True when the delivery reports how the call ended (a terminal status), so nothing better is to come. */
export function isFinalDelivery(call: Pick<CallInput, 'status'>): boolean {
  return call.status !== undefined && !provisionalStatuses.has(call.status);
}

/** Fills the fields `base` lacks from `extra`; a known field is never blanked or replaced. */
function fillMissing<T extends object>(base: T, extra: Partial<T>): T {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== '' && (merged[key] === undefined || merged[key] === '')) merged[key] = value;
  }
  return merged as T;
}

/**
 * Completes a stored call with what a later delivery (or the provider's call record) adds: a terminal
 * status replaces a provisional one (`call-attempt`), a recording URL fills an empty one, a longer
 * duration replaces a shorter one, and every other field fills only a gap — a known field is never
 * blanked. Returns `undefined` when `later` adds nothing.
 *
 * @example
 * ```ts
 * mergeCall({ callId: 'c1', source: 'exotel-passthru', from: '0987', to: '0963', status: 'call-attempt' },
 *   { status: 'completed', recordingUrl: 'https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3' });
 * // { …, status: 'completed', recordingUrl: 'https://…/c1.mp3' }
 * ```
 */
export function mergeCall(stored: CallInput, later: Partial<Omit<CallInput, 'callId'>>): CallInput | undefined {
  return addsNothing(stored, later) ? undefined : mergeIfChanged(stored, later);
}

/** {@link mergeCall} by building the merge and comparing it with `stored`. */
export function mergeIfChanged(stored: CallInput, later: Partial<Omit<CallInput, 'callId'>>): CallInput | undefined {
  const { agent, status, durationSeconds, source: _source, ...rest } = later;
  let merged = fillMissing(stored, rest);
  if (status !== undefined && (stored.status === undefined || (!isFinalDelivery(stored) && isFinalDelivery({ status })))) merged.status = status;
  if (durationSeconds !== undefined && durationSeconds > (stored.durationSeconds ?? -1)) merged.durationSeconds = durationSeconds;
  if (agent) merged = { ...merged, agent: fillMissing<AgentHint>(stored.agent ?? {}, agent) };
  return JSON.stringify(merged) === JSON.stringify(stored) ? undefined : merged;
}

/**
 * True when {@link mergeIfChanged} would find nothing to add, decided without building the merge (the common
 * duplicate delivery: every field it carries is already known). When in doubt it answers false, and the merge decides.
 */
export function addsNothing(stored: CallInput, later: Partial<Omit<CallInput, 'callId'>>): boolean {
  const known = stored as unknown as Record<string, unknown>;
  const fields = later as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (value === undefined) continue;
    if (key === 'source') continue;
    if (key === 'status') {
      if (stored.status === undefined) return false;
      if (value !== stored.status && !isFinalDelivery(stored) && isFinalDelivery({ status: value as string })) return false;
    } else if (key === 'durationSeconds') {
      if (typeof value !== 'number' || value > (stored.durationSeconds ?? -1)) return false;
    } else if (key === 'agent') {
      if (!stored.agent || typeof value !== 'object' || !fillsNothing(stored.agent as Record<string, unknown>, value as Record<string, unknown>)) return false;
    } else if (value !== '' && (known[key] === undefined || known[key] === '')) {
      return false;
    }
  }
  return true;
}

/** True when `fillMissing(base, extra)` would leave `base` as it is. */
function fillsNothing(base: Record<string, unknown>, extra: Record<string, unknown>): boolean {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== '' && (base[key] === undefined || base[key] === '')) return false;
  }
  return true;
}

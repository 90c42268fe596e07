import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addsNothing, mergeCall, mergeIfChanged } from '../../src/call/merge.js';
import type { CallInput } from '../../src/call/types.js';

const text = fc.constantFrom(undefined, '', 'a', 'b');
const status = fc.constantFrom(undefined, '', 'completed', 'call-attempt', 'ringing', 'no-answer', 'busy');
const agent = fc.option(fc.record({ name: text, email: text, phone: text, slackHandle: text }, { requiredKeys: [] }), { nil: undefined });
const fields = {
  source: fc.constantFrom('zapier' as const, 'exotel-passthru' as const, 'exotel-status-callback' as const),
  from: text,
  to: text,
  exophone: text,
  recordingUrl: text,
  presignedRecordingUrl: text,
  startedAt: text,
  status,
  durationSeconds: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  agent,
  department: text,
  customerSegment: text,
};
/** A call as stored: read back from JSON (no undefined values). */
const stored = fc.record({ callId: fc.constant('c1'), ...fields }, { requiredKeys: ['callId', 'source'] }).map((call) => JSON.parse(JSON.stringify(call)) as CallInput);
const later = fc.record({ callId: fc.constant('c1'), ...fields }, { requiredKeys: [] });

describe('mergeCall answers a delivery that adds nothing without building the merge', () => {
  it('addsNothing is true only when building the merge finds nothing to add, and mergeCall equals the merge', () => {
    fc.assert(
      fc.property(stored, later, (base, delivery) => {
        const merged = mergeIfChanged(base, delivery);
        if (addsNothing(base, delivery)) expect(merged).toBeUndefined();
        expect(mergeCall(base, delivery)).toEqual(merged);
      }),
      { numRuns: 5_000, seed: 17 },
    );
  });

  it('sees the common duplicate (the same delivery again) as adding nothing', () => {
    const call: CallInput = { callId: 'c1', source: 'zapier', from: '+919876543210', to: '+919631084471', durationSeconds: 187, status: 'completed', recordingUrl: 'https://r/x.mp3', agent: { name: 'Asha' }, department: 'Sales' };
    expect(addsNothing(JSON.parse(JSON.stringify(call)) as CallInput, call)).toBe(true);
    expect(addsNothing(call, { ...call, durationSeconds: 200 })).toBe(false);
    expect(addsNothing({ ...call, status: 'call-attempt' }, call)).toBe(false);
  });
});

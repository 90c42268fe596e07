/**
 * The call webhooks write their answer's JSON around the variable parts (routes.ts `acceptedText`): it must be
 * the very text `JSON.stringify` makes of the answer's object, whatever the call id, job id and message hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptedText } from '../../src/call/routes.js';

describe('acceptedText', () => {
  it('is JSON.stringify of { success, message, call_id, job_id, duplicate, updated? }', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string(), fc.boolean(), fc.boolean(), (message, callId, jobId, duplicate, updated) => {
        const expected = JSON.stringify({ success: true, message, call_id: callId, job_id: jobId, duplicate, ...(updated ? { updated } : {}) });
        expect(acceptedText(message, callId, jobId, duplicate, updated)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });
});

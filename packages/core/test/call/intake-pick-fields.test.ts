import { describe, expect, it } from 'vitest';
import { pickCallFields } from '../../src/call/intake/fields.js';

describe('pickCallFields', () => {
  it('takes the first alias of the list that is present and not empty, whatever the order of the keys', () => {
    const body = { Sid: 'third', CallSid: 'second', call_id: '', From: '0987', from_number: null, To: ' ', CallTo: '0963' };
    expect(pickCallFields(body)).toEqual({
      callId: { value: 'second', path: 'CallSid' },
      from: { value: '0987', path: 'From' },
      to: { value: '0963', path: 'CallTo' },
    });
  });

  it('lists the fields in their own order, not the body’s', () => {
    expect(Object.keys(pickCallFields({ department: 'Sales', to_number: '1', call_id: 'c', from_number: '2' }))).toEqual(['callId', 'from', 'to', 'department']);
  });

  it('reads a body with hundreds of other keys the same way', () => {
    const body: Record<string, unknown> = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`extra_${index}`, index]));
    Object.assign(body, { CallSid: 'later', call_id: 'first', to_number: '0963' });
    expect(pickCallFields(body)).toEqual({ callId: { value: 'first', path: 'call_id' }, to: { value: '0963', path: 'to_number' } });
  });
});

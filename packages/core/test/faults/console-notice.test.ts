/**
 * Finding 9 (console part) of the hardening issue: the console's `?done=` notice looked its key up on a plain
 * object, so `?done=__proto__` or `?done=constructor` found `Object.prototype` members. Counted.
 */
import { describe, expect, it } from 'vitest';
import { noticeFor } from '../../src/console/context.js';

describe('finding 9: the console notice', () => {
  it('finds nothing for prototype keys, and the fixed text for an action', () => {
    const keys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__lookupGetter__'];
    for (const key of keys) expect(noticeFor(new URL(`http://x/console/jobs/1?done=${key}`)), key).toBeUndefined();
    expect(noticeFor(new URL('http://x/console/jobs/1?done=redrive'))).toMatch(/re-driven/);
    console.log(`console notice: ${keys.length} prototype keys tried, ${keys.length} found nothing`);
  });
});

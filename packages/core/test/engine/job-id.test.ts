import { describe, expect, it } from 'vitest';
import { newJobId } from '@callwire/core';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newJobId: time-ordered UUIDs (version 7, RFC 9562)', () => {
  it('carries the time in its first 48 bits, then random bits with the RFC 9562 version and variant', () => {
    const id = newJobId(Date.UTC(2026, 10, 30));
    expect(id).toMatch(uuidV7);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 30));
    expect(newJobId(1_000)).not.toBe(newJobId(1_000));
  });

  it('sorts ids of later milliseconds after earlier ones', () => {
    const ids = [5, 1_000, 1_700_000_000_000, 1_800_000_000_000].map((ms) => newJobId(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const id = newJobId();
    const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });
});

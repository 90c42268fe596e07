import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCallwireError } from '../../src/errors.js';
import { validateBooking } from '../../src/appointment/validate.js';
import type { Schedule } from '../../src/appointment/schedule.js';
import { bookingCases } from './booking-cases.js';

const schedule: Schedule = { timeZone: 'America/Los_Angeles', durationMinutes: 30, businessHours: { start: '09:00', end: '17:00' }, minNoticeMinutes: 60, slotMinutes: 30 };
const now = Date.parse('2026-11-30T17:00:00Z'); // Monday 09:00 in Los Angeles
const golden = new URL('./golden/booking-validation.json', import.meta.url);

function answer(raw: object, paths: object) {
  try {
    return { booking: validateBooking(raw, paths, { schedule, now, defaultRegion: 'US' }) };
  } catch (error) {
    if (!isCallwireError(error)) throw error;
    return { message: error.message, issues: error.issues };
  }
}

describe('booking validation', () => {
  it('answers every case with the same messages and field paths as the hand-written validator did (golden file)', () => {
    const answers = Object.fromEntries(bookingCases.map((c) => [c.name, answer(c.raw, c.paths)]));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, JSON.stringify(answers, null, 2) + '\n');
    expect(answers).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });
});

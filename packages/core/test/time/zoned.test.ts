import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCallTime, formatForPeople, formatWallClock, toZonedIso } from '../../src/time/format.js';
import { parseCallTime, parseClock, parseIsoTime } from '../../src/time/parse.js';
import { isTimeZone, localParts, offsetMinutes, zonedToInstant } from '../../src/time/zone.js';

const iso = (instant: number) => new Date(instant).toISOString();
const at = (text: string, zone: string) => iso(parseIsoTime(text, zone)!.instant);

describe('one time module for both pipelines (Intl only)', () => {
  it('knows IANA zones and refuses others', () => {
    for (const zone of ['Asia/Kolkata', 'America/New_York', 'Europe/London', 'UTC']) expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Base', '', ' ', 'Asia/Kolkatta']) expect(isTimeZone(zone)).toBe(false);
  });

  it('America/New_York: the skipped hour lands after the gap, the repeated hour is its first occurrence', () => {
    const ny = 'America/New_York';
    expect(at('2026-03-08T01:30', ny)).toBe('2026-03-08T06:30:00.000Z'); // EST
    expect(at('2026-03-08T02:30', ny)).toBe('2026-03-08T07:30:00.000Z'); // skipped → read at -05:00 = 03:30 EDT
    expect(toZonedIso(Date.parse('2026-03-08T07:30:00Z'), ny)).toBe('2026-03-08T03:30:00-04:00');
    expect(at('2026-03-08T03:30', ny)).toBe('2026-03-08T07:30:00.000Z'); // EDT
    expect(at('2026-11-01T01:30', ny)).toBe('2026-11-01T05:30:00.000Z'); // repeated → first (EDT)
    expect(toZonedIso(Date.parse('2026-11-01T06:30:00Z'), ny)).toBe('2026-11-01T01:30:00-05:00'); // the second one
    expect(offsetMinutes(Date.parse('2026-07-01T12:00:00Z'), ny)).toBe(-240);
    expect(offsetMinutes(Date.parse('2026-12-01T12:00:00Z'), ny)).toBe(-300);
  });

  it('Europe/London (east of the DST switch in UTC): the same rule on both changes', () => {
    const london = 'Europe/London';
    expect(at('2026-03-29T00:30', london)).toBe('2026-03-29T00:30:00.000Z'); // GMT
    expect(at('2026-03-29T01:30', london)).toBe('2026-03-29T01:30:00.000Z'); // skipped → read at +00:00 = 02:30 BST
    expect(at('2026-03-29T02:30', london)).toBe('2026-03-29T01:30:00.000Z'); // BST
    expect(at('2026-10-25T01:30', london)).toBe('2026-10-25T00:30:00.000Z'); // repeated → first (BST)
    expect(toZonedIso(Date.parse('2026-10-25T01:30:00Z'), london)).toBe('2026-10-25T01:30:00+00:00'); // the second one
    expect(formatCallTime('2026-07-01T09:00:00Z', london)).toBe('2026-07-01 10:00:00 BST');
  });

  it('America/Los_Angeles around both changes of 2027 and 2026', () => {
    const la = 'America/Los_Angeles';
    expect(at('2027-03-14T01:30', la)).toBe('2027-03-14T09:30:00.000Z'); // PST
    expect(at('2027-03-14T02:30', la)).toBe('2027-03-14T10:30:00.000Z'); // skipped
    expect(at('2027-03-14T03:30', la)).toBe('2027-03-14T10:30:00.000Z'); // PDT
    expect(at('2026-11-01T01:30', la)).toBe('2026-11-01T08:30:00.000Z'); // repeated → first (PDT)
    expect(toZonedIso(Date.parse('2026-11-01T09:30:00Z'), la)).toBe('2026-11-01T01:30:00-08:00');
  });

  it('Asia/Kolkata: a half-hour offset and no DST', () => {
    const kolkata = 'Asia/Kolkata';
    expect(offsetMinutes(Date.parse('2026-07-01T00:00:00Z'), kolkata)).toBe(330);
    expect(at('2026-11-24T15:00', kolkata)).toBe('2026-11-24T09:30:00.000Z');
    expect(toZonedIso(Date.parse('2026-11-24T09:30:00Z'), kolkata)).toBe('2026-11-24T15:00:00+05:30');
    expect(parseCallTime('2026-11-20 15:10:02', kolkata)).toBe('2026-11-20T09:40:02.000Z');
    expect(formatWallClock(new Date('2026-11-20T09:40:02Z'), kolkata)).toBe('2026-11-20 15:10:02');
    expect(formatCallTime('2026-11-20T09:42:17Z', kolkata)).toBe('2026-11-20 15:12:17 IST');
    expect(localParts(Date.parse('2026-11-23T20:00:00Z'), kolkata)).toEqual({ year: 2026, month: 11, day: 24, hour: 1, minute: 30, second: 0, weekday: 2 });
  });

  it('wall clock and instant are inverses away from the changes', () => {
    for (const zone of ['Asia/Kolkata', 'America/New_York', 'Europe/London']) {
      for (let instant = Date.parse('2026-01-01T00:00:00Z'); instant < Date.parse('2027-01-01T00:00:00Z'); instant += 7 * 3_600_000 + 17 * 60_000) {
        const { weekday: _weekday, ...wall } = localParts(instant, zone);
        const back = zonedToInstant(wall, zone);
        // Only the repeated hour may read back as its other occurrence, an hour earlier.
        expect([0, 3_600_000]).toContain(instant - back);
        if (instant !== back) expect(localParts(back, zone)).toMatchObject(wall);
      }
    }
  });

  it('reads offsets, Z, epochs and Exotel zero-times; refuses impossible dates', () => {
    const la = 'America/Los_Angeles';
    expect(parseIsoTime('2026-11-24T15:00:00+05:30', la)).toEqual({ instant: Date.parse('2026-11-24T09:30:00Z'), hadOffset: true });
    expect(parseIsoTime('2026-11-24T15:00Z', la)?.instant).toBe(Date.parse('2026-11-24T15:00:00Z'));
    expect(parseIsoTime('2026-02-30T10:00', la)).toBeUndefined();
    expect(parseIsoTime('2026-11-24T25:00', la)).toBeUndefined();
    expect(parseCallTime('2026-11-20T09:40:02.250Z', 'Asia/Kolkata')).toBe('2026-11-20T09:40:02.250Z');
    expect(parseCallTime('1795599602', 'Asia/Kolkata')).toBe('2026-11-25T09:40:02.000Z');
    expect(parseCallTime('1970-01-01 05:30:00', 'Asia/Kolkata')).toBeUndefined();
    expect(parseCallTime('2026-02-30 10:00:00', 'Asia/Kolkata')).toBeUndefined();
    expect(parseCallTime('not a time', 'Asia/Kolkata')).toBeUndefined();
  });

  it('reads call times with a Z or ±hh:mm offset exactly, fraction and impossible fields included', () => {
    const kolkata = 'Asia/Kolkata';
    expect(parseCallTime('2026-11-20T15:10:02+05:30', kolkata)).toBe('2026-11-20T09:40:02.000Z');
    expect(parseCallTime(' 2026-11-20 09:40:02-07:00 ', kolkata)).toBe('2026-11-20T16:40:02.000Z');
    expect(parseCallTime('2026-11-20T09:40:02.1239z', kolkata)).toBe('2026-11-20T09:40:02.123Z'); // milliseconds as Date.parse reads them
    expect(parseCallTime('2026-11-20T09:40:02.5+0530', kolkata)).toBe('2026-11-20T04:10:02.500Z');
    expect(parseCallTime('2024-02-29T10:00:00Z', kolkata)).toBe('2024-02-29T10:00:00.000Z');
    for (const impossible of ['2026-02-29T10:00:00Z', '2026-04-31T10:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20T09:40:60Z', '2026-11-20T09:40:02+24:00', '2026-11-20T09:40:02.1234567890Z']) {
      expect(parseCallTime(impossible, kolkata), impossible).toBeUndefined();
    }
    expect(parseCallTime('1970-01-01T05:30:00+05:30', kolkata)).toBeUndefined(); // the epoch: no time
    expect(parseCallTime('0070-06-01T00:00:00Z', kolkata)).toBeUndefined(); // year 70, not 1970
  });

  it('writes a whole-second Z time as Date does, for any date, time and separator', () => {
    const two = (value: number) => String(value).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('T', 't', ' '), fc.constantFrom('Z', 'z'),
        (year, month, day, hour, minute, second, separator, zone) => {
          const text = `${year}-${two(month)}-${two(day)}${separator}${two(hour)}:${two(minute)}:${two(second)}${zone}`;
          const valid = month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate() && hour <= 23 && minute <= 59 && second <= 59;
          const epoch = Date.UTC(year, month - 1, day, hour, minute, second);
          if (!valid) return; // impossible fields take the general path (unchanged), never the shortcut
          expect(parseCallTime(text, 'Asia/Kolkata'), text).toBe(epoch >= 86_400_000 ? new Date(epoch).toISOString() : undefined);
        },
      ),
      { seed: 20_261_130, numRuns: 5_000 },
    );
  });

  it('clock times and times for people', () => {
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('24:01')).toBeUndefined();
    expect(parseClock('9:60')).toBeUndefined();
    expect(formatForPeople(Date.parse('2026-11-24T23:00:00Z'), 'America/Los_Angeles')).toBe('Tuesday, November 24 at 3:00 PM PST');
  });
});

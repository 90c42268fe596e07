import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startHarness, type Harness } from './harness.js';

describe('validation and time zones', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ storeKind: 'memory' });
  });
  afterAll(async () => h?.close());

  const book = async (fields: Record<string, unknown>) => {
    const response = await h.call('POST', '/webhook', { body: { ...fixture.flat(), ...fields } });
    return { status: response.status, body: await response.json() };
  };

  it('a time with an offset is exact', async () => {
    const { body } = await book({ callback_time: '2026-11-25T18:00:00-05:00' }); // 15:00 Pacific
    expect(body.appointment_time).toBe('2026-11-25T15:00:00-08:00');
    expect(h.google.events().some((e) => e.start.dateTime === '2026-11-25T23:00:00.000Z')).toBe(true);
  });

  it('a time without an offset is read in the business time zone', async () => {
    const { body } = await book({ callback_time: '2026-11-26T10:00:00' });
    expect(body.appointment_time).toBe('2026-11-26T10:00:00-08:00');
    expect(h.google.events().some((e) => e.start.dateTime === '2026-11-26T18:00:00.000Z')).toBe(true);
  });

  it('reads local times on either side of a DST change with the right offset, and says so in the SMS', async () => {
    const before = await book({ callback_time: '2027-03-12T10:00:00', caller: '+14155550124' }); // Friday, PST
    const after = await book({ callback_time: '2027-03-15T10:00:00', caller: '+14155550125' }); // Monday, PDT
    expect(before.body.appointment_time).toBe('2027-03-12T10:00:00-08:00');
    expect(after.body.appointment_time).toBe('2027-03-15T10:00:00-07:00');
    const starts = h.google.events().map((e) => e.start.dateTime);
    expect(starts).toContain('2027-03-12T18:00:00.000Z');
    expect(starts).toContain('2027-03-15T17:00:00.000Z');
    expect(h.twilio.messages.find((m) => m.to === '+14155550125')?.body).toContain('Monday, March 15 at 10:00 AM PDT');
  });

  it('shows the time in the customer\'s time zone when it is known', async () => {
    await book({ callback_time: '2026-11-30T09:00:00', caller: '+14155550126', timezone: 'America/New_York' });
    expect(h.twilio.messages.find((m) => m.to === '+14155550126')?.body).toContain('Monday, November 30 at 12:00 PM EST');
  });

  it('refuses past times, times outside business hours and under the minimum notice, with readable reasons and paths', async () => {
    const past = await book({ callback_time: '2026-11-20T15:00:00-08:00' });
    expect(past.status).toBe(422);
    expect(past.body.issues).toEqual([{ path: 'callback_time', message: 'That time has already passed; please choose a time in the future.' }]);
    const late = await book({ callback_time: '2026-11-24T16:45:00-08:00' }); // would end 17:15
    expect(late.body.issues[0].message).toMatch(/outside our business hours \(09:00 to 17:00, Monday to Friday/);
    const weekend = await book({ callback_time: '2026-11-28T10:00:00' });
    expect(weekend.body.issues[0].message).toMatch(/outside our business hours/);
    const soon = await book({ callback_time: '2026-11-23T10:30:00-08:00' }); // now is 10:00
    expect(soon.body.issues[0].message).toBe('We need at least 1 hour\'s notice; please choose a later time.');
  });

  it('refuses impossible phone numbers, bad e-mails and non-ISO times, each at its path (also when wrapped)', async () => {
    const response = await h.call('POST', '/webhook', { body: { parameters: { caller: '+1 123 456 7890', email: 'jordan@', callback_time: 'tomorrow at 3' } } });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toBe('invalid_payload');
    expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['parameters.callback_time', 'parameters.caller', 'parameters.email']);
    expect(body.message).toMatch(/not a valid number/);
    const missing = await h.call('POST', '/webhook', { body: { customer_name: 'x' } });
    expect((await missing.json()).issues.map((i: { path: string }) => i.path).sort()).toEqual(['callback_time', 'caller']);
  });

  it('normalises a national number to E.164', async () => {
    const { body } = await book({ caller: '(415) 555-0127', callback_time: '2026-12-01T11:00:00' });
    expect(body.customer.phone).toBe('+14155550127');
    expect(h.twilio.messages.some((m) => m.to === '+14155550127')).toBe(true);
  });
});

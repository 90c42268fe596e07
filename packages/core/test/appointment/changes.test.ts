import { afterEach, describe, expect, it } from 'vitest';
import { fixture, icsLines, icsValue, startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

describe('conflicts, availability, reschedule and cancel', () => {
  it('a busy slot returns the nearest free alternatives and books nothing', async () => {
    h = await startHarness();
    h.google.addBusy('2026-11-24T22:30:00Z', '2026-11-24T23:30:00Z'); // 14:30–15:30 Pacific
    const body = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    expect(body.status).toBe('conflict');
    expect(body.data).toMatchObject({ calendar_created: false, sms_sent: false, email_sent: false });
    expect(body.alternatives.map((a: { start: string }) => a.start)).toEqual(['2026-11-24T14:00:00-08:00', '2026-11-24T15:30:00-08:00', '2026-11-24T16:00:00-08:00']);
    expect(body.agent_message).toBe(
      'Tuesday, November 24 at 3:00 PM PST is already taken. The nearest free times are Tuesday, November 24 at 2:00 PM PST, Tuesday, November 24 at 3:30 PM PST or Tuesday, November 24 at 4:00 PM PST. Which would suit?',
    );
    expect(h.google.events()).toHaveLength(0);
    expect(h.twilio.messages).toHaveLength(0);
    expect((await h.appointments.getAppointment(body.appointment_id))?.status).toBe('conflict');

    const retry = await (await h.call('POST', '/webhook', { body: { ...fixture.flat(), callback_time: body.alternatives[1].start } })).json();
    expect(retry).toMatchObject({ status: 'success', appointment_time: '2026-11-24T15:30:00-08:00', data: { calendar_created: true } });
  });

  it('lists free slots for a day, skipping busy time and closed hours', async () => {
    h = await startHarness();
    h.google.addBusy('2026-11-24T17:00:00Z', '2026-11-24T18:00:00Z'); // 09:00–10:00 Pacific
    const response = await h.call('POST', '/tools/availability', { body: { parameters: { date: '2026-11-24', limit: 3 } } });
    const body = await response.json();
    expect(body.time_zone).toBe('America/Los_Angeles');
    expect(body.slots.map((s: { start: string }) => s.start)).toEqual(['2026-11-24T10:00:00-08:00', '2026-11-24T10:30:00-08:00', '2026-11-24T11:00:00-08:00']);
    expect(body.agent_message).toMatch(/^Free times include Tuesday, November 24 at 10:00 AM PST/);
    const all = await h.appointments.availability({ date: '2026-11-24', limit: 100 });
    expect(all.slots).toHaveLength(14); // 09:00–17:00 in 30-minute slots, minus the busy hour
    const bad = await h.call('POST', '/tools/availability', { body: { date: '24/11/2026' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues[0].path).toBe('date');
  });

  it('reschedule moves the event and notifies by SMS and e-mail; cancel removes it and notifies', async () => {
    h = await startHarness();
    const booked = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    const id = booked.appointment_id as string;

    const moved = await (await h.call('POST', `/appointments/${id}/reschedule`, { body: { time: '2026-11-25T11:00:00' } })).json();
    expect(moved).toMatchObject({ status: 'booked', appointmentTime: '2026-11-25T11:00:00-08:00', start: '2026-11-25T19:00:00.000Z' });
    expect(moved.changes).toMatchObject([{ kind: 'reschedule', status: 'applied', sequence: 1, calendar: { status: 'updated' }, sms: { status: 'sent' }, email: { status: 'sent' } }]);
    const event = h.google.events()[0]!;
    expect(event.start.dateTime).toBe('2026-11-25T19:00:00.000Z');
    expect(event.end.dateTime).toBe('2026-11-25T19:30:00.000Z');
    expect(h.twilio.messages[1]!.body).toContain('has moved to Wednesday, November 25 at 11:00 AM PST');
    const moveMail = h.smtp.messages[1]!;
    expect(moveMail.text).toContain('has moved from Tuesday, November 24 at 3:00 PM PST to Wednesday, November 25 at 11:00 AM PST');
    const moveIcs = icsLines(moveMail.calendars.find((c) => c.method === 'REQUEST')!.content);
    expect(icsValue(moveIcs, 'SEQUENCE')).toBe('1');
    expect(icsValue(moveIcs, 'DTSTART')).toBe('20261125T190000Z');
    expect(icsValue(moveIcs, 'UID')).toBe(`${event.id}@callwire`);

    const cancelled = await (await h.call('POST', `/appointments/${id}/cancel`, { body: { reason: 'customer asked' } })).json();
    expect(cancelled.status).toBe('cancelled');
    expect(h.google.events()[0]!.status).toBe('cancelled');
    expect(h.twilio.messages[2]!.body).toContain('on Wednesday, November 25 at 11:00 AM PST is cancelled');
    const cancelIcs = icsLines(h.smtp.messages[2]!.calendars.find((c) => c.method === 'CANCEL')!.content);
    expect(icsValue(cancelIcs, 'METHOD')).toBe('CANCEL');
    expect(icsValue(cancelIcs, 'STATUS')).toBe('CANCELLED');
    expect(icsValue(cancelIcs, 'SEQUENCE')).toBe('2');

    const again = await (await h.call('POST', `/appointments/${id}/cancel`, { body: {} })).json();
    expect(again.status).toBe('cancelled');
    expect(h.twilio.messages).toHaveLength(3); // cancelling twice notifies once
    const refused = await h.call('POST', `/appointments/${id}/reschedule`, { body: { time: '2026-11-26T11:00:00' } });
    expect(refused.status).toBe(409);
  });

  it('a reschedule into a busy slot offers alternatives and leaves the event where it was', async () => {
    h = await startHarness();
    const booked = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    h.google.addBusy('2026-11-25T19:00:00Z', '2026-11-25T20:00:00Z');
    const view = await h.appointments.reschedule(booked.appointment_id, { time: '2026-11-25T11:00:00-08:00' });
    expect(view.status).toBe('booked');
    expect(view.start).toBe('2026-11-24T23:00:00.000Z');
    const change = view.changes[0]!; // nearest first: 10:30 (30 min away), then 10:00 and 12:00 (60 min), earlier first on a tie
    expect(change.status).toBe('conflict');
    expect(change.calendar).toMatchObject({ status: 'conflict', alternatives: [{ start: '2026-11-25T18:00:00.000Z' }, { start: '2026-11-25T18:30:00.000Z' }, { start: '2026-11-25T20:00:00.000Z' }] });
    expect(h.google.events()[0]!.start.dateTime).toBe('2026-11-24T23:00:00.000Z');
    expect(h.twilio.messages).toHaveLength(1);
    // Moving within its own slot (15:00 → 15:15 overlaps itself) is not a conflict with itself.
    const nudged = await h.appointments.reschedule(booked.appointment_id, { time: '2026-11-24T15:15:00-08:00' });
    expect(nudged.start).toBe('2026-11-24T23:15:00.000Z');
  });

  it('unknown appointments are 404; a bad reschedule time is 422 at its path', async () => {
    h = await startHarness({ storeKind: 'memory' });
    expect((await h.call('GET', '/appointments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const booked = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    const bad = await h.call('POST', `/appointments/${booked.appointment_id}/reschedule`, { body: { time: '2026-11-20T10:00:00' } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues).toEqual([{ path: 'time', message: 'That time has already passed; please choose a time in the future.' }]);
  });
});

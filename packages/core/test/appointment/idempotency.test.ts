import { afterEach, describe, expect, it } from 'vitest';
import { signElevenLabsBody } from '@callwire/core/testing';
import { eventIdFor, toolCallKey } from '../../src/appointment/keys.js';
import { fixture, SECRET, startHarness, T0, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

const signed = (h: Harness, rawBody: string) => ({ rawBody, headers: { 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, Math.floor(h.now() / 1000)) } });

describe('exactly once', () => {
  it('the same booking delivered 10 times concurrently → one event, one SMS, one e-mail, ten identical answers', async () => {
    h = await startHarness();
    const responses = await Promise.all(Array.from({ length: 10 }, () => h.call('POST', '/webhook', { body: fixture.flat() })));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.appointment_id)).size).toBe(1);
    for (const body of bodies) expect(body).toMatchObject({ status: 'success', data: { calendar_created: true, sms_sent: true, email_sent: true } });
    expect(h.google.events()).toHaveLength(1);
    expect(h.twilio.messages).toHaveLength(1);
    expect(h.smtp.messages).toHaveLength(1);
    expect((await h.store.list({ pipeline: 'appointments' })).length).toBe(1);
  });

  it('a retried post-call webhook → one event, one SMS, one e-mail', async () => {
    h = await startHarness();
    const rawBody = fixture.postCallText();
    const first = await (await h.call('POST', '/webhook/elevenlabs', signed(h, rawBody))).json();
    await h.worker.drain();
    h.setNow(T0 + 60_000);
    const again = await Promise.all([1, 2, 3].map(async () => (await h.call('POST', '/webhook/elevenlabs', signed(h, rawBody))).json()));
    await h.worker.drain();
    expect(first.status).toBe('accepted');
    for (const answer of again) expect(answer).toEqual({ status: 'duplicate', appointment_id: first.appointment_id });
    expect(h.google.events()).toHaveLength(1);
    expect(h.twilio.messages).toHaveLength(1);
    expect(h.smtp.messages).toHaveLength(1);
  });

  it('a post-call webhook after the agent booked the same slot with a tool call books nothing more', async () => {
    h = await startHarness();
    const tool = await (await h.call('POST', '/webhook', { body: { parameters: fixture.flat(), conversation_id: 'conv_3201k2g9a1b2c3d4e5f6g7h8j9k0' } })).json();
    const post = await (await h.call('POST', '/webhook/elevenlabs', signed(h, fixture.postCallText()))).json();
    await h.worker.drain();
    expect(post).toEqual({ status: 'duplicate', appointment_id: tool.appointment_id });
    expect(h.google.events()).toHaveLength(1);
    expect(h.twilio.messages).toHaveLength(1);
  });

  it('a calendar outage holds back neither the SMS nor the e-mail; only the calendar step is retried', async () => {
    h = await startHarness({ storeKind: 'memory' });
    const google = h.google;
    const body = fixture.flat();
    google.failNext(503); // free/busy of the first attempt fails after nothing was booked
    const first = await (await h.call('POST', '/webhook', { body })).json();
    expect(first.data.calendar_created).toBe(false);
    expect(first.data.sms_sent).toBe(true); // the SMS did not wait for the calendar
    const stored = await h.appointments.getAppointment(first.appointment_id);
    expect(stored?.calendar).toMatchObject({ status: 'failed', retrying: true });
    h.setNow(T0 + 5_000);
    await h.worker.drain();
    const after = await h.appointments.getAppointment(first.appointment_id);
    expect(after).toMatchObject({ status: 'booked', calendar: { status: 'created' }, job: { status: 'succeeded' } });
    expect(google.events()).toHaveLength(1);
    expect(h.twilio.messages).toHaveLength(1); // the retry re-ran only the failed step
    expect(h.smtp.messages).toHaveLength(1);
  });

  it('an event inserted before a crash (step not saved) is recognised by its id on the retry, not booked twice', async () => {
    h = await startHarness();
    const key = toolCallKey({ phone: '+14155550123', start: '2026-11-24T23:00:00.000Z' });
    const id = eventIdFor('appointments', key);
    const { googleCalendar } = await import('@callwire/core/google-calendar');
    const calendar = googleCalendar({ credentials: h.google.serviceAccountKey, calendarId: 'bookings@acme.test', rootUrl: h.google.rootUrl });
    await calendar.createEvent({ id, summary: 'first attempt', description: '', start: '2026-11-24T23:00:00.000Z', end: '2026-11-24T23:30:00.000Z', timeZone: 'UTC', attendees: [], reminderMinutes: [] });
    const body = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    expect(body).toMatchObject({ status: 'success', data: { calendar_created: true, calendar_event_id: id } });
    expect(h.google.events()).toHaveLength(1);
    expect((await h.appointments.getAppointment(body.appointment_id))?.calendar).toMatchObject({ status: 'created', alreadyExisted: true });
  });

  it('the provider answers 409 for a reused event id and reports the existing event', async () => {
    h = await startHarness();
    await h.call('POST', '/webhook', { body: fixture.flat() });
    const event = h.google.events()[0]!;
    const { googleCalendar } = await import('@callwire/core/google-calendar');
    const calendar = googleCalendar({ credentials: h.google.serviceAccountKey, calendarId: 'bookings@acme.test', rootUrl: h.google.rootUrl });
    const again = await calendar.createEvent({ id: event.id, summary: 'x', description: 'x', start: event.start.dateTime, end: event.end.dateTime, timeZone: 'UTC', attendees: [], reminderMinutes: [] });
    expect(again).toMatchObject({ id: event.id, alreadyExisted: true });
    expect(h.google.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events')).at(-1)).toBeDefined();
    expect(h.google.events()).toHaveLength(1);
  });

  it('a failing SMS never blocks the e-mail, and is retried durably until it is sent', async () => {
    h = await startHarness();
    h.twilio.failNext(500);
    const body = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    expect(body.data).toMatchObject({ calendar_created: true, sms_sent: false, email_sent: true });
    expect(h.twilio.messages).toHaveLength(0);
    const pending = await h.appointments.getAppointment(body.appointment_id);
    expect(pending?.sms).toMatchObject({ status: 'failed', retrying: true });
    expect(pending?.job.status).toBe('failed');
    h.setNow(T0 + 5_000);
    await h.worker.drain();
    expect(h.twilio.messages).toHaveLength(1);
    expect(h.smtp.messages).toHaveLength(1);
    expect(h.google.events()).toHaveLength(1);
    expect((await h.appointments.getAppointment(body.appointment_id))?.sms).toMatchObject({ status: 'sent' });
  });

  it('a number Twilio refuses (21614) fails the SMS for good with the reason; the rest still succeeds', async () => {
    h = await startHarness();
    h.twilio.rejectNumber('+14155550123', 21614);
    const body = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    expect(body.data).toMatchObject({ calendar_created: true, sms_sent: false, email_sent: true });
    const appointment = await h.appointments.getAppointment(body.appointment_id);
    expect(appointment?.sms).toMatchObject({ status: 'failed', code: 'provider_rejected' });
    expect((appointment?.sms as { reason: string }).reason).toMatch(/21614.*not a mobile number/);
    expect((appointment?.sms as { reason: string }).reason).not.toContain('+14155550123');
    expect(appointment?.job.status).toBe('succeeded');
    expect(h.twilio.requestCount()).toBe(1);
  });
});

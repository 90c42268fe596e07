import { afterEach, describe, expect, it } from 'vitest';
import { signElevenLabsBody } from '@callwire/core/testing';
import { fixture, icsLines, icsValue, SECRET, startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => h?.close());

/** One event, one SMS, one e-mail with a valid REQUEST invitation, all for the fixture's slot. */
function expectOneOfEach(h: Harness) {
  const events = h.google.events();
  expect(events).toHaveLength(1);
  expect(events[0]!.start.dateTime).toBe('2026-11-24T23:00:00.000Z');
  expect(events[0]!.end.dateTime).toBe('2026-11-24T23:30:00.000Z');
  expect(events[0]!.reminders).toEqual({ useDefault: false, overrides: [{ method: 'popup', minutes: 1440 }, { method: 'popup', minutes: 30 }] });
  expect(events[0]!.description).toContain('Customer: Jordan Lee');
  expect(events[0]!.description).toContain('upgrading to the annual plan');
  expect(h.twilio.messages).toHaveLength(1);
  expect(h.twilio.messages[0]!.to).toBe('+14155550123');
  expect(h.twilio.messages[0]!.body).toContain('Tuesday, November 24 at 3:00 PM PST');
  expect(h.smtp.messages).toHaveLength(1);
  const mail = h.smtp.messages[0]!;
  expect(mail.envelope.to).toEqual(['jordan.lee@example.com']);
  expect(mail.html).toContain('3:00 PM PST');
  expect(mail.text).toContain('Jordan Lee');
  const invite = mail.calendars.find((c) => c.method === 'REQUEST');
  expect(invite).toBeDefined();
  const lines = icsLines(invite!.content);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  expect(icsValue(lines, 'VERSION')).toBe('2.0');
  expect(icsValue(lines, 'METHOD')).toBe('REQUEST');
  expect(icsValue(lines, 'DTSTART')).toBe('20261124T230000Z');
  expect(icsValue(lines, 'DTEND')).toBe('20261124T233000Z');
  expect(icsValue(lines, 'UID')).toBe(`${events[0]!.id}@callwire`);
  expect(icsValue(lines, 'ATTENDEE')).toBe('mailto:jordan.lee@example.com');
  expect(mail.calendars.some((c) => c.filename === 'invite.ics')).toBe(true);
}

describe('booking end to end (real SDKs, local fakes, SQLite)', () => {
  it('books the flat tool payload inline and answers in the shape integrations read', async () => {
    h = await startHarness();
    const response = await h.call('POST', '/webhook', { body: fixture.flat() });
    expect(response.status).toBe(200);
    const body = await response.json();
    const eventId = h.google.events()[0]?.id;
    expect(body).toMatchObject({
      status: 'success',
      message: 'Appointment booked',
      data: { calendar_created: true, sms_sent: true, email_sent: true, calendar_event_id: eventId, calendar_link: expect.stringContaining(eventId!) },
      customer: { name: 'Jordan Lee', phone: '+14155550123', email: 'jordan.lee@example.com' },
      appointment_time: '2026-11-24T15:00:00-08:00',
    });
    expect(eventId).toMatch(/^[0-9a-v]{32}$/);
    expect(body.agent_message).toBe('The appointment is booked for Tuesday, November 24 at 3:00 PM PST. A confirmation was sent by text message and email.');
    expectOneOfEach(h);
    expect(h.google.tokensIssued()).toBeGreaterThan(0);

    const stored = await (await h.call('GET', `/appointments/${body.appointment_id}`)).json();
    expect(stored).toMatchObject({ status: 'booked', source: 'tool', calendar: { status: 'created', eventId, attendeesIncluded: false }, sms: { status: 'sent' }, email: { status: 'sent' }, job: { status: 'succeeded' } });
    expect(stored.calendar.note).toMatch(/without attendees/);
  });

  it('books the wrapped tool payload, keyed by its conversation', async () => {
    h = await startHarness();
    const wrapped = { tool_call_id: 'call_1', tool_name: 'book_callback', parameters: fixture.flat(), conversation_id: 'conv_wrapped_1' };
    const body = await (await h.call('POST', '/webhook', { body: wrapped })).json();
    expect(body).toMatchObject({ status: 'success', data: { calendar_created: true, sms_sent: true, email_sent: true } });
    expectOneOfEach(h);
    const job = await h.store.get(body.appointment_id);
    expect(job?.key).toBe('conversation:conv_wrapped_1:2026-11-24T23:00:00.000Z');
  });

  it('books from a signed post-call webhook through the worker', async () => {
    h = await startHarness();
    const rawBody = fixture.postCallText();
    const response = await h.call('POST', '/webhook/elevenlabs', { rawBody, headers: { 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, Math.floor(h.now() / 1000)) } });
    expect(response.status).toBe(200);
    const ack = await response.json();
    expect(ack.status).toBe('accepted');
    expect(h.google.events()).toHaveLength(0); // nothing slow before the acknowledgement
    expect(await h.worker.drain()).toMatchObject({ succeeded: 1 });
    expectOneOfEach(h);
    const appointment = await h.appointments.getAppointment(ack.appointment_id);
    expect(appointment).toMatchObject({ status: 'booked', source: 'post-call', conversationId: 'conv_3201k2g9a1b2c3d4e5f6g7h8j9k0', customerTimeZone: 'America/Los_Angeles', intent: 'callback_request' });
    expect(h.google.events()[0]!.description).toContain('Caller: Hi, I\'m Jordan Lee.');
  });

  it('records a conversation without a booking and acknowledges it', async () => {
    h = await startHarness();
    const payload = JSON.parse(fixture.postCallText());
    delete payload.data.analysis.data_collection_results.callback_time;
    const rawBody = JSON.stringify(payload);
    const response = await h.call('POST', '/webhook/elevenlabs', { rawBody, headers: { 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, Math.floor(h.now() / 1000)) } });
    expect(response.status).toBe(200);
    const ack = await response.json();
    expect(ack).toMatchObject({ status: 'recorded', booking: false });
    const record = await h.store.get(ack.record_id);
    expect(record?.input).toMatchObject({ kind: 'no-booking', conversationId: 'conv_3201k2g9a1b2c3d4e5f6g7h8j9k0' });
    await h.worker.drain();
    expect((await h.store.get(ack.record_id))?.status).toBe('succeeded');
    expect(h.google.events()).toHaveLength(0);
    expect(h.twilio.messages).toHaveLength(0);
  });

  it('escapes a customer name of <script>alert(1)</script> in the e-mail HTML', async () => {
    h = await startHarness();
    const payload = { ...fixture.flat(), customer_name: '<script>alert(1)</script>', summary: 'Tom & "Jerry" <b>bold</b>' };
    await h.call('POST', '/webhook', { body: payload });
    const mail = h.smtp.messages[0]!;
    expect(mail.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(mail.html).toContain('Tom &amp; &quot;Jerry&quot; &lt;b&gt;bold&lt;/b&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>bold');
    expect(mail.text).toContain('Hi <script>alert(1)</script>,'); // plain text is not HTML: kept as typed
  });

  it('answers from the steps saved so far when the deadline passes, and the booking completes', async () => {
    h = await startHarness({ toolDeadlineMs: 1 });
    const body = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
    expect(body).toMatchObject({ status: 'success', message: 'Appointment request received', data: { calendar_created: false, sms_sent: false, email_sent: false } });
    expect(body.agent_message).toMatch(/is saved and being booked now/);
    // The attempt continues after the answer; wait for it through the store.
    await expect.poll(async () => (await h.appointments.getAppointment(body.appointment_id))?.job.status, { timeout: 10_000 }).toBe('succeeded');
    expectOneOfEach(h);
  });
});

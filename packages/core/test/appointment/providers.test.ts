import { afterEach, describe, expect, it } from 'vitest';
import { googleCalendar, parseServiceAccount } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { twilioSms } from '@callwire/core/twilio';
import { startFakeGoogleCalendar, startFakeSmtp, startFakeTwilio, twilioForwardingClient } from '@callwire/core/testing';
import { isCallwireError } from '@callwire/core';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const event = { id: 'abcdefghij0123456789', summary: 'Callback', description: 'd', start: '2026-11-24T23:00:00.000Z', end: '2026-11-24T23:30:00.000Z', timeZone: 'America/Los_Angeles', attendees: [{ email: 'jordan.lee@example.com', displayName: 'Jordan Lee' }], reminderMinutes: [1440, 30] };

describe('googleCalendar()', () => {
  it('exchanges the service-account JWT at the key\'s token_uri and books with attendees when allowed', async () => {
    const google = await startFakeGoogleCalendar({ serviceAccount: false });
    closers.push(google.close);
    const base64 = Buffer.from(JSON.stringify(google.serviceAccountKey)).toString('base64');
    const calendar = googleCalendar({ credentials: base64, calendarId: 'bookings@acme.test', rootUrl: google.rootUrl });
    const created = await calendar.createEvent(event);
    expect(created).toMatchObject({ id: event.id, attendeesIncluded: true });
    expect(created.note).toBeUndefined();
    expect(google.tokensIssued()).toBe(1);
    expect(google.events()[0]!.attendees).toEqual([{ email: 'jordan.lee@example.com', displayName: 'Jordan Lee' }]);
    expect(google.requests.find((r) => r.path.endsWith('/events'))?.query.sendUpdates).toBe('all');
  });

  it('books without attendees, and says so, when the service account may not invite (403 forbiddenForServiceAccounts)', async () => {
    const google = await startFakeGoogleCalendar();
    closers.push(google.close);
    const calendar = googleCalendar({ credentials: google.serviceAccountKey, calendarId: 'c', rootUrl: google.rootUrl });
    const created = await calendar.createEvent(event);
    expect(created).toMatchObject({ attendeesIncluded: false, note: expect.stringMatching(/without attendees/) });
    expect(google.events()[0]!.attendees).toBeUndefined();
  });

  it('classifies Google failures: 5xx retryable, other 4xx permanent', async () => {
    const google = await startFakeGoogleCalendar();
    closers.push(google.close);
    const calendar = googleCalendar({ credentials: JSON.stringify(google.serviceAccountKey), calendarId: 'c', rootUrl: google.rootUrl });
    google.failNext(503);
    const transient = await calendar.freeBusy({ start: event.start, end: event.end }).catch((e: unknown) => e);
    expect(isCallwireError(transient) && transient.retryable && transient.providerStatus === 503).toBe(true);
    google.failNext(400, 'invalid');
    const permanent = await calendar.createEvent({ ...event, attendees: [] }).catch((e: unknown) => e);
    expect(isCallwireError(permanent) && !permanent.retryable && permanent.providerStatus === 400).toBe(true);
  });

  it('refuses credentials that are not a service-account key', () => {
    expect(() => parseServiceAccount('bm90IGpzb24=')).toThrow(/service-account JSON/);
    expect(() => parseServiceAccount({ client_email: 'x' } as never)).toThrow(/private_key/);
  });
});

describe('twilioSms()', () => {
  it('sends WhatsApp messages with the whatsapp: prefix through the real SDK', async () => {
    const twilio = await startFakeTwilio();
    closers.push(twilio.close);
    const sms = twilioSms({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: '+14155550100',
      channel: 'whatsapp',
      freeFormWhatsApp: 'only-inside-24h-window',
      publicUrl: 'https://callwire.example.test',
      httpClient: twilioForwardingClient(twilio.url),
    });
    const { id } = await sms.send('+14155550123', 'hello');
    expect(id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages[0]).toMatchObject({ to: 'whatsapp:+14155550123', from: 'whatsapp:+14155550100', body: 'hello' });
  });

  it('uses a Messaging Service when given; 21211 is permanent with the reason, 429 is retryable', async () => {
    const twilio = await startFakeTwilio();
    closers.push(twilio.close);
    const sms = twilioSms({ accountSid: twilio.accountSid, authToken: twilio.authToken, messagingServiceSid: 'MG123', httpClient: twilioForwardingClient(twilio.url) });
    await sms.send('+14155550123', 'hi');
    expect(twilio.messages[0]).toMatchObject({ messagingServiceSid: 'MG123', from: null });
    twilio.rejectNumber('+14155550999', 21211);
    const invalid = await sms.send('+14155550999', 'hi').catch((e: unknown) => e);
    expect(isCallwireError(invalid) && !invalid.retryable && /21211: the phone number is not valid/.test(invalid.message)).toBe(true);
    twilio.failNext(429);
    const limited = await sms.send('+14155550123', 'hi').catch((e: unknown) => e);
    expect(isCallwireError(limited) && limited.retryable && limited.providerStatus === 429).toBe(true);
  });

  it('is refused by the fake with a wrong auth token (Basic auth is checked)', async () => {
    const twilio = await startFakeTwilio();
    closers.push(twilio.close);
    const sms = twilioSms({ accountSid: twilio.accountSid, authToken: 'wrong', from: '+14155550100', httpClient: twilioForwardingClient(twilio.url) });
    const error = await sms.send('+14155550123', 'hi').catch((e: unknown) => e);
    expect(isCallwireError(error) && error.providerStatus === 401).toBe(true);
    expect(twilio.messages).toHaveLength(0);
  });
});

describe('smtpMailer()', () => {
  it('a 5xx SMTP reply is permanent, a 4xx one is retried', async () => {
    const smtp = await startFakeSmtp();
    closers.push(smtp.close);
    const mailer = smtpMailer({ url: smtp.url, ca: smtp.ca, from: 'Acme <desk@acme.test>' });
    smtp.failNext(550);
    const permanent = await mailer.send({ to: 'a@example.com', subject: 's', html: '<p>x</p>', text: 'x' }).catch((e: unknown) => e);
    expect(isCallwireError(permanent) && !permanent.retryable).toBe(true);
    smtp.failNext(451);
    const transient = await mailer.send({ to: 'a@example.com', subject: 's', html: '<p>x</p>', text: 'x' }).catch((e: unknown) => e);
    expect(isCallwireError(transient) && transient.retryable).toBe(true);
    await mailer.send({ to: 'a@example.com', subject: 'Grüße', html: '<p>x</p>', text: 'x' });
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Grüße']);
  });
});

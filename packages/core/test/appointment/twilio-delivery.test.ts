import { afterEach, describe, expect, it } from 'vitest';
import { createHandler, toNodeListener } from '@callwire/core';
import { listen, twilioForwardingClient, twilioSignature, type LocalServer } from '@callwire/core/testing';
import { twilioSms, type TwilioSmsOptions } from '@callwire/core/twilio';
import { consoleClient } from '../console/client.js';
import { fixture, startHarness, type Harness, type HarnessOptions } from './harness.js';

/** Where Twilio reaches callwire in these tests: a public HTTPS URL in front of the local handler (as behind a proxy). */
const PUBLIC = 'https://callwire.example.test/hooks';
const OPERATOR = 'operator-secret-0123456789abcdef-twilio';
const PHONE = '+14155550123';

let h: Harness | undefined;
let server: LocalServer | undefined;
let handler: ReturnType<typeof createHandler> | undefined;
afterEach(async () => {
  await server?.close();
  await h?.close();
  server = h = undefined;
});

/** A harness whose `twilioSms()` has `publicUrl`, served by the real HTTP handler; callbacks reach it unless `route: false`. */
async function start(options: HarnessOptions & { route?: boolean } = {}): Promise<Harness> {
  const { route = true, twilio, ...rest } = options;
  const harness = await startHarness({ ...rest, twilio: (fake) => ({ publicUrl: PUBLIC, ...twilio?.(fake) }) });
  h = harness;
  handler = createHandler({ pipelines: [harness.appointments], auth: { operatorSecret: OPERATOR }, console: true });
  server = await listen(toNodeListener(handler));
  if (route) harness.twilio.routeCallbacks(PUBLIC, server.url);
  return harness;
}

/** Books the fixture through `POST /webhook` and waits for every status callback Twilio sends. */
async function book(harness: Harness): Promise<string> {
  const response = await fetch(`${server!.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fixture.flat()) });
  expect(response.status).toBe(200);
  const { appointment_id: id } = (await response.json()) as { appointment_id: string };
  await harness.twilio.callbacksSettled();
  return id;
}

async function appointment(id: string) {
  const response = await fetch(`${server!.url}/appointments/${id}`, { headers: { authorization: `Bearer ${OPERATOR}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { sms: Record<string, unknown> & { delivery?: Record<string, unknown> }; email: { status: string }; job: { status: string } };
}

const deliveryRecords = (harness: Harness) => harness.store.list({ pipeline: 'appointments.deliveries', limit: 500 });

describe('Twilio status callbacks → /appointments/:id', () => {
  it('an SMS the fake delivers shows delivered; replayed and reversed callbacks never move it back', async () => {
    const harness = await start();
    const id = await book(harness);
    const [message] = harness.twilio.messages;
    expect(message!.params.StatusCallback).toBe(`${PUBLIC}/webhook/twilio/status?job=${id}&step=send-sms&channel=sms`);
    expect(harness.twilio.callbacks.map((c) => [c.params.MessageStatus, c.status])).toEqual([['sent', 200], ['delivered', 200]]);
    expect((await appointment(id)).sms).toMatchObject({ status: 'sent', id: message!.sid, delivery: { status: 'delivered', channel: 'sms', messageId: message!.sid } });

    harness.twilio.replayCallbacks(message!.sid, 'reversed');
    await harness.twilio.callbacksSettled();
    expect(harness.twilio.callbacks.slice(2).map((c) => [c.params.MessageStatus, c.status])).toEqual([['delivered', 200], ['sent', 200]]);
    expect((await appointment(id)).sms.delivery).toMatchObject({ status: 'delivered' });
    const records = await deliveryRecords(harness);
    expect(records.map((r) => r.status)).toEqual(['succeeded', 'succeeded']); // one per state, none left queued
  });

  it('an SMS reported undelivered with 30003 shows the code and the reason, and a late "sent" does not hide it', async () => {
    const harness = await start();
    harness.twilio.failDelivery(PHONE, 30003);
    const id = await book(harness);
    const sms = (await appointment(id)).sms;
    expect(sms).toMatchObject({ status: 'sent', delivery: { status: 'undelivered', errorCode: 30003 } });
    expect(sms.delivery!.reason).toMatch(/^Twilio 30003: unreachable destination handset.*https:\/\/www\.twilio\.com\/docs\/api\/errors\/30003/);
    harness.twilio.replayCallbacks(harness.twilio.messages[0]!.sid, 'reversed');
    await harness.twilio.callbacksSettled();
    expect((await appointment(id)).sms.delivery).toMatchObject({ status: 'undelivered', errorCode: 30003 });
  });

  it('the console shows the delivery state and reason on the appointment page and in the list', async () => {
    const harness = await start();
    harness.twilio.failDelivery(PHONE, 30006);
    const id = await book(harness);
    const client = consoleClient(handler!);
    await client.login(OPERATOR);
    const page = await client.get(`/appointments/${id}`);
    expect(page.text).toMatch(
      /<th scope="row" data-label="Channel">SMS<\/th><td data-label="Outcome"><span class="badge s-sent">sent<\/span> <span class="muted">SM[0-9a-f]{32}<\/span> → <span class="badge s-undelivered">undelivered<\/span> <span class="muted">sms: Twilio 30006: landline or unreachable carrier/,
    );
    const list = await client.get('/appointments');
    expect(list.text).toContain('<span class="badge s-undelivered">undelivered</span>');
  });

  it('21610 (recipient unsubscribed) fails the SMS for good, without a retry; the e-mail still goes', async () => {
    const harness = await start();
    harness.twilio.rejectNumber(PHONE, 21610);
    const id = await book(harness);
    await harness.worker.drain();
    const view = await appointment(id);
    expect(view.sms).toMatchObject({ status: 'failed', code: 'provider_rejected' });
    expect(view.sms.reason).toMatch(/Twilio 21610: the recipient has opted out/);
    expect(view.sms.retrying).toBeUndefined();
    expect(view.email).toMatchObject({ status: 'sent' });
    expect(view.job.status).toBe('succeeded');
    expect(harness.twilio.requestCount()).toBe(1);
    expect(harness.smtp.messages).toHaveLength(1);
  });
});

describe('the status callback route verifies X-Twilio-Signature with the twilio SDK', () => {
  it('refuses unsigned, altered and wrongly addressed callbacks with 401 and records nothing; the genuine one is recorded', async () => {
    const harness = await start({ route: false });
    const id = await book(harness);
    const delivered = harness.twilio.callbacks.find((c) => c.params.MessageStatus === 'delivered')!;
    expect(delivered.error).toMatch(/not delivered/); // not routed: this test posts the callbacks itself
    const query = new URL(delivered.url).search;
    const post = (params: Record<string, string>, headers: Record<string, string>, search = query) =>
      fetch(`${server!.url}/webhook/twilio/status${search}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(params).toString() });

    expect((await post(delivered.params, {})).status).toBe(401);
    const altered = { ...delivered.params, MessageStatus: 'undelivered', ErrorCode: '30007' };
    expect((await post(altered, { 'x-twilio-signature': delivered.signature })).status).toBe(401);
    const otherUrl = `https://elsewhere.example.test/webhook/twilio/status${query}`;
    expect((await post(delivered.params, { 'x-twilio-signature': twilioSignature(harness.twilio.authToken, otherUrl, delivered.params) })).status).toBe(401);
    const otherJob = query.replace(/job=[^&]+/, 'job=someone-else');
    expect((await post(delivered.params, { 'x-twilio-signature': delivered.signature }, otherJob)).status).toBe(401);
    const wrongToken = twilioSignature('not-the-auth-token', delivered.url, delivered.params);
    expect((await post(delivered.params, { 'x-twilio-signature': wrongToken })).status).toBe(401);
    expect(await deliveryRecords(harness)).toEqual([]);
    expect((await appointment(id)).sms.delivery).toBeUndefined();

    const genuine = await post(delivered.params, { 'x-twilio-signature': delivered.signature });
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toEqual({ recorded: true });
    expect((await appointment(id)).sms.delivery).toMatchObject({ status: 'delivered' });
  });
});

describe('WhatsApp', () => {
  const base = { accountSid: 'AC00000000000000000000000000000000', authToken: 'token', from: '+14155550100', channel: 'whatsapp' as const, publicUrl: PUBLIC };

  it('is refused at construction without templates or the explicit free-form opt-in, and without publicUrl', () => {
    expect(() => twilioSms(base)).toThrow(/whatsappTemplates.*freeFormWhatsApp: "only-inside-24h-window".*errors\/63016/);
    expect(() => twilioSms({ ...base, publicUrl: undefined, freeFormWhatsApp: 'only-inside-24h-window' })).toThrow(/option `publicUrl` is required with channel "whatsapp"/);
    expect(() => twilioSms({ ...base, freeFormWhatsApp: 'yes' as never })).toThrow(/option `freeFormWhatsApp` must be "only-inside-24h-window"/);
    const template = { contentSid: `HX${'0'.repeat(32)}`, variables: () => ({ 1: 'x' }) };
    expect(() => twilioSms({ ...base, whatsappTemplates: { booked: template, rescheduled: template } as never })).toThrow(/option `whatsappTemplates\.cancelled` is missing/);
    expect(() => twilioSms({ ...base, whatsappTemplates: { booked: { ...template, contentSid: 'HX1' }, rescheduled: template, cancelled: template } })).toThrow(/whatsappTemplates\.booked\.contentSid/);
    expect(() => twilioSms({ ...base, publicUrl: 'http://callwire.example.test', freeFormWhatsApp: 'only-inside-24h-window' })).toThrow(/option `publicUrl` must be a https:\/\/ URL/);
    expect(() => twilioSms({ ...base, channel: 'sms', freeFormWhatsApp: 'only-inside-24h-window' })).toThrow(/option `freeFormWhatsApp` needs channel: "whatsapp"/);
  });

  it('sends the approved template (ContentSid + ContentVariables, no Body) and shows it delivered', async () => {
    let booked = '';
    const harness = await start({
      twilio: (fake) => {
        booked = fake.addContentTemplate({ body: 'Hi {{1}}, your appointment is confirmed for {{2}}.' });
        const other = fake.addContentTemplate({ body: 'Your appointment: {{1}}.' });
        const when = { contentSid: other, variables: (n: { when: string }) => ({ 1: n.when }) };
        return { channel: 'whatsapp', whatsappTemplates: { booked: { contentSid: booked, variables: (n) => ({ 1: n.customerName ?? 'there', 2: n.when }) }, rescheduled: when, cancelled: when } };
      },
    });
    const id = await book(harness);
    const [message] = harness.twilio.messages;
    expect(message!.params).toMatchObject({ To: `whatsapp:${PHONE}`, From: 'whatsapp:+14155550100', ContentSid: booked });
    expect(message!.params.Body).toBeUndefined();
    expect(JSON.parse(message!.params.ContentVariables!)).toEqual({ 1: 'Jordan Lee', 2: 'Tuesday, November 24 at 3:00 PM PST' });
    expect(message!.body).toBe('Hi Jordan Lee, your appointment is confirmed for Tuesday, November 24 at 3:00 PM PST.');
    expect((await appointment(id)).sms).toMatchObject({ status: 'sent', delivery: { status: 'delivered', channel: 'whatsapp' } });
  });

  it('free-form by opt-in outside the 24-hour window: Twilio accepts it, then 63016 shows as failed with the reason', async () => {
    const harness = await start({ twilio: () => ({ channel: 'whatsapp', freeFormWhatsApp: 'only-inside-24h-window' }) });
    const id = await book(harness);
    expect(harness.twilio.messages[0]!.params.Body).toContain('Jordan Lee');
    const sms = (await appointment(id)).sms;
    expect(sms).toMatchObject({ status: 'sent', delivery: { status: 'failed', channel: 'whatsapp', errorCode: 63016 } });
    expect(sms.delivery!.reason).toMatch(/Twilio 63016: .*24-hour customer-service window/);
  });

  it('free-form inside an open window is delivered', async () => {
    const harness = await start({ twilio: () => ({ channel: 'whatsapp', freeFormWhatsApp: 'only-inside-24h-window' }) });
    harness.twilio.whatsAppSession(PHONE);
    const id = await book(harness);
    expect((await appointment(id)).sms.delivery).toMatchObject({ status: 'delivered', channel: 'whatsapp' });
  });
});

describe('the fake Twilio', () => {
  it('lists messages to a recipient since a time, newest first, across pages, through the real SDK', async () => {
    const harness = await start();
    const { default: twilio } = await import('twilio');
    const client = twilio(harness.twilio.accountSid, harness.twilio.authToken, { httpClient: twilioForwardingClient(harness.twilio.url) as never });
    const since = new Date(Date.now() - 1_000);
    const sms = twilioSms({ accountSid: harness.twilio.accountSid, authToken: harness.twilio.authToken, from: '+14155550100', httpClient: twilioForwardingClient(harness.twilio.url) } as TwilioSmsOptions);
    for (const body of ['one', 'two', 'three']) await sms.send(PHONE, body);
    await sms.send('+14155550999', 'someone else');
    const listed = await client.messages.list({ to: PHONE, dateSentAfter: since, pageSize: 2 });
    expect(listed.map((m) => m.body).sort()).toEqual(['one', 'three', 'two']);
    expect(listed.every((m) => m.to === PHONE && m.dateSent instanceof Date)).toBe(true);
    // DateSent filters by GMT day: a later time of the same day still lists the day's messages, the next day none.
    const today = new Date(Date.now());
    const lateToday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 23, 59, 59));
    expect(await client.messages.list({ to: PHONE, dateSentAfter: lateToday })).toHaveLength(3);
    expect(await client.messages.list({ to: PHONE, dateSentAfter: new Date(lateToday.getTime() + 1_000) })).toEqual([]);
    expect(await client.messages.list({ to: PHONE, dateSentBefore: new Date(lateToday.getTime() - 86_400_000) })).toEqual([]);
  });

  it('a message still queued has no date_sent and matches no DateSent filter; the unfiltered list has it', async () => {
    const harness = await start();
    const { default: twilio } = await import('twilio');
    const client = twilio(harness.twilio.accountSid, harness.twilio.authToken, { httpClient: twilioForwardingClient(harness.twilio.url) as never });
    const sms = twilioSms({ accountSid: harness.twilio.accountSid, authToken: harness.twilio.authToken, from: '+14155550100', httpClient: twilioForwardingClient(harness.twilio.url) } as TwilioSmsOptions);
    harness.twilio.holdQueued(PHONE);
    const { id } = await sms.send(PHONE, 'held');
    expect(await client.messages.list({ to: PHONE, dateSentAfter: new Date(Date.now() - 86_400_000) })).toEqual([]);
    expect(await client.messages.list({ to: PHONE })).toMatchObject([{ sid: id, status: 'queued', dateSent: null }]);
    harness.twilio.holdQueued(PHONE, false);
    expect(await client.messages.list({ to: PHONE, dateSentAfter: new Date() })).toMatchObject([{ sid: id, status: 'delivered' }]);
  });

  it('signs callbacks exactly as the SDK validates them', async () => {
    const { default: twilio } = await import('twilio');
    const url = 'https://callwire.example.test/hooks/webhook/twilio/status?job=j1&step=send-sms&channel=sms';
    const params = { MessageSid: 'SM1', MessageStatus: 'delivered', To: '+14155550123', Body: 'ünïcode & spaces' };
    const signature = twilioSignature('token', url, params);
    expect(twilio.validateRequest('token', signature, url, params)).toBe(true);
    expect(twilio.validateRequest('token', signature, url, { ...params, MessageStatus: 'sent' })).toBe(false);
  });
});

describe('twilioSms().findSent — a text found again after a crash', () => {
  const senderOf = (harness: Harness, extra: Partial<TwilioSmsOptions> = {}) =>
    twilioSms({ accountSid: harness.twilio.accountSid, authToken: harness.twilio.authToken, from: '+14155550100', httpClient: twilioForwardingClient(harness.twilio.url), ...extra } as TwilioSmsOptions);

  it('finds the message to the recipient with the same body since the intent, by its own date_created (DateSent is a whole day)', async () => {
    const harness = await start();
    const sms = senderOf(harness);
    const earlier = await sms.send(PHONE, 'Your appointment is confirmed.');
    // Sent earlier the same GMT day, before the intent (and its skew): the DateSent>= day lists it, date_created excludes it.
    harness.twilio.messages[0]!.dateCreated = new Date(Date.now() - 6 * 60_000);
    const since = Date.now();
    expect(await sms.findSent!(PHONE, 'Your appointment is confirmed.', { since })).toBeUndefined();
    const sent = await sms.send(PHONE, 'Your appointment is confirmed.');
    expect(await sms.findSent!(PHONE, 'Your appointment is confirmed.', { since })).toEqual({ id: sent.id });
    expect(sent.id).not.toBe(earlier.id);
    expect(await sms.findSent!(PHONE, 'Your appointment has moved.', { since })).toBeUndefined();
    expect(await sms.findSent!('+14155550999', 'Your appointment is confirmed.', { since })).toBeUndefined();
    // The same text from another sender of the account is not this sender's.
    expect(await senderOf(harness, { from: '+14155550111' }).findSent!(PHONE, 'Your appointment is confirmed.', { since })).toBeUndefined();
  });

  it('finds a message still queued at Twilio (no date_sent yet) in the newest page', async () => {
    const harness = await start();
    const sms = senderOf(harness);
    harness.twilio.holdQueued(PHONE);
    const since = Date.now();
    const { id } = await sms.send(PHONE, 'Your appointment is confirmed.');
    expect(harness.twilio.messages[0]).toMatchObject({ status: 'queued', dateSent: null });
    expect(await sms.findSent!(PHONE, 'Your appointment is confirmed.', { since })).toEqual({ id });
  });

  it('a Messaging Service sender matches by the service; WhatsApp templates cannot be matched (no findSent: a repeat is reported)', async () => {
    const harness = await start();
    const service = senderOf(harness, { from: undefined, messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' });
    const since = Date.now();
    const { id } = await service.send(PHONE, 'Hello');
    expect(await service.findSent!(PHONE, 'Hello', { since })).toEqual({ id });
    const contentSid = harness.twilio.addContentTemplate({ body: 'Booked for {{1}}' });
    const templated = senderOf(harness, { channel: 'whatsapp', publicUrl: PUBLIC, whatsappTemplates: { booked: { contentSid, variables: () => ({ 1: 'x' }) }, rescheduled: { contentSid, variables: () => ({ 1: 'x' }) }, cancelled: { contentSid, variables: () => ({ 1: 'x' }) } } });
    expect(templated.findSent).toBeUndefined();
  });
});

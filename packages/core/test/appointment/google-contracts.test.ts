/**
 * Google as it really behaves: the token endpoint verifies the service-account JWT, free/busy reports a
 * calendar the account cannot see inside a 200, and an empty range is a 400 — each turned into a clear,
 * permanent callwire error, through the real `@googleapis/calendar` SDK.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isCallwireError } from '@callwire/core';
import { googleCalendar } from '@callwire/core/google-calendar';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '@callwire/core/testing';
import { fixture, startHarness } from './harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const start = async (options?: Parameters<typeof startFakeGoogleCalendar>[0]) => {
  const google = await startFakeGoogleCalendar(options);
  closers.push(google.close);
  return google;
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT signed by hand (not by the SDK), so that each claim can be wrong on purpose. */
function assertion(privateKey: string, claims: Record<string, unknown>, alg = 'RS256'): string {
  const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

async function exchange(google: FakeGoogleCalendar, jwt: string, grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
  const response = await fetch(google.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: grantType, assertion: jwt }) });
  return { status: response.status, body: (await response.json()) as { error?: string; error_description?: string; access_token?: string } };
}

describe('fake Google token endpoint (verifies the JWT bearer assertion as Google does)', () => {
  it('issues a token only for a well-formed, correctly signed, short-lived assertion', async () => {
    const google = await start();
    const key = google.serviceAccountKey;
    const now = Math.floor(Date.now() / 1000);
    const good = { iss: key.client_email, scope: 'https://www.googleapis.com/auth/calendar', aud: 'https://oauth2.googleapis.com/token', iat: now, exp: now + 3600 };
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const refused: [string, string, string, string?][] = [
      ['signed with another key', assertion(otherKey, good), 'invalid_grant'],
      ['alg none', `${b64({ alg: 'none' })}.${b64(good)}.`, 'invalid_grant'],
      ['another issuer', assertion(key.private_key, { ...good, iss: 'someone@else.iam.gserviceaccount.com' }), 'invalid_grant'],
      ['wrong audience', assertion(key.private_key, { ...good, aud: 'https://www.googleapis.com/oauth2/v4/token/x' }), 'invalid_grant'],
      ['no scope', assertion(key.private_key, { ...good, scope: undefined }), 'invalid_scope'],
      ['lifetime over an hour', assertion(key.private_key, { ...good, exp: now + 3601 }), 'invalid_grant'],
      ['expired', assertion(key.private_key, { ...good, iat: now - 7200, exp: now - 3600 }), 'invalid_grant'],
      ['issued in the future', assertion(key.private_key, { ...good, iat: now + 900, exp: now + 1800 }), 'invalid_grant'],
      ['iat not a number', assertion(key.private_key, { ...good, iat: String(now) }), 'invalid_grant'],
      ['not a JWT', 'not-a-jwt', 'invalid_grant'],
      ['another grant type', assertion(key.private_key, good), 'unsupported_grant_type', 'client_credentials'],
    ];
    for (const [name, jwt, error, grantType] of refused) {
      const { status, body } = await exchange(google, jwt, grantType);
      expect(status, name).toBe(400);
      expect(body.error, name).toBe(error);
      expect(body.error_description, name).toBeTruthy();
    }
    expect(google.tokensIssued()).toBe(0);
    expect(google.tokenFailures).toHaveLength(refused.length);
    const accepted = await exchange(google, assertion(key.private_key, good));
    expect(accepted.status).toBe(200);
    expect(accepted.body.access_token).toMatch(/^ya29\./);
  });

  it('googleCalendar() with a key Google does not know fails permanently, naming the account and invalid_grant', async () => {
    const google = await start();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const calendar = googleCalendar({ credentials: { ...google.serviceAccountKey, private_key: stranger }, calendarId: 'bookings@acme.test', rootUrl: google.rootUrl });
    const error = await calendar.freeBusy({ start: '2026-11-24T17:00:00Z', end: '2026-11-24T18:00:00Z' }).catch((e: unknown) => e);
    expect(isCallwireError(error) && !error.retryable && error.providerStatus === 400).toBe(true);
    expect((error as Error).message).toMatch(/refused the service-account credentials of callwire-test@fake-project\.iam\.gserviceaccount\.com \(400 invalid_grant: Invalid JWT Signature\.\)/);
    expect(google.tokensIssued()).toBe(0);
  });

  it('a server clock two hours off makes the SDK\'s assertion expired: invalid_grant, permanent', async () => {
    const google = await start({ now: () => Date.now() + 2 * 3_600_000 });
    const calendar = googleCalendar({ credentials: google.serviceAccountKey, calendarId: 'c', rootUrl: google.rootUrl });
    const error = await calendar.freeBusy({ start: '2026-11-24T17:00:00Z', end: '2026-11-24T18:00:00Z' }).catch((e: unknown) => e);
    expect(isCallwireError(error) && !error.retryable).toBe(true);
    expect((error as Error).message).toMatch(/invalid_grant: Invalid JWT: Token must be a short-lived token/);
  });
});

describe('free/busy errors', () => {
  it('a calendar not shared with the service account is a clear, permanent error — never "free"', async () => {
    const google = await start({ sharedCalendars: ['other@acme.test'] });
    const calendar = googleCalendar({ credentials: google.serviceAccountKey, calendarId: 'bookings@acme.test', rootUrl: google.rootUrl });
    const error = await calendar.freeBusy({ start: '2026-11-24T17:00:00Z', end: '2026-11-24T18:00:00Z' }).catch((e: unknown) => e);
    expect(isCallwireError(error) && error.code === 'provider_rejected' && !error.retryable).toBe(true);
    expect((error as Error).message).toMatch(/bookings@acme\.test is not shared with the service account callwire-test@fake-project\.iam\.gserviceaccount\.com/);
    expect((error as Error).message).toMatch(/Make changes to events/);
  });

  it('an empty range (timeMax <= timeMin) is Google\'s 400 timeRangeEmpty, explained, permanent', async () => {
    const google = await start();
    const calendar = googleCalendar({ credentials: google.serviceAccountKey, calendarId: 'c', rootUrl: google.rootUrl });
    const error = await calendar.freeBusy({ start: '2026-11-24T18:00:00Z', end: '2026-11-24T18:00:00Z' }).catch((e: unknown) => e);
    expect(isCallwireError(error) && !error.retryable && error.providerStatus === 400).toBe(true);
    expect((error as Error).message).toMatch(/timeRangeEmpty\): the end of the range must be after its start/);
  });

  it('through the routes: availability answers 502 with the reason; a booking is refused, not booked', async () => {
    const h = await startHarness({ storeKind: 'memory', google: { sharedCalendars: ['someone-else@acme.test'] } });
    closers.push(h.close);
    const availability = await h.call('POST', '/tools/availability', { body: { date: '2026-11-24' } });
    expect(availability.status).toBe(502);
    const answer = (await availability.json()) as { error: string; message: string };
    expect(answer.error).toBe('provider_rejected');
    expect(answer.message).toMatch(/bookings@acme\.test is not shared with the service account/);

    const booking = await h.call('POST', '/webhook', { body: fixture.flat() });
    expect(booking.status).toBe(200);
    const tool = (await booking.json()) as { status: string; data: { calendar_created: boolean }; appointment_id: string };
    expect(tool.status).toBe('error');
    expect(tool.data.calendar_created).toBe(false);
    const view = (await (await h.call('GET', `/appointments/${tool.appointment_id}`)).json()) as { status: string; calendar: { status: string; reason: string; retrying: boolean } };
    expect(view.calendar).toMatchObject({ status: 'failed', retrying: false });
    expect(view.calendar.reason).toMatch(/not shared with the service account/);
    expect(h.google.events()).toHaveLength(0);
  });
});

import { CallwireError } from '../../errors.js';

type GoogleErrorBody = { error?: string | { message?: string; errors?: { reason?: string }[] }; error_description?: string };

/**
 * Google's error reason and HTTP status of a failed call. API errors carry
 * `{ error: { message, errors: [{ reason }] } }` (e.g. `forbiddenForServiceAccounts`, `duplicate`); the
 * OAuth token endpoint answers `{ error: 'invalid_grant', error_description }`
 * (https://developers.google.com/identity/protocols/oauth2/service-account#error-codes).
 */
export function googleFailure(error: unknown): { status: number | undefined; reason: string | undefined; message: string; oauth: boolean } {
  const e = error as { status?: unknown; response?: { status?: number; data?: GoogleErrorBody }; message?: string };
  const status = typeof e?.response?.status === 'number' ? e.response.status : typeof e?.status === 'number' ? e.status : undefined;
  const data = e?.response?.data;
  if (typeof data?.error === 'string') {
    return { status, reason: data.error, message: data.error_description ?? data.error, oauth: true };
  }
  const body = data?.error;
  return { status, reason: body?.errors?.[0]?.reason, message: body?.message ?? e?.message ?? String(error), oauth: false };
}

/** A failed Google call as a `CallwireError`: 408/429/5xx and network errors retry, other 4xx do not. */
export function toCallwireError(error: unknown, action: string, clientEmail?: string): CallwireError {
  const { status, reason, message, oauth } = googleFailure(error);
  if (status === undefined) return new CallwireError('provider_error', `Google Calendar ${action} failed: ${message}`, { provider: 'google-calendar', cause: error });
  const retryable = status === 408 || status === 429 || status >= 500 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded';
  const text = oauth
    ? `Google refused the service-account credentials${clientEmail ? ` of ${clientEmail}` : ''} (${status} ${reason}: ${message}); check the key (a revoked or replaced key, or a clock more than a few minutes off), then retry.`
    : reason === 'timeRangeEmpty'
      ? `Google Calendar ${action} failed (400 timeRangeEmpty): the end of the range must be after its start.`
      : `Google Calendar ${action} failed (${status}${reason ? ` ${reason}` : ''}): ${message}`;
  return new CallwireError(retryable ? 'provider_error' : 'provider_rejected', text, { provider: 'google-calendar', providerStatus: status, retryable, cause: error });
}

/**
 * A calendar's free/busy `errors` (a 200 answer: https://developers.google.com/calendar/api/v3/reference/freebusy/query,
 * `calendars.(key).errors[]`) as a permanent `CallwireError`. `notFound` means the service account cannot
 * see the calendar: it was never shared with it, or the id is wrong.
 */
export function freeBusyError(calendarId: string, errors: readonly { reason?: string | null }[], clientEmail: string): CallwireError {
  const reasons = errors.map((e) => e.reason ?? 'unknown');
  const message = reasons.includes('notFound')
    ? `Google Calendar ${calendarId} is not shared with the service account ${clientEmail} (free/busy answered notFound): ` +
      `in Google Calendar, open the calendar's "Settings and sharing" → "Share with specific people" and add ${clientEmail} ` +
      `with "Make changes to events" (booking needs it; "See all event details" is enough for free/busy only), or correct the calendar id.`
    : `Google Calendar free/busy for ${calendarId} failed: ${reasons.join(', ')}.`;
  return new CallwireError('provider_rejected', message, { provider: 'google-calendar', retryable: false });
}

import { CallwireError } from '../../errors.js';

/** Google's error reason (e.g. `forbiddenForServiceAccounts`, `duplicate`) and HTTP status of a failed call. */
export function googleFailure(error: unknown): { status: number | undefined; reason: string | undefined; message: string } {
  const e = error as { status?: unknown; code?: unknown; response?: { status?: number; data?: { error?: { message?: string; errors?: { reason?: string }[] } } }; message?: string };
  const status = typeof e?.response?.status === 'number' ? e.response.status : typeof e?.status === 'number' ? e.status : undefined;
  const body = e?.response?.data?.error;
  return { status, reason: body?.errors?.[0]?.reason, message: body?.message ?? e?.message ?? String(error) };
}

/** A failed Google call as a `CallwireError`: 408/429/5xx and network errors retry, other 4xx do not. */
export function toCallwireError(error: unknown, action: string): CallwireError {
  const { status, reason, message } = googleFailure(error);
  const text = `Google Calendar ${action} failed${status ? ` (${status}${reason ? ` ${reason}` : ''})` : ''}: ${message}`;
  if (status === undefined) return new CallwireError('provider_error', text, { provider: 'google-calendar', cause: error });
  const retryable = status === 408 || status === 429 || status >= 500 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded';
  return new CallwireError(retryable ? 'provider_error' : 'provider_rejected', text, { provider: 'google-calendar', providerStatus: status, retryable, cause: error });
}

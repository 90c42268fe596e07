import { isCallwireError } from '../errors.js';
import { jsonAnswer, type WireAnswer } from './json-response.js';

/** Seconds a sender is asked to wait when the store is down and no better hint exists. */
const defaultRetryAfterSeconds = 5;

/**
 * The one place errors become responses: a `CallwireError` answers with its code's status and
 * `toJSON()`; anything else is a 500 `{ error: 'internal' }` with no internals. Every 5xx is passed
 * to `report` (a throwing reporter is ignored).
 */
export function errorResponse(error: unknown, report: (error: unknown) => void, headers?: Record<string, string>): WireAnswer {
  const known = isCallwireError(error);
  const status = known ? error.status : 500;
  if (status >= 500) {
    try {
      report(error);
    } catch {
      // a broken onError must not turn one failure into two
    }
  }
  if (!known) return jsonAnswer({ error: 'internal', message: 'Internal error.' }, 500, headers);
  const extra: Record<string, string> = { ...headers };
  if (status === 503 || status === 429) {
    extra['retry-after'] = String(error.retryAfterMs === undefined ? defaultRetryAfterSeconds : Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  }
  if (status === 401) extra['www-authenticate'] = 'Bearer';
  return jsonAnswer(error.toJSON(), status, extra);
}

import { CallwireError, isCallwireError } from '../../errors.js';
import { redactText } from '../../logger.js';

/** Twilio's page about an error code. */
export const errorPage = (code: number): string => `https://www.twilio.com/docs/api/errors/${code}`;

/**
 * Codes Twilio answers synchronously (HTTP 400 on `Messages.create`) that no retry can fix, in words.
 * Any other 4xx is permanent too; these only get a clearer reason. Each meaning is from the code's page
 * at https://www.twilio.com/docs/api/errors/<code>.
 */
const requestErrors: Record<number, string> = {
  21211: 'the phone number is not valid',
  21408: 'messages to this region are not enabled on the account',
  21610: 'the recipient has opted out of messages (replied STOP); they must text START before you can message them again',
  21612: 'Twilio cannot route messages to this number',
  21614: 'the number cannot receive text messages (not a mobile number)',
  21654: 'ContentVariables were sent without a ContentSid',
  21655: 'the ContentSid is not a Content template of this account',
  21656: 'the ContentVariables do not fit the template (each must be a non-empty single-line string)',
};

/**
 * Codes of messages that Twilio accepted and later reported `undelivered` or `failed` in a status
 * callback, in words (from https://www.twilio.com/docs/api/errors/<code>).
 */
const deliveryErrors: Record<number, string> = {
  30001: 'queue overflow: too many messages were queued for the sender',
  30002: 'the Twilio account is suspended',
  30003: 'unreachable destination handset: the phone is switched off, out of coverage, or cannot receive SMS',
  30004: 'message blocked: the recipient or their carrier blocks messages from this sender',
  30005: 'unknown destination handset: the number is unknown or no longer in service',
  30006: 'landline or unreachable carrier: the number cannot receive text messages',
  30007: 'message filtered by the carrier as spam or unregistered traffic',
  30008: 'unknown error from the carrier',
  63016: 'WhatsApp refused a free-form message outside the 24-hour customer-service window; business-initiated messages need an approved template (ContentSid)',
};

/**
 * The reason of an asynchronous delivery failure, e.g. `Twilio 30003: unreachable destination
 * handset… (https://www.twilio.com/docs/api/errors/30003)`.
 *
 * @example
 * ```ts
 * deliveryFailureReason(63016); // 'Twilio 63016: WhatsApp refused a free-form message … (https://www.twilio.com/docs/api/errors/63016)'
 * ```
 */
export function deliveryFailureReason(code: number | undefined): string {
  if (code === undefined) return 'Twilio reported the message as not delivered, without an error code.';
  return `Twilio ${code}: ${deliveryErrors[code] ?? 'see the error page'} (${errorPage(code)})`;
}

/**
 * Turns what the `twilio` SDK threw into a `CallwireError`: HTTP 429 (Twilio 20429), 408 and 5xx are
 * transient; every other 4xx — 21610 unsubscribed included — is permanent, with the reason in words;
 * no HTTP status at all (network) is transient.
 *
 * @example
 * ```ts
 * toCallwireError(Object.assign(new Error('Attempt to send to unsubscribed recipient'), { status: 400, code: 21610 })).retryable; // false
 * ```
 */
export function toCallwireError(error: unknown): CallwireError {
  if (isCallwireError(error)) return error;
  const e = error as { status?: number; code?: number; message?: string };
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const code = typeof e?.code === 'number' ? e.code : undefined;
  const detail = redactText(e?.message ?? String(error));
  if (status === undefined) return new CallwireError('provider_error', `Twilio request failed: ${detail}`, { provider: 'twilio', cause: error });
  const retryable = status === 408 || status === 429 || status >= 500;
  const known = code !== undefined ? requestErrors[code] : undefined;
  const message = known ? `Twilio ${code}: ${known} (${detail})` : `Twilio ${code ?? status}: ${detail}`;
  return new CallwireError(retryable ? 'provider_error' : 'provider_rejected', message, { provider: 'twilio', providerStatus: status, retryable, cause: error });
}

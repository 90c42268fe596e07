import twilio from 'twilio';
import type { CallOptions, SmsSender } from '../../appointment/ports.js';
import { CallwireError } from '../../errors.js';
import { redactText } from '../../logger.js';
import type { E164 } from '../../phone.js';

/** The request the `twilio` SDK hands its HTTP client. */
export interface TwilioRequest {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
  timeout?: number;
}

/** An HTTP client the `twilio` SDK accepts (its `RequestClient` shape). */
export interface TwilioHttpClient {
  request(options: TwilioRequest): Promise<{ statusCode: number; body: unknown; headers: unknown }>;
}

/** What {@link twilioSms} needs: a sender number (`from`) or a Messaging Service. */
export type TwilioSmsOptions = {
  accountSid: string;
  authToken: string;
  /** `sms` (default) or `whatsapp` (numbers get the `whatsapp:` prefix). */
  channel?: 'sms' | 'whatsapp';
  /** A custom HTTP client for the SDK (tests: a client that forwards to a local fake). */
  httpClient?: TwilioHttpClient;
} & ({ from: string; messagingServiceSid?: never } | { messagingServiceSid: string; from?: never });

/** Twilio error codes that no retry can fix, with the reason in words. */
const permanentCodes: Record<number, string> = {
  21211: 'the phone number is not valid',
  21614: 'the number cannot receive text messages (not a mobile number)',
  21610: 'the recipient has opted out of messages',
  21408: 'messages to this region are not enabled on the account',
  21612: 'Twilio cannot route messages to this number',
  63016: 'WhatsApp requires an approved template outside the 24-hour window',
};

function toCallwireError(error: unknown): CallwireError {
  const e = error as { status?: number; code?: number; message?: string };
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const code = typeof e?.code === 'number' ? e.code : undefined;
  const detail = redactText(e?.message ?? String(error));
  if (code !== undefined && permanentCodes[code]) {
    return new CallwireError('provider_rejected', `Twilio ${code}: ${permanentCodes[code]} (${detail})`, { provider: 'twilio', providerStatus: status, retryable: false, cause: error });
  }
  if (status === undefined) return new CallwireError('provider_error', `Twilio request failed: ${detail}`, { provider: 'twilio', cause: error });
  const retryable = status === 408 || status === 429 || status >= 500;
  return new CallwireError(retryable ? 'provider_error' : 'provider_rejected', `Twilio ${code ?? status}: ${detail}`, { provider: 'twilio', providerStatus: status, retryable, cause: error });
}

/**
 * Sends SMS or WhatsApp messages with the `twilio` SDK. Invalid or non-mobile numbers (21211, 21614)
 * fail permanently with the reason; 429 and 5xx are retried by the job engine.
 *
 * @example
 * ```ts
 * import { twilioSms } from '@callwire/core/twilio';
 * const sms = twilioSms({ accountSid: 'AC…', authToken: process.env.TWILIO_AUTH_TOKEN!, from: '+14155550100' });
 * ```
 */
export function twilioSms(options: TwilioSmsOptions): SmsSender {
  const client = twilio(options.accountSid, options.authToken, options.httpClient ? { httpClient: options.httpClient as never } : {});
  const prefix = options.channel === 'whatsapp' ? 'whatsapp:' : '';
  const address = (number: string) => (prefix && !number.startsWith(prefix) ? `${prefix}${number}` : number);
  return {
    async send(to: E164, body: string, _options?: CallOptions) {
      try {
        const message = await client.messages.create({
          to: address(to),
          body,
          ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : { from: address(options.from!) }),
        });
        return { id: message.sid };
      } catch (error) {
        throw toCallwireError(error);
      }
    },
  };
}

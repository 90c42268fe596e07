import twilio from 'twilio';
import type { SendOptions, SentQuery, SmsSender } from '../../appointment/ports.js';
import type { E164 } from '../../phone.js';
import { optionError } from '../../options.js';
import { checkTwilioOptions } from './check-options.js';
import { toCallwireError } from './errors.js';
import { findSentMessage, type Sender } from './find-sent.js';
import { checkPublicUrl, statusCallbackReceiver, statusCallbackUrl } from './status-callback.js';
import { checkTemplates, templateParams, whatsappWindowDoc, type WhatsAppTemplates } from './whatsapp.js';

export type { WhatsAppTemplate, WhatsAppTemplates } from './whatsapp.js';

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
  /** Sends one HTTP request for the SDK. */
  request(options: TwilioRequest): Promise<{ statusCode: number; body: unknown; headers: unknown }>;
}

/** What {@link twilioSms} needs: a sender number (`from`) or a Messaging Service. */
export type TwilioSmsOptions = {
  /** Your Twilio Account SID (`AC…`). */
  accountSid: string;
  /** Authenticates API calls and verifies the `X-Twilio-Signature` of status callbacks. */
  authToken: string;
  /** `sms` (default) or `whatsapp` (numbers get the `whatsapp:` prefix). */
  channel?: 'sms' | 'whatsapp' | undefined;
  /**
   * The public base URL of callwire's HTTP handler as Twilio reaches it — scheme, host and the
   * handler's `basePath`, e.g. `https://api.example.com/callwire`. With it every message carries a
   * `statusCallback` to `<publicUrl>/webhook/twilio/status?job=…&step=…&channel=…`, the appointment
   * pipeline serves that route (signature-checked), and `/appointments/:id` shows whether each text was
   * delivered. Without it Twilio never reports back and a text is only ever `sent`. Required for WhatsApp.
   */
  publicUrl?: string | undefined;
  /**
   * WhatsApp: the approved Content templates to send, one per notification (`booked`, `rescheduled`,
   * `cancelled`). Messages then carry `contentSid` and `contentVariables` instead of a free-form body —
   * the only kind WhatsApp delivers outside a 24-hour customer-service window
   * (https://www.twilio.com/docs/api/errors/63016).
   */
  whatsappTemplates?: WhatsAppTemplates | undefined;
  /**
   * WhatsApp without templates: send the SMS text as a free-form message. WhatsApp delivers those
   * **only inside a 24-hour customer-service window** (the customer wrote to you in the last 24 hours);
   * outside it Twilio accepts the message and then fails it with 63016, which the appointment shows as
   * `failed`. The one accepted value spells this out.
   */
  freeFormWhatsApp?: 'only-inside-24h-window' | undefined;
  /** A custom HTTP client for the SDK (tests: a client that forwards to a local fake). */
  httpClient?: TwilioHttpClient | undefined;
} & (
  | {
      /** The sender: a Twilio number (`+14155550100`) or WhatsApp sender. */
      from: string;
      /** Not with `from`. */
      messagingServiceSid?: undefined;
    }
  | {
      /** A Messaging Service (`MG…`) that picks the sender. */
      messagingServiceSid: string;
      /** Not with `messagingServiceSid`. */
      from?: undefined;
    }
);

function checkOptions(options: TwilioSmsOptions): void {
  if (typeof options.authToken !== 'string' || options.authToken === '') throw optionError('twilioSms', 'authToken', 'must be a non-empty string');
  if (options.channel !== undefined && options.channel !== 'sms' && options.channel !== 'whatsapp') {
    throw optionError('twilioSms', 'channel', `must be "sms" or "whatsapp" (got "${String(options.channel)}")`);
  }
  if (options.freeFormWhatsApp !== undefined && options.freeFormWhatsApp !== 'only-inside-24h-window') {
    throw optionError('twilioSms', 'freeFormWhatsApp', 'must be "only-inside-24h-window"');
  }
  if (options.channel !== 'whatsapp') {
    if (options.whatsappTemplates || options.freeFormWhatsApp) throw optionError('twilioSms', options.whatsappTemplates ? 'whatsappTemplates' : 'freeFormWhatsApp', 'needs channel: "whatsapp"');
    return;
  }
  if (options.whatsappTemplates && options.freeFormWhatsApp) throw optionError('twilioSms', 'whatsappTemplates', 'and `freeFormWhatsApp` cannot both be set');
  if (!options.whatsappTemplates && !options.freeFormWhatsApp) {
    throw optionError(
      'twilioSms',
      'whatsappTemplates',
      'or `freeFormWhatsApp` is required with channel "whatsapp": WhatsApp confirmations are business-initiated, so outside a 24-hour customer-service window WhatsApp delivers only approved templates. ' +
        `Set whatsappTemplates (a Content SID per notification), or freeFormWhatsApp: "only-inside-24h-window" if customers always wrote to you in the last 24 hours (${whatsappWindowDoc})`,
    );
  }
  if (options.whatsappTemplates) checkTemplates(options.whatsappTemplates);
  if (options.publicUrl === undefined) {
    throw optionError('twilioSms', 'publicUrl', 'is required with channel "whatsapp", so that Twilio status callbacks report messages WhatsApp accepted and then refused (e.g. 63016)');
  }
}

/**
 * Sends SMS or WhatsApp messages with the `twilio` SDK. Synchronous refusals are permanent with the
 * reason in words — invalid or non-mobile numbers (21211, 21614), unsubscribed recipients (21610) and
 * every other 4xx — while 429 (20429) and 5xx are retried by the job engine. With `publicUrl`, Twilio
 * reports each message's fate (`delivered`, `undelivered` with 30003…) through signed status
 * callbacks. WhatsApp sends approved Content templates (`whatsappTemplates`), or free-form text only
 * when you opt in with `freeFormWhatsApp: 'only-inside-24h-window'`. A free-form send interrupted by a crash
 * is found again in the recipient's messages (`findSent`), so a resumed job does not text twice.
 *
 * @example
 * ```ts
 * import { twilioSms } from '@callwire/core/twilio';
 * const sms = twilioSms({
 *   accountSid: 'AC…',
 *   authToken: process.env.TWILIO_AUTH_TOKEN!,
 *   from: '+14155550100',
 *   publicUrl: 'https://api.example.com/callwire',
 * });
 * const whatsapp = twilioSms({
 *   accountSid: 'AC…',
 *   authToken: process.env.TWILIO_AUTH_TOKEN!,
 *   from: '+14155550100',
 *   channel: 'whatsapp',
 *   publicUrl: 'https://api.example.com/callwire',
 *   whatsappTemplates: {
 *     booked: { contentSid: 'HX0123456789abcdef0123456789abcdef', variables: (n) => ({ 1: n.customerName ?? 'there', 2: n.when }) },
 *     rescheduled: { contentSid: 'HX1123456789abcdef0123456789abcdef', variables: (n) => ({ 1: n.when }) },
 *     cancelled: { contentSid: 'HX2123456789abcdef0123456789abcdef', variables: (n) => ({ 1: n.when }) },
 *   },
 * });
 * ```
 */
export function twilioSms(options: TwilioSmsOptions): SmsSender {
  checkTwilioOptions(options);
  checkOptions(options);
  const client = twilio(options.accountSid, options.authToken, options.httpClient ? { httpClient: options.httpClient as never } : {});
  const channel = options.channel ?? 'sms';
  const prefix = channel === 'whatsapp' ? 'whatsapp:' : '';
  const address = (number: string) => (prefix && !number.startsWith(prefix) ? `${prefix}${number}` : number);
  const publicUrl = options.publicUrl === undefined ? undefined : checkPublicUrl(options.publicUrl);
  const templates = options.whatsappTemplates;
  const sender: Sender = options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : { from: address(options.from!) };
  return {
    ...(publicUrl ? { deliveryReports: statusCallbackReceiver(options.authToken, publicUrl) } : {}),
    // A template's text is Twilio's to fill: only a free-form body can be matched in the recipient's messages.
    ...(templates
      ? {}
      : {
          async findSent(to: E164, body: string, query: SentQuery) {
            try {
              return await findSentMessage((q) => client.messages.list(q), address(to), body, sender, query);
            } catch (error) {
              throw toCallwireError(error);
            }
          },
        }),
    async send(to: E164, body: string, sendOptions: SendOptions = {}) {
      try {
        const content = templates ? templateParams(templates, sendOptions.notification) : { body };
        const message = await client.messages.create({
          to: address(to),
          ...content,
          ...(publicUrl ? { statusCallback: statusCallbackUrl(publicUrl, channel, sendOptions.ref) } : {}),
          ...(options.messagingServiceSid ? { messagingServiceSid: options.messagingServiceSid } : { from: address(options.from!) }),
        });
        return { id: message.sid };
      } catch (error) {
        throw toCallwireError(error);
      }
    },
  };
}

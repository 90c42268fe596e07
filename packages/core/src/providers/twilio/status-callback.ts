import twilio from 'twilio';
import type { DeliveryReceiver, DeliveryReport, DeliveryReportRequest, DeliveryStatus, MessageRef } from '../../appointment/ports.js';
import { CallwireError } from '../../errors.js';
import { optionError } from '../../options.js';
import { deliveryFailureReason } from './errors.js';

/** The route Twilio's status callbacks reach, below the handler's base path. */
export const statusCallbackPath = '/webhook/twilio/status';

/**
 * Checks `publicUrl` at construction: an absolute `https` URL (plain `http` only for localhost),
 * without query or fragment. Returns it without a trailing slash.
 */
export function checkPublicUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw optionError('twilioSms', 'publicUrl', `must be an absolute URL such as https://api.example.com/callwire (got ${JSON.stringify(publicUrl)})`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw optionError('twilioSms', 'publicUrl', `must use https (status callbacks carry phone numbers) (got ${JSON.stringify(publicUrl)})`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw optionError('twilioSms', 'publicUrl', 'must be the base URL of the callwire handler, without query, fragment or credentials');
  }
  return publicUrl.replace(/\/+$/, '');
}

/**
 * The `StatusCallback` of one message: `<publicUrl>/webhook/twilio/status?job=…&step=…&channel=…`. The
 * query is part of the URL Twilio signs, so the reference it carries cannot be altered.
 */
export function statusCallbackUrl(publicUrl: string, channel: 'sms' | 'whatsapp', ref: MessageRef | undefined): string {
  const query = new URLSearchParams(ref ? { job: ref.jobId, step: ref.step, channel } : { channel });
  return `${publicUrl}${statusCallbackPath}?${query.toString()}`;
}

/**
 * Twilio's `MessageStatus` values for outbound messages, mapped to the states callwire keeps
 * (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values). `accepted` and
 * `scheduled` are a Messaging Service's initial states; `sending` is between `queued` and `sent`.
 */
const statuses: Record<string, DeliveryStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'undelivered',
  failed: 'failed',
};

/** A form body as the SDK's validator wants it: repeated keys become arrays. */
function formParams(rawBody: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    const existing = params[key];
    params[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return params;
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The receiver of Twilio's message status callbacks. It checks `X-Twilio-Signature` with the `twilio`
 * SDK's own `validateRequest` over the URL Twilio called — `publicUrl` + the route + the query as
 * received, so proxies and TLS terminators in front of the handler do not matter — and the POST
 * parameters (https://www.twilio.com/docs/usage/webhooks/webhooks-security). Twilio signs no
 * timestamp, so there is no replay window; a replayed callback is harmless because states only move
 * forward.
 */
export function statusCallbackReceiver(authToken: string, publicUrl: string): DeliveryReceiver {
  return {
    path: statusCallbackPath,
    receive(request: DeliveryReportRequest): DeliveryReport | undefined {
      const signature = request.headers.get('x-twilio-signature');
      if (!signature) throw new CallwireError('unauthorized', 'A Twilio status callback needs the X-Twilio-Signature header.');
      const params = formParams(request.rawBody);
      const url = `${publicUrl}${statusCallbackPath}${request.url.search}`;
      if (!twilio.validateRequest(authToken, signature, url, params)) {
        throw new CallwireError('unauthorized', `The X-Twilio-Signature does not match ${statusCallbackPath}: check the auth token and that publicUrl is the URL Twilio calls.`);
      }
      const jobId = request.url.searchParams.get('job');
      const step = request.url.searchParams.get('step');
      const status = statuses[single(params.MessageStatus) ?? ''];
      const messageId = single(params.MessageSid);
      if (!jobId || !step || !status || !messageId) return undefined;
      const to = single(params.To) ?? '';
      const channel = request.url.searchParams.get('channel') === 'whatsapp' || to.startsWith('whatsapp:') ? 'whatsapp' : 'sms';
      const code = Number(single(params.ErrorCode));
      const errorCode = Number.isInteger(code) && code > 0 ? code : undefined;
      const failed = status === 'undelivered' || status === 'failed';
      return {
        ref: { jobId, step },
        messageId,
        channel,
        status,
        ...(errorCode !== undefined ? { errorCode } : {}),
        ...(failed ? { reason: deliveryFailureReason(errorCode) } : {}),
      };
    },
  };
}

import { createHmac } from 'node:crypto';

/**
 * Signs a webhook request as Twilio does (https://www.twilio.com/docs/usage/security#validating-requests):
 * take the full URL Twilio requests, query included; append each POST parameter's name and value, the
 * names sorted alphabetically, with no separators; HMAC-SHA1 that string (UTF-8) with the account's
 * auth token; base64-encode the digest. The result is the `X-Twilio-Signature` header. Written from the
 * documentation, independently of the `twilio` SDK's validator, so that each checks the other.
 *
 * @example
 * ```ts
 * const signature = twilioSignature(authToken, 'https://api.example.com/webhook/twilio/status?job=1', { MessageStatus: 'delivered' });
 * ```
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const names = Object.keys(params).sort();
  const data = names.reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, sendJson, type LocalServer } from '../http-server.js';

/** A message the fake accepted. */
export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
}

/** A running fake of Twilio's Messages API. */
export interface FakeTwilio extends LocalServer {
  accountSid: string;
  authToken: string;
  messages: FakeTwilioMessage[];
  /** Requests that reached the API, accepted or not. */
  requestCount(): number;
  /** Messages to `to` are refused with a Twilio error code (21211 invalid number, 21614 not mobile…). */
  rejectNumber(to: string, code: 21211 | 21614 | 21610 | number): void;
  /** The next `count` requests answer `status` (e.g. 500 or 429). */
  failNext(status: number, count?: number): void;
}

const errorMessages: Record<number, string> = {
  21211: "The 'To' number is not a valid phone number.",
  21614: "'To' number is not a valid mobile number",
  21610: 'Attempt to send to unsubscribed recipient',
};

const twilioError = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

/**
 * Starts a fake of Twilio's `POST /2010-04-01/Accounts/:sid/Messages.json` on 127.0.0.1:
 * form-encoded bodies, HTTP Basic auth, Twilio's error bodies and codes. The real `twilio` SDK reaches
 * it through {@link twilioForwardingClient}.
 *
 * @example
 * ```ts
 * const fake = await startFakeTwilio();
 * const sms = twilioSms({ accountSid: fake.accountSid, authToken: fake.authToken, from: '+14155550100', httpClient: twilioForwardingClient(fake.url) });
 * ```
 */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const messages: FakeTwilioMessage[] = [];
  const rejected = new Map<string, number>();
  const failures: number[] = [];
  let requests = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    requests += 1;
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    if (!match || request.method !== 'POST') return sendJson(response, 404, twilioError(404, 20404, 'The requested resource was not found'));
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected || match[1] !== accountSid) return sendJson(response, 401, twilioError(401, 20003, 'Authenticate'));
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return sendJson(response, 400, twilioError(400, 20001, 'Expected a form-encoded body'));
    }
    const failure = failures.shift();
    if (failure) return sendJson(response, failure, twilioError(failure, failure === 429 ? 20429 : 20500, 'Injected failure'));
    const to = form.get('To');
    const body = form.get('Body');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    if (!to) return sendJson(response, 400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!body) return sendJson(response, 400, twilioError(400, 21602, 'Message body is required.'));
    if (!from && !service) return sendJson(response, 400, twilioError(400, 21603, "A 'From' phone number is required."));
    const code = rejected.get(to.replace(/^whatsapp:/, ''));
    if (code) return sendJson(response, 400, twilioError(400, code, errorMessages[code] ?? `Error ${code}`));
    const message: FakeTwilioMessage = { sid: `SM${randomBytes(16).toString('hex')}`, accountSid, to, from, messagingServiceSid: service, body };
    messages.push(message);
    const now = new Date().toUTCString();
    return sendJson(response, 201, {
      sid: message.sid,
      account_sid: accountSid,
      to,
      from,
      messaging_service_sid: service,
      body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: String(Math.ceil(body.length / 153)),
      date_created: now,
      date_updated: now,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    });
  };

  const server = await listen(handle);
  return {
    ...server,
    accountSid,
    authToken,
    messages,
    requestCount: () => requests,
    rejectNumber: (to, code) => void rejected.set(to, code),
    failNext: (status, count = 1) => {
      for (let i = 0; i < count; i++) failures.push(status);
    },
  };
}

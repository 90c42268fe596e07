import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, readBody, sendJson, type LocalServer } from '../http-server.js';
import { createCallbackSender, type FakeTwilioCallback } from './twilio-callbacks.js';
import { ListError, listMessages, messageResource } from './twilio-list.js';
import { checkContent, type ContentTemplate } from './twilio-content.js';
import type { FakeMessageStatus, FakeTwilioMessage } from './twilio-message.js';

export type { FakeMessageStatus, FakeTwilioMessage } from './twilio-message.js';

export type { FakeTwilioCallback } from './twilio-callbacks.js';

/** A running fake of Twilio's Messages API. */
export interface FakeTwilio extends LocalServer {
  accountSid: string;
  authToken: string;
  messages: FakeTwilioMessage[];
  /** Status callbacks sent so far, in the order they were answered. */
  callbacks: FakeTwilioCallback[];
  /** Requests that reached the API, accepted or not. */
  requestCount(): number;
  /** Messages to `to` are refused with a Twilio error code (21211 invalid number, 21614 not mobile, 21610 unsubscribed…). */
  rejectNumber(to: string, code: 21211 | 21614 | 21610 | number): void;
  /** The next `count` requests answer `status` (e.g. 500 or 429). */
  failNext(status: number, count?: number): void;
  /** Messages to `to` are accepted, sent, then reported `undelivered` with `code` (30003 unreachable, 30005 unknown, 30006 landline, 30007 filtered). */
  failDelivery(to: string, code: 30003 | 30005 | 30006 | 30007 | number): void;
  /** Opens (or with `false` closes) a WhatsApp customer-service window: the customer wrote to the business in the last 24 hours. */
  whatsAppSession(to: string, open?: boolean): void;
  /** Adds an approved Content template (`{{1}}`-style placeholders) and returns its `HX…` Content SID. */
  addContentTemplate(template: ContentTemplate): string;
  /** Delivers status callbacks for URLs under `publicPrefix` to `localPrefix` (a tunnel): the signature still covers the public URL. */
  routeCallbacks(publicPrefix: string, localPrefix: string): void;
  /** Sends a message's callbacks again, by default in reverse order (Twilio neither orders nor de-duplicates them). */
  replayCallbacks(sid: string, order?: 'same' | 'reversed'): void;
  /** Resolves once every status callback queued so far has been answered. */
  callbacksSettled(): Promise<void>;
  /**
   * Messages to `to` stay `queued` (with `date_sent` empty) until `hold(to, false)`: a carrier queue, or a
   * Messaging Service holding them back (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values).
   */
  holdQueued(to: string, hold?: boolean): void;
  /**
   * Runs `hook` after each accepted message is stored and before its 201 answer is sent (`undefined` removes it):
   * crash tests kill the sender there, between the provider's answer and the step record.
   */
  beforeAnswering(hook: ((message: FakeTwilioMessage) => void | Promise<void>) | undefined): void;
}

const errorMessages: Record<number, string> = {
  21211: "The 'To' number is not a valid phone number.",
  21614: "'To' number is not a valid mobile number",
  21610: 'Attempt to send to unsubscribed recipient',
};

const twilioError = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

/**
 * Starts a fake of Twilio's Messages API on 127.0.0.1, as strict as Twilio where callwire depends on
 * it. Each rule cites its source:
 *
 * - `POST /2010-04-01/Accounts/{sid}/Messages.json`: form-encoded, HTTP Basic auth, Twilio's error
 *   bodies; `To` and `From` or `MessagingServiceSid` required, and `Body` unless `ContentSid` is given
 *   (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource).
 * - `ContentSid` must name a template of the account (21655), `ContentVariables` needs a `ContentSid`
 *   (21654) and must be a JSON object of non-empty single-line strings covering the placeholders
 *   (21656) (https://www.twilio.com/docs/api/errors/21655, …/21654, …/21656).
 * - The initial status is `queued`, or `accepted` with a Messaging Service, and no callback is sent
 *   for it; callbacks follow each later change: `sent` → `delivered`, or `sent` → `undelivered` with
 *   an `ErrorCode` (https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks).
 *   With a Messaging Service, `queued` is such a later change.
 * - A free-form WhatsApp message outside the 24-hour customer-service window is accepted (201) and
 *   then `failed` with 63016 (https://www.twilio.com/docs/api/errors/63016); templates (`ContentSid`)
 *   are delivered outside it.
 * - Callbacks are signed with `X-Twilio-Signature` (https://www.twilio.com/docs/usage/security), see
 *   `twilioSignature`.
 * - `GET …/Messages.json` lists with Twilio's filters and paging; `GET …/Messages/{sid}.json` fetches one.
 *
 * The real `twilio` SDK reaches it through {@link twilioForwardingClient}.
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
  const undeliverable = new Map<string, number>();
  const sessions = new Set<string>();
  const held = new Set<string>();
  let beforeAnswer: ((message: FakeTwilioMessage) => void | Promise<void>) | undefined;
  const templates = new Map<string, ContentTemplate>();
  const history = new Map<string, [string, Record<string, string>][]>();
  const callbacks = createCallbackSender(authToken);
  const failures: number[] = [];
  let requests = 0;
  const base = `/2010-04-01/Accounts/${accountSid}`;

  const bare = (address: string) => address.replace(/^whatsapp:/, '');

  /** Moves a message to `status` and sends the callback for it. */
  const transition = (message: FakeTwilioMessage, status: FakeMessageStatus, errorCode?: number) => {
    const now = new Date();
    message.status = status;
    message.dateUpdated = now;
    if (status === 'sent') message.dateSent = now;
    if (errorCode !== undefined) message.errorCode = errorCode;
    const url = message.params.StatusCallback;
    if (!url) return;
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: '2010-04-01',
      From: message.from ?? '',
      To: message.to,
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: status,
      SmsStatus: status,
      ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
      ...(message.to.startsWith('whatsapp:') ? { ChannelPrefix: 'whatsapp', ChannelToAddress: bare(message.to) } : {}),
      ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
    };
    history.get(message.sid)!.push([url, params]);
    callbacks.send(message.sid, url, params);
  };

  /** What happens to an accepted message after the 201. */
  const lifecycle = (message: FakeTwilioMessage) => {
    if (message.messagingServiceSid && message.status === 'accepted') transition(message, 'queued');
    if (held.has(bare(message.to))) return;
    const whatsapp = message.to.startsWith('whatsapp:');
    if (whatsapp && !message.params.ContentSid && !sessions.has(bare(message.to))) return transition(message, 'failed', 63016);
    transition(message, 'sent');
    const code = undeliverable.get(bare(message.to));
    if (code !== undefined) return transition(message, 'undelivered', code);
    transition(message, 'delivered');
  };

  const create = async (response: ServerResponse, form: URLSearchParams) => {
    const to = form.get('To');
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    if (!to) return sendJson(response, 400, twilioError(400, 21604, "A 'To' phone number is required."));
    if (!from && !service) return sendJson(response, 400, twilioError(400, 21603, "A 'From' phone number is required."));
    const content = checkContent(form, templates);
    if ('code' in content) return sendJson(response, 400, twilioError(400, content.code, content.message));
    const code = rejected.get(bare(to));
    if (code) return sendJson(response, 400, twilioError(400, code, errorMessages[code] ?? `Error ${code}`));
    const now = new Date();
    const message: FakeTwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid,
      to,
      from,
      messagingServiceSid: service,
      body: content.body,
      params: Object.fromEntries(form),
      status: service ? 'accepted' : 'queued',
      errorCode: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    messages.push(message);
    history.set(message.sid, []);
    await beforeAnswer?.(message);
    sendJson(response, 201, messageResource(message));
    lifecycle(message);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    requests += 1;
    const list = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    const one = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/.exec(url.pathname);
    const account = list?.[1] ?? one?.[1];
    const known = (list && (request.method === 'POST' || request.method === 'GET')) || (one && request.method === 'GET');
    if (!known) return sendJson(response, 404, twilioError(404, 20404, 'The requested resource was not found'));
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected || account !== accountSid) return sendJson(response, 401, twilioError(401, 20003, 'Authenticate'));
    const failure = failures.shift();
    if (failure) return sendJson(response, failure, twilioError(failure, failure === 429 ? 20429 : 20500, 'Injected failure'));
    if (one) {
      const message = messages.find((m) => m.sid === one[2]);
      return message ? sendJson(response, 200, messageResource(message)) : sendJson(response, 404, twilioError(404, 20404, 'The requested resource was not found'));
    }
    if (request.method === 'GET') {
      try {
        return sendJson(response, 200, listMessages(messages, `${base}/Messages.json`, url.searchParams));
      } catch (error) {
        if (error instanceof ListError) return sendJson(response, 400, twilioError(400, error.code, error.message));
        throw error;
      }
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return sendJson(response, 400, twilioError(400, 20001, 'Expected a form-encoded body'));
    }
    return create(response, form);
  };

  const server = await listen(handle);
  return {
    ...server,
    accountSid,
    authToken,
    messages,
    callbacks: callbacks.sent,
    requestCount: () => requests,
    rejectNumber: (to, code) => void rejected.set(to, code),
    failNext: (status, count = 1) => {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    failDelivery: (to, code) => void undeliverable.set(to, code),
    whatsAppSession: (to, open = true) => void (open ? sessions.add(bare(to)) : sessions.delete(bare(to))),
    addContentTemplate(template) {
      const sid = `HX${randomBytes(16).toString('hex')}`;
      templates.set(sid, template);
      return sid;
    },
    routeCallbacks: (publicPrefix, localPrefix) => callbacks.route(publicPrefix, localPrefix),
    replayCallbacks(sid, order = 'reversed') {
      const sent = [...(history.get(sid) ?? [])];
      if (order === 'reversed') sent.reverse();
      for (const [url, params] of sent) callbacks.send(sid, url, params);
    },
    callbacksSettled: () => callbacks.settled(),
    holdQueued(to, hold = true) {
      if (hold) return void held.add(bare(to));
      held.delete(bare(to));
      for (const message of messages) if (bare(message.to) === bare(to) && message.status === 'queued' && message.dateSent === null) lifecycle(message);
    },
    beforeAnswering(hook) {
      beforeAnswer = hook;
    },
  };
}

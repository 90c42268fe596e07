import { twilioSignature } from './twilio-signature.js';

/** One status callback the fake sent, and how the receiver answered. */
export interface FakeTwilioCallback {
  /** The URL Twilio called (and signed): the message's `StatusCallback`. */
  url: string;
  params: Record<string, string>;
  signature: string;
  /** The receiver's HTTP status, or `undefined` when the request failed (see `error`). */
  status?: number;
  error?: string;
}

/** Sends signed status callbacks, one at a time per message, and lets tests wait until all went out. */
export interface CallbackSender {
  readonly sent: FakeTwilioCallback[];
  /** Queues a callback behind the earlier ones of the same message. */
  send(messageSid: string, url: string, params: Record<string, string>): void;
  /** Delivers callbacks for URLs starting with `publicPrefix` to `localPrefix` instead (a tunnel; the signature keeps the public URL). */
  route(publicPrefix: string, localPrefix: string): void;
  /** Resolves when every queued callback has been answered (or failed). */
  settled(): Promise<void>;
}

/**
 * Twilio sends status callbacks as HTTP POST with `Content-Type: application/x-www-form-urlencoded`
 * and the `X-Twilio-Signature` header (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
 */
export function createCallbackSender(authToken: string): CallbackSender {
  const sent: FakeTwilioCallback[] = [];
  const routes: [string, string][] = [];
  const chains = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();

  const deliver = async (url: string, params: Record<string, string>) => {
    const signature = twilioSignature(authToken, url, params);
    const route = routes.find(([prefix]) => url.startsWith(prefix));
    const target = route ? route[1] + url.slice(route[0].length) : url;
    const record: FakeTwilioCallback = { url, params, signature };
    if (!route && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
      // A fake never reaches the internet: an unrouted public URL is recorded as not delivered.
      record.error = `not delivered: ${url} is not local; route it with routeCallbacks()`;
      sent.push(record);
      return;
    }
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      record.status = response.status;
    } catch (error) {
      record.error = String(error);
    }
    sent.push(record);
  };

  return {
    sent,
    send(messageSid, url, params) {
      const previous = chains.get(messageSid) ?? Promise.resolve();
      const next = previous.then(() => deliver(url, params));
      chains.set(messageSid, next);
      pending.add(next);
      void next.finally(() => pending.delete(next));
    },
    route(publicPrefix, localPrefix) {
      routes.push([publicPrefix, localPrefix.replace(/\/+$/, '')]);
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

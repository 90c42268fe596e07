import type { FakeTwilioMessage } from './twilio-message.js';

/** Twilio's timestamps are RFC 2822 in GMT, e.g. `Thu, 30 Jul 2015 20:12:33 +0000` (Message resource). */
export const rfc2822 = (date: Date): string => date.toUTCString().replace(/GMT$/, '+0000');

/** A message as the Message resource represents it (https://www.twilio.com/docs/messaging/api/message-resource). */
export function messageResource(message: FakeTwilioMessage): Record<string, unknown> {
  return {
    sid: message.sid,
    account_sid: message.accountSid,
    to: message.to,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    body: message.body,
    status: message.status,
    error_code: message.errorCode,
    error_message: null,
    direction: 'outbound-api',
    num_segments: String(Math.max(1, Math.ceil(message.body.length / 153))),
    date_created: rfc2822(message.dateCreated),
    date_updated: rfc2822(message.dateUpdated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    api_version: '2010-04-01',
    uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
  };
}

const day = 86_400_000;

/**
 * A `DateSent` filter value, as the GMT day it names: Twilio filters by **date**, not time — "Specify a date as
 * `YYYY-MM-DD` in GMT … `DateSent>=YYYY-MM-DD` to read messages sent on or after midnight on a date"
 * (https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources). The SDK sends an
 * instant (`dateSentAfter` → `YYYY-MM-DDTHH:mm:ssZ`); only its day counts, so a client that wants "since 14:05"
 * gets the whole day and must filter by time itself.
 */
function parseDate(value: string): { start: number; end: number } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/.exec(value);
  const start = match ? Date.parse(`${match[1]}T00:00:00Z`) : Number.NaN;
  return Number.isNaN(start) ? undefined : { start, end: start + day - 1 };
}

/** A 400 answer of the list endpoint. */
export class ListError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/**
 * `GET /2010-04-01/Accounts/{sid}/Messages.json` as Twilio answers it
 * (https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources):
 * filters `To`, `From`, `DateSent` (that GMT day), `DateSent>` (on or after midnight of that day) and
 * `DateSent<` (on or before the end of that day) — the SDK writes them `DateSent>=…` on the wire — on
 * `date_sent`, which is empty until Twilio sent the message ("`null` if the message has not been sent",
 * Message resource properties), so a message still queued matches no `DateSent` filter; newest first; `PageSize`
 * (default 50, at most 1000) with `Page` and an opaque `PageToken`, and the paging envelope the SDK
 * follows (`next_page_uri`).
 */
export function listMessages(messages: readonly FakeTwilioMessage[], path: string, query: URLSearchParams): Record<string, unknown> {
  const to = query.get('To');
  const from = query.get('From');
  const bounds: [string, (sent: number, range: { start: number; end: number }) => boolean][] = [
    ['DateSent', (sent, range) => Math.floor(sent / day) === Math.floor(range.start / day)],
    ['DateSent>', (sent, range) => sent >= range.start],
    ['DateSent<', (sent, range) => sent <= range.end],
  ];
  const filters: ((message: FakeTwilioMessage) => boolean)[] = [];
  if (to !== null) filters.push((message) => message.to === to);
  if (from !== null) filters.push((message) => message.from === from);
  for (const [name, test] of bounds) {
    const value = query.get(name);
    if (value === null) continue;
    const range = parseDate(value);
    if (!range) throw new ListError(20001, `Invalid ${name} value: ${value}`);
    filters.push((message) => message.dateSent !== null && test(message.dateSent.getTime(), range));
  }
  const pageSize = Number(query.get('PageSize') ?? 50);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new ListError(20001, 'PageSize must be between 1 and 1000');
  const token = query.get('PageToken');
  const offset = token ? Number(/^PT(\d+)$/.exec(token)?.[1] ?? Number.NaN) : 0;
  if (!Number.isInteger(offset)) throw new ListError(20001, 'Invalid PageToken');
  const page = Number(query.get('Page') ?? 0);
  const time = (message: FakeTwilioMessage) => (message.dateSent ?? message.dateCreated).getTime();
  const matching = messages.filter((message) => filters.every((filter) => filter(message))).sort((a, b) => time(b) - time(a));
  const slice = matching.slice(offset, offset + pageSize);
  const pageUri = (pageNumber: number, pageOffset: number) => {
    const next = new URLSearchParams(query);
    next.set('PageSize', String(pageSize));
    next.set('Page', String(pageNumber));
    if (pageOffset > 0) next.set('PageToken', `PT${pageOffset}`);
    else next.delete('PageToken');
    return `${path}?${next.toString()}`;
  };
  const hasNext = offset + pageSize < matching.length;
  return {
    messages: slice.map(messageResource),
    start: offset,
    end: offset + Math.max(0, slice.length - 1),
    page,
    page_size: pageSize,
    uri: pageUri(page, offset),
    first_page_uri: pageUri(0, 0),
    next_page_uri: hasNext ? pageUri(page + 1, offset + pageSize) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1, Math.max(0, offset - pageSize)) : null,
  };
}

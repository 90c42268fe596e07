/**
 * Finding a message again at Twilio, to confirm a send that a crash interrupted: the Messages list
 * (`GET /2010-04-01/Accounts/{Sid}/Messages.json`,
 * https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources) filtered by `To`.
 *
 * - `DateSent>=` filters by GMT **day**, not time ("`DateSent>=YYYY-MM-DD` to read messages sent on or after
 *   midnight on a date"): the query asks for the day of `since`, and the messages are then kept by their own
 *   `date_created` (when Twilio accepted them) from `since` less a clock skew.
 * - `date_sent` is empty until Twilio sent the message, so a message still `queued` / `accepted` / `scheduled`
 *   matches no `DateSent` filter: when the dated list has no match, the newest page of the recipient's messages
 *   (whatever their state) is read as well.
 */
import type { SentQuery } from '../../appointment/ports.js';

/** How far before the intent (our clock) a message may be dated (Twilio's clock). */
export const sentSkewMs = 5 * 60_000;
/** Most messages read from the dated list (pages of 100). */
const maxDated = 500;
/** Messages in the newest page read for ones not sent yet. */
const newestPage = 50;

/** What {@link findSentMessage} reads of a message (the SDK's `MessageInstance`). */
export interface ListedMessage {
  sid: string;
  body: string;
  from: string | null;
  messagingServiceSid: string | null;
  direction: string;
  dateCreated: Date;
}

/** The list calls {@link findSentMessage} makes (the SDK's `client.messages.list`). */
export type ListMessages = (query: { to: string; dateSentAfter?: Date; pageSize: number; limit: number }) => Promise<ListedMessage[]>;

/** Who sent it: the sender number, or the Messaging Service. */
export type Sender = { from: string } | { messagingServiceSid: string };

const dayStart = (ms: number): Date => new Date(Math.floor(ms / 86_400_000) * 86_400_000);

/**
 * The newest outbound message to `to` from `sender` whose body is `body`, created since `query.since` (less
 * {@link sentSkewMs}), or `undefined`.
 */
export async function findSentMessage(list: ListMessages, to: string, body: string, sender: Sender, query: SentQuery): Promise<{ id: string } | undefined> {
  const from = query.since - sentSkewMs;
  const ours = (m: ListedMessage) =>
    m.direction.startsWith('outbound') &&
    m.body === body &&
    m.dateCreated.getTime() >= from &&
    ('from' in sender ? m.from === sender.from : m.messagingServiceSid === sender.messagingServiceSid);
  query.signal?.throwIfAborted();
  const dated = await list({ to, dateSentAfter: dayStart(from), pageSize: 100, limit: maxDated });
  const found = dated.find(ours);
  if (found) return { id: found.sid };
  query.signal?.throwIfAborted();
  const newest = await list({ to, pageSize: newestPage, limit: newestPage });
  const waiting = newest.find(ours);
  return waiting ? { id: waiting.sid } : undefined;
}

/**
 * Message metadata on every post of the Slack Web API notifier, and finding a post again by it.
 * Metadata: https://api.slack.com/metadata/using (`event_type` + `event_payload`, set with `chat.postMessage`'s
 * `metadata`); read back with `include_all_metadata` from `conversations.history` (top-level messages,
 * https://api.slack.com/methods/conversations.history) and `conversations.replies` (a thread,
 * https://api.slack.com/methods/conversations.replies); both need `channels:history` (`groups:history` for private channels).
 */

/** The default `event_type` of the minutes' metadata. */
export const minutesEventType = 'callwire_call_minutes';

/** The metadata of one part of one call's minutes. */
export interface MinutesMetadata {
  event_type: string;
  event_payload: { call_id: string; part: number; parts: number };
}

/** The metadata that marks part `part` of `parts` of the minutes of `callId`. */
export function minutesMetadata(eventType: string, callId: string, part: number, parts: number): MinutesMetadata {
  return { event_type: eventType, event_payload: { call_id: callId, part, parts } };
}

/** A post found again. */
export interface PostedMinutes {
  channel: string;
  /** The post's own `ts`. */
  ts: string;
  part: number;
  /** How many parts the minutes had when this part was posted. */
  parts: number;
  /** The reference later parts continue under (part 1's channel and `ts`), as `post()` returns it. */
  thread: string;
}

/** The history calls {@link findPostedMinutes} makes (a `WebClient`'s `conversations` methods). */
export interface HistoryApi {
  history(args: { channel: string; include_all_metadata: boolean; limit: number; oldest?: string; cursor?: string }): Promise<HistoryPage>;
  replies(args: { channel: string; ts: string; include_all_metadata: boolean; limit: number; cursor?: string }): Promise<HistoryPage>;
}

/** One page of `conversations.history` / `conversations.replies`. */
export interface HistoryPage {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/** What to look for. */
export interface FindPostedQuery {
  channel: string;
  callId: string;
  /** Default 1 (the MOM itself); later parts are looked up in the MOM's thread. */
  part?: number;
  /** Look no further back than this (default: 7 days ago). */
  since?: Date;
  /** For a later part: part 1's `ts` when it is known (its stored {@link threadRef}); its thread is read without searching the history. */
  parentTs?: string;
  /** Pages of 200 messages to read at most per list (default 10). */
  maxPages?: number;
  eventType?: string;
  now?: () => number;
}

/** The `thread` reference of a post: `<channel>/<ts>`. */
export function threadRef(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

/** The channel and `ts` in a {@link threadRef}, or `undefined` for anything else. */
export function parseThreadRef(thread: string | undefined): { channel: string; ts: string } | undefined {
  const match = thread ? /^([A-Z0-9]+)\/(\d+\.\d+)$/.exec(thread) : null;
  return match ? { channel: match[1]!, ts: match[2]! } : undefined;
}

/**
 * Finds part `part` of the minutes of `callId` in `channel` by the metadata every post carries: part 1 in the
 * channel's history (newest first, back to `since`), a later part among the replies of part 1's thread.
 * `undefined` when it is not there — the post did not happen (or is older than `since`).
 *
 * @example
 * ```ts
 * const api = { history: (a) => client.conversations.history(a), replies: (a) => client.conversations.replies(a) };
 * const posted = await findPostedMinutes(api, { channel: 'C0SALES0001', callId: 'c8a3f1e0', part: 1 });
 * ```
 */
export async function findPostedMinutes(api: HistoryApi, query: FindPostedQuery): Promise<PostedMinutes | undefined> {
  const { channel, callId } = query;
  const part = query.part ?? 1;
  const eventType = query.eventType ?? minutesEventType;
  const maxPages = query.maxPages ?? 10;
  const oldest = ((query.since?.getTime() ?? (query.now ?? Date.now)() - 7 * 86_400_000) / 1000).toFixed(6);
  const isPart = (n: number) => (m: NonNullable<HistoryPage['messages']>[number]) =>
    m.metadata?.event_type === eventType && String(m.metadata.event_payload?.call_id) === callId && Number(m.metadata.event_payload?.part) === n;

  const parent = part > 1 && query.parentTs
    ? { ts: query.parentTs, metadata: { event_payload: { parts: part } } }
    : await scan((cursor) => api.history({ channel, include_all_metadata: true, limit: 200, oldest, cursor }), isPart(1), maxPages);
  if (!parent?.ts) return undefined;
  const thread = threadRef(channel, parent.ts);
  const partsOf = (m: typeof parent) => Number(m.metadata?.event_payload?.parts ?? 1);
  if (part === 1) return { channel, ts: parent.ts, part, parts: partsOf(parent), thread };
  const reply = await scan((cursor) => api.replies({ channel, ts: parent.ts!, include_all_metadata: true, limit: 200, cursor }), isPart(part), maxPages);
  return reply?.ts ? { channel, ts: reply.ts, part, parts: partsOf(reply), thread } : undefined;
}

/** Reads pages (cursor paging, https://api.slack.com/docs/pagination) until a message matches. */
async function scan<M>(page: (cursor: string | undefined) => Promise<{ messages?: M[]; response_metadata?: { next_cursor?: string } }>, match: (m: M) => boolean, maxPages: number): Promise<M | undefined> {
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const result = await page(cursor);
    const found = result.messages?.find(match);
    if (found) return found;
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

import type { JobStore } from '../engine/types.js';
import type { HandlerPipeline } from '../http/builtin-routes.js';
import type { PageFrame } from './layout.js';
import type { Session } from './session.js';

/** What a logged-in view needs. */
export interface ViewContext {
  frame: PageFrame & { csrf: string };
  store: JobStore;
  pipelines: readonly HandlerPipeline[];
  pageSize: number;
  /** The logged-in operator's session. */
  session: Session;
}

/**
 * Notices shown after an action, by the `done` query value (fixed texts: nothing from the URL is echoed).
 * A `Map`, not a plain object: `?done=__proto__` or `?done=constructor` must find nothing.
 */
export const notices: ReadonlyMap<string, string> = new Map([
  ['redrive', 'The job was re-driven: it is queued and a worker will run it. Reload to follow it.'],
  ['repost', 'The call was re-driven with its Slack post reset: a worker will post the minutes again. Reload to follow it.'],
  ['cancel', 'The appointment was cancelled; the customer is being notified.'],
]);

/** The notice for `?done=…`, if it names one. */
export const noticeFor = (url: URL): string | undefined => notices.get(url.searchParams.get('done') ?? '');

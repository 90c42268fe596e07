import { isCallwireError } from '../errors.js';
import type { JobContext, StepIntent } from '../engine/pipeline.js';
import type { JobStore } from '../engine/types.js';
import { notReady } from '../engine/waits.js';
import type { ChatMessage, ChatNotifier, PostOptions, PostResult } from './ports.js';

/** How long a chat post keeps parking on 429s before it fails as an ordinary error. */
const rateLimitedDeadlineMs = 60 * 60_000;

/** Step names of one part: its slot, its wait for the slot, its post (`post-slack`, `post-slack-2`, …). */
function stepNames(part: number) {
  const suffix = part === 1 ? '' : `-${part}`;
  return { slot: `slack-slot${suffix}`, wait: `slack-pace${suffix}`, post: `post-slack${suffix}` };
}

/**
 * Posts one part of a chat message as the provider's rate limit allows, holding nothing while it waits:
 * when the notifier has a {@link ChatNotifier.pace}, a slot of that pace is booked in the job store (shared by
 * every process and Lambda container) and the job sleeps — parked — until it; a 429 parks the job, without
 * spending an attempt, until the first slot of the pace after `Retry-After` (booked then, so retries keep the pace
 * too). Each piece is a memoised step, so a resumed job neither books again nor posts twice; the post is a
 * side-effect step: a job resumed after a crash in the middle of it asks {@link ChatNotifier.confirm} whether the
 * post was made, and reports a re-post it could not confirm.
 */
export async function postPaced(
  context: Pick<JobContext, 'step' | 'sleep'>,
  ports: { notifier: ChatNotifier; store: JobStore; clock: () => number },
  message: ChatMessage,
  options: Pick<PostOptions, 'route' | 'part' | 'thread'> & { part: number },
): Promise<PostResult> {
  const { step, sleep } = context;
  const { notifier, store, clock } = ports;
  const names = stepNames(options.part);
  const pace = notifier.pace?.(options);
  if (pace) {
    const slot = await step(names.slot, () => store.reserveSlot(pace.key, pace.intervalMs, clock()));
    if (slot > clock()) await sleep(names.wait, { until: slot });
  }
  return step(names.post, async ({ signal }) => {
    try {
      return await notifier.post(message, { ...options, signal, paced: pace !== undefined });
    } catch (error) {
      if (isCallwireError(error) && (error.code === 'rate_limited' || error.providerStatus === 429)) {
        const retryAfterMs = error.retryAfterMs ?? 1000;
        // Paced: book the first slot after Retry-After, so the retry keeps the shared pace instead of colliding
        // with posts already booked; the step runs again at that slot and sends at once.
        const at = pace ? await store.reserveSlot(pace.key, pace.intervalMs, clock() + retryAfterMs) : clock() + retryAfterMs;
        throw notReady(Math.max(0, at - clock()), { deadlineMs: rateLimitedDeadlineMs, reason: `${notifier.name ?? 'the chat'} is rate limiting (429)` });
      }
      throw error;
    }
  }, {
    // A post is not idempotent at Slack: its intent is recorded first, and a resumed job confirms it before posting again.
    sideEffect: true,
    ...(notifier.confirm ? { confirm: ({ since, signal }: StepIntent) => notifier.confirm!(message, { ...options, since, signal }) } : {}),
  });
}

import { isCallwireError } from '../errors.js';
import type { AppointmentContext } from './context.js';
import { validationContext } from './context.js';
import { readToolPayload } from './intake-tool.js';
import { readPostCall } from './intake-post-call.js';
import { postCallKey, toolCallKey, toolCallKeys } from './keys.js';
import { runAndView } from './appointments.js';
import { verifyElevenLabsSignature } from './signature.js';
import { toolResponse, type ToolResponse } from './tool-response.js';
import { validateBooking } from './validate.js';
import { CallwireError } from '../errors.js';

/** Options of a tool-call booking. */
export interface BookOptions {
  /** How long to wait for the booking before answering (default: the pipeline's `toolDeadlineMs`). */
  deadlineMs?: number | undefined;
}

/**
 * Books from an ElevenLabs server-tool payload (flat or wrapped): validates, stores the job under its
 * idempotency key, runs it inline until the deadline, and answers in the tool-response shape.
 *
 * @throws CallwireError `invalid_payload` with field paths and reasons an agent can read out.
 */
export async function bookFromTool(ctx: AppointmentContext, body: unknown, options: BookOptions = {}): Promise<ToolResponse> {
  const { raw, paths } = readToolPayload(body);
  const booking = validateBooking(raw, paths, validationContext(ctx));
  const { job } = await ctx.pipeline.enqueue(toolCallKey(booking), { kind: 'booking', source: 'tool', booking });
  const appointment = await runAndView(ctx, job.id, job.id, options.deadlineMs ?? ctx.toolDeadlineMs);
  return toolResponse(appointment);
}

/** The answer to a post-call webhook. */
export type PostCallResult =
  | { status: 'accepted' | 'duplicate'; appointment_id: string }
  | { status: 'recorded'; booking: false; reason: string; record_id: string; issues?: { path: string; message: string }[] }
  | { status: 'ignored'; reason: string };

/** What a post-call webhook delivery consists of. */
export interface PostCallDelivery {
  rawBody: string;
  /** The parsed JSON body. */
  body: unknown;
  /** The `ElevenLabs-Signature` header. */
  signature: string | null | undefined;
}

/**
 * Accepts a signed ElevenLabs post-call webhook: verifies the signature, then stores the booking it
 * carries (run by a worker), or records the conversation when it holds no valid booking.
 *
 * @throws CallwireError `unauthorized` for a missing, expired or wrong signature.
 */
export async function receivePostCall(ctx: AppointmentContext, delivery: PostCallDelivery): Promise<PostCallResult> {
  const settings = ctx.elevenLabs;
  if (!settings) throw new CallwireError('unauthorized', 'ElevenLabs webhooks are not configured (no webhook secret).');
  verifyElevenLabsSignature({ header: delivery.signature, rawBody: delivery.rawBody, secret: settings.webhookSecret, now: ctx.rt.clock(), toleranceSeconds: settings.toleranceSeconds });
  const call = readPostCall(delivery.body, settings.ids);
  if (call.kind === 'ignored') return { status: 'ignored', reason: call.reason };
  const record = async (reason: string, issues?: { path: string; message: string }[]): Promise<PostCallResult> => {
    const { job } = await ctx.pipeline.enqueue(postCallKey(call.conversationId), { kind: 'no-booking', conversationId: call.conversationId, reason, ...(issues ? { issues } : {}) });
    return { status: 'recorded', booking: false, reason, record_id: job.id, ...(issues ? { issues } : {}) };
  };
  if (call.kind === 'no-booking') return record(call.reason);
  let booking;
  try {
    booking = validateBooking(call.raw, call.paths, validationContext(ctx));
  } catch (error) {
    if (isCallwireError(error) && error.code === 'invalid_payload') return record(error.message, error.issues);
    throw error;
  }
  for (const key of toolCallKeys(booking)) {
    const booked = await ctx.pipeline.store.getByKey(ctx.pipeline.name, key);
    if (booked) return { status: 'duplicate', appointment_id: booked.id };
  }
  const { job, created } = await ctx.pipeline.enqueue(postCallKey(call.conversationId), { kind: 'booking', source: 'post-call', booking });
  return { status: created ? 'accepted' : 'duplicate', appointment_id: job.id };
}

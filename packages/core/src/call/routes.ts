import { CallwireError } from '../errors.js';
import { json, wireRoute, type Route, type RouteInput, type ServiceState } from '../http/route.js';
import { jsonAnswer, WireAnswer, jsonHeaders } from '../http/json-response.js';
import { isScrubbed, type Job, type JobStore, type SignalledJob } from '../engine/types.js';
import { scrubbedError } from '../engine/scrubbed.js';
import { knownCall } from './complete-call.js';
import type { CallHistory, CallRecords, ChatNotifier, RecordingSource, Transcriber, TranscriptCallbacks } from './ports.js';
import type { ReceiveResult } from './receive.js';
import type { CallInput, CallSource } from './types.js';
import { pathIdentifier } from '../text/identifier.js';

/** The event a call job waits for once its transcript is ready (signalled by `POST /webhook/assemblyai`). */
export const transcriptEventKey = (callKey: string) => `transcript:${callKey}`;

/**
 * What the call routes use of the call pipeline — a structural slice, so that the routes do not import the
 * pipeline that mounts them.
 */
export interface CallRouteTarget {
  readonly name: string;
  readonly store: Pick<JobStore, 'getByKey'>;
  receive(body: unknown, source: CallSource): Promise<ReceiveResult>;
  get(jobId: string): Promise<Job<CallInput> | undefined>;
  signal(key: string, payload?: unknown): Promise<SignalledJob | undefined>;
}

/** The HTTP routes of the call pipeline (mounted by `createHandler`). */
export function callRoutes(calls: CallRouteTarget, ports: { transcriber: Transcriber }): Route[] {
  const accept = (source: CallSource) => async ({ body }: RouteInput): Promise<WireAnswer> => {
    if (source !== 'zapier' && isNonTerminalEvent(body)) {
      return jsonAnswer({ success: true, message: 'Ignored: not a terminal call event.' });
    }
    const { job, created, updated } = await calls.receive(body, source);
    const message = created
      ? `Call ${job.key} accepted.`
      : updated
        ? `Call ${job.key} updated: this delivery completes the one received earlier.`
        : `Call ${job.key} is a duplicate delivery; it was already received (job ${job.status}).`;
    return new WireAnswer(200, jsonHeaders, acceptedText(message, job.key, job.id, !created && !updated, updated));
  };
  const { callbacks } = ports.transcriber;
  return [
    ...(callbacks ? [transcriptCallbackRoute(calls, callbacks)] : []),
    wireRoute('POST', '/webhook/zapier', 'webhook', accept('zapier')),
    wireRoute('GET', '/webhook/exotel', 'webhook', accept('exotel-passthru')),
    wireRoute('POST', '/webhook/exotel', 'webhook', accept('exotel-status-callback')),
    {
      method: 'GET',
      path: '/call/:id',
      auth: 'operator',
      async handle({ params }) {
        const id = pathIdentifier(params);
        const job = (await calls.store.getByKey(calls.name, id)) ?? (await calls.get(id));
        if (!job) throw new CallwireError('not_found', `No call ${id}.`);
        if (isScrubbed(job)) throw scrubbedError(`Call ${job.key}`, job);
        return json(describeCall(job as Job<CallInput>));
      },
    },
  ];
}

/**
 * The JSON of an accepted delivery, `{ success, message, call_id, job_id, duplicate, updated? }`, written around the
 * variable parts (the same text as `JSON.stringify` of that object).
 */
export function acceptedText(message: string, callId: string, jobId: string, duplicate: boolean, updated: boolean): string {
  return `{"success":true,"message":${JSON.stringify(message)},"call_id":${JSON.stringify(callId)},"job_id":${JSON.stringify(jobId)},"duplicate":${duplicate}${updated ? ',"updated":true' : ''}}`;
}

/**
 * `POST /webhook/assemblyai`: AssemblyAI's "transcript ready" callback (`{ transcript_id, status }`, with the
 * auth header the job set on submit — https://www.assemblyai.com/docs/deployment/webhooks). An authentic one
 * wakes the job waiting for it (or is kept until it waits); any other gets 401 and wakes nothing (a 4xx also
 * stops AssemblyAI's retries). The job reads the transcript itself, so the body is only a hint.
 */
function transcriptCallbackRoute(calls: CallRouteTarget, callbacks: TranscriptCallbacks): Route {
  return {
    method: 'POST',
    path: '/webhook/assemblyai',
    auth: 'public',
    async handle({ url, request, body }) {
      const key = callbacks.verify({ url, headers: request.headers });
      if (key === undefined) throw new CallwireError('unauthorized', 'This transcript callback is not signed for any call.');
      const { transcript_id: transcriptId, status } = (body ?? {}) as { transcript_id?: unknown; status?: unknown };
      const woken = await calls.signal(transcriptEventKey(key), { transcriptId: String(transcriptId ?? ''), status: String(status ?? '') });
      return json({ received: true, woke: woken !== undefined });
    },
  };
}

/**
 * Exotel also reports progress: a StatusCallback subscribed to `answered`, and the Connect applet's status
 * URL (GET) with `EventType` Dial, Ringing, Answered, then Terminal (https://developer.exotel.com/api/statuscallback).
 * Only the terminal one carries the result; the others are acknowledged and ignored, in any case.
 */
function isNonTerminalEvent(body: unknown): boolean {
  const event = (body as { EventType?: unknown } | null)?.EventType;
  return typeof event === 'string' && event !== '' && event.toLowerCase() !== 'terminal';
}

/** An operator's view of one call job: its details and where it is (no transcript). */
export function describeCall(job: Job<CallInput>) {
  const call = knownCall(job);
  return {
    call_id: job.key,
    job_id: job.id,
    status: job.status,
    attempts: job.attempts,
    max_attempts: job.maxAttempts,
    source: call?.source,
    from: call?.from,
    to: call?.to,
    duration_seconds: call?.durationSeconds,
    started_at: call?.startedAt,
    call_status: call?.status,
    department: call?.department,
    agent: call?.agent?.name,
    has_recording: call ? Boolean(call.recordingUrl) : undefined,
    steps: Object.fromEntries(Object.entries(job.steps).map(([name, step]) => [name, { status: step.status, attempts: step.attempts, error: step.error?.message }])),
    output: job.output,
    error: job.error ? { message: job.error.message, code: job.error.code, step: job.error.step, provider: job.error.provider } : undefined,
    created_at: new Date(job.createdAt).toISOString(),
    updated_at: new Date(job.updatedAt).toISOString(),
    finished_at: job.finishedAt === undefined ? undefined : new Date(job.finishedAt).toISOString(),
  };
}

/** Each outside service of the call pipeline, by the provider's name. */
export function callServices(ports: { recordings?: RecordingSource; transcriber?: Transcriber; notifier?: ChatNotifier; history?: CallHistory; callDetails?: CallRecords }): Record<string, ServiceState> {
  const services: Record<string, ServiceState> = {};
  const add = (fallback: string, port: { name?: string } | undefined) => {
    const name = port?.name ?? fallback;
    services[name] = port ? 'configured' : (services[name] ?? 'not configured');
  };
  add('recordings', ports.recordings);
  add('transcriber', ports.transcriber);
  add('chat', ports.notifier);
  add('call-history', ports.history);
  add('call-details', ports.callDetails);
  return services;
}

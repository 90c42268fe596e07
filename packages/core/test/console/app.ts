import { createAppointmentPipeline, createCallPipeline, createHandler, createWorker, toNodeListener, type HandlerOptions, type JobStore } from '@callwire/core';
import { formatMinutesForSlack, slackWebhookNotifier, type SlackMinutesFormatter } from '@callwire/core/slack';
import { createMemoryStore, createSandbox, listen } from '@callwire/core/testing';

export const OPERATOR_SECRET = 'console-operator-secret-0123456789';

/** A zapier call payload (overrides win). */
export const callPayload = (callId: string, overrides: Record<string, unknown> = {}) => ({
  call_id: callId,
  from_number: '+919876543210',
  to_number: '09631084471',
  duration: 187,
  recording_url: `https://recordings.exotel.com/exotelrecordings/acme1/${callId}.mp3`,
  timestamp: '2026-11-20T09:42:17Z',
  status: 'completed',
  agent_name: 'Asha Verma',
  department: 'Customer Success',
  customer_segment: 'General',
  ...overrides,
});

/** A flat appointment payload for a slot `daysAhead` days from now, on the hour (UTC). */
export const bookingPayload = (overrides: Record<string, unknown> = {}, daysAhead = 3) => ({
  caller: '+14155550123',
  customer_name: 'Jordan Lee',
  summary: 'Wants a follow-up call about upgrading to the annual plan.',
  intent: 'callback_request',
  callback_time: new Date(Math.ceil((Date.now() + daysAhead * 86_400_000) / 3_600_000) * 3_600_000).toISOString(),
  email: 'jordan.lee@example.com',
  ...overrides,
});

/**
 * The console over real pipelines: both pipelines on one store, every provider a real SDK against
 * the sandbox's local fakes, the real handler behind a real HTTP server on 127.0.0.1, and a worker.
 * `slack.broken = true` makes the Slack formatter emit 51 blocks, which Slack (the fake) refuses with
 * 400 `invalid_blocks`: a permanent error, so the call's job goes dead at once.
 */
export async function startConsoleApp(handlerOptions: Partial<HandlerOptions> = {}) {
  const sandbox = await createSandbox();
  const store: JobStore = createMemoryStore();
  const slack = { broken: false };
  const formatter: SlackMinutesFormatter = (minutes, limits) => {
    const messages = formatMinutesForSlack(minutes, limits);
    if (!slack.broken) return messages;
    return messages.map((m) => ({ ...m, blocks: [...m.blocks, ...Array.from({ length: 51 }, () => ({ type: 'divider' }))] }));
  };
  const calls = createCallPipeline({
    store,
    recordings: sandbox.recordings,
    transcriber: sandbox.transcriber,
    notifier: slackWebhookNotifier({ url: sandbox.slackUrl(), minIntervalMs: 0, formatter }),
    supportNumbers: ['09631084471'],
    agents: [{ name: 'Asha Verma', slackUserId: 'U04ASHA123', department: 'Customer Success' }],
    timeZone: 'Asia/Kolkata',
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, jitter: false },
  });
  const appointments = createAppointmentPipeline({
    store,
    timeZone: 'America/Los_Angeles',
    businessName: 'Acme',
    calendar: sandbox.calendar,
    sms: sandbox.sms,
    mailer: sandbox.mailer,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, jitter: false },
  });
  const handler = createHandler({ pipelines: [calls, appointments], auth: { operatorSecret: OPERATOR_SECRET }, console: true, ...handlerOptions });
  const server = await listen(toNodeListener(handler));
  const worker = createWorker({ pipelines: [calls, appointments], concurrency: 2, pollIntervalMs: 20, leaseMs: 10_000 });

  /** Runs due jobs until none is queued or running. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 200; round++) {
      await worker.drain();
      const { byStatus } = await store.stats();
      if (byStatus.queued + byStatus.running + byStatus.waiting + byStatus.failed === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('jobs did not settle');
  }

  /** Receives a call and runs it to the end; returns its job. */
  async function call(callId: string, overrides: Record<string, unknown> = {}) {
    const { job } = await calls.receive(callPayload(callId, overrides), 'zapier');
    await settle();
    return (await store.get(job.id))!;
  }

  /** Books an appointment (the calendar step runs inside the request) and runs its notifications. */
  async function book(overrides: Record<string, unknown> = {}, daysAhead = 3) {
    const answer = await appointments.book(bookingPayload(overrides, daysAhead));
    await settle();
    const id = (answer as { appointment_id?: string }).appointment_id;
    if (!id) throw new Error(`booking failed: ${JSON.stringify(answer)}`);
    return (await appointments.getAppointment(id))!;
  }

  return {
    sandbox, store, calls, appointments, handler, server, worker, slack, settle, call, book,
    /** The console's URL. */
    url: (path = '') => `${server.url}${handlerOptions.basePath ?? ''}/console${path}`,
    async close() {
      await worker.stop({ timeoutMs: 1_000 }).catch(() => undefined);
      await server.close();
      await store.close();
      await sandbox.close();
    },
  };
}

export type ConsoleApp = Awaited<ReturnType<typeof startConsoleApp>>;

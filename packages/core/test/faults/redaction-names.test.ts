/**
 * Finding 6, the rest: names echoed in error messages (a provider repeating the attendee, a formatter naming the
 * agent) reached stored errors and log lines in clear. Names from the job's own input — the customer's, the
 * agent's — are now masked there, with numbers and e-mail addresses. Counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallwireError, createAppointmentPipeline, createCallPipeline, createPipeline, createWorker, maskNames, redactText, type Logger } from '@callwire/core';
import { formatMinutesForSlack, slackWebhookNotifier } from '@callwire/core/slack';
import { createMemoryStore, createSandbox, type Sandbox } from '@callwire/core/testing';

let sandbox: Sandbox;
const tally = { checked: 0, masked: 0 };
beforeAll(async () => {
  sandbox = await createSandbox();
});
afterAll(async () => {
  await sandbox.close();
  console.log(`names: ${tally.checked} outputs checked (stored errors, step results, log lines), ${tally.masked} without the names`);
});

/** A logger that keeps every line as text. */
function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (details: object, message?: string) => void lines.push(`${message ?? ''} ${JSON.stringify(details)}`);
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

/** Expects none of `names` (as words, any case) in `text`; counts the check. */
function withoutNames(text: string, names: readonly string[]) {
  tally.checked++;
  for (const name of names) expect(text, name).not.toMatch(new RegExp(`(?<![\\p{L}])${name}(?![\\p{L}])`, 'iu'));
  tally.masked++;
}

describe('names from the job input are masked in stored errors and logs', () => {
  it('maskNames masks each word of a name, whole words only, any case, keeping the first letter', () => {
    expect(maskNames('Calendar refused attendee Jordan Lee (JORDAN) for Leeds', ['Jordan Lee'])).toBe('Calendar refused attendee J••• L••• (J•••) for Leeds');
    expect(maskNames('Zoë Ørsted-Ng called', ['Zoë Ørsted-Ng'])).toBe('Z••• Ø•••-N••• called');
    expect(maskNames('nothing to mask', [undefined, '', 'x'])).toBe('nothing to mask');
    expect(redactText('attendee Jordan Lee <jordan.lee@example.com> +14155550123', { names: ['Jordan Lee'] })).toBe('attendee J••• L••• <j•••@example.com> +•••••••••23');
  });

  it("a step's error echoing the customer's name: masked in the stored job error and in every log line", async () => {
    const logger = capturingLogger();
    const store = createMemoryStore();
    const pipeline = createPipeline<{ customer: { name: string } }>({
      name: 'bookings',
      store,
      logger,
      retry: { maxAttempts: 1 },
      personalNames: (input) => [input.customer.name],
      run: async (input, { step }) => {
        await step('create-event', () => {
          throw new CallwireError('provider_rejected', `Calendar refused the attendee ${input.customer.name} (jordan.lee@example.com)`);
        });
      },
    });
    const { job } = await pipeline.enqueue('k', { customer: { name: 'Jordan Lee' } });
    await createWorker({ pipelines: [pipeline] }).drain();
    const stored = (await store.get(job.id))!;
    expect(stored.error?.message).toBe('Calendar refused the attendee J••• L••• (j•••@example.com)');
    withoutNames(JSON.stringify(stored.error), ['Jordan', 'Lee']);
    withoutNames(JSON.stringify(stored.steps['create-event']), ['Jordan', 'Lee']);
    expect(logger.lines.some((line) => line.includes('J••• L•••'))).toBe(true);
    withoutNames(logger.lines.join('\n'), ['Jordan', 'Lee']);
  });

  it("the call pipeline masks the agent's name an error echoes (a formatter naming the agent)", async () => {
    const logger = capturingLogger();
    const store = createMemoryStore();
    const calls = createCallPipeline({
      store,
      recordings: sandbox.recordings,
      transcriber: sandbox.transcriber,
      notifier: slackWebhookNotifier({
        url: sandbox.slackUrl(),
        minIntervalMs: 0,
        formatter: (minutes, limits) => {
          if (minutes.agent.name) throw new CallwireError('provider_rejected', `No Slack channel for ${minutes.agent.name}`);
          return formatMinutesForSlack(minutes, limits);
        },
      }),
      supportNumbers: ['09631084471'],
      retry: { maxAttempts: 1 },
      logger,
    });
    const { job } = await calls.receive({
      call_id: 'names-1', from_number: '+919876543210', to_number: '09631084471', duration: 60, status: 'completed',
      recording_url: 'https://recordings.exotel.com/exotelrecordings/acme1/names-1.mp3', timestamp: '2026-11-20T09:42:17Z',
      agent_name: 'Ravindra Krishnamurthy', department: 'Sales',
    }, 'zapier');
    await createWorker({ pipelines: [calls] }).drain();
    const stored = (await store.get(job.id))!;
    expect(stored.status).toBe('dead');
    expect(stored.error?.message).toBe('No Slack channel for R••• K•••');
    withoutNames(JSON.stringify(stored.error) + JSON.stringify(stored.steps), ['Ravindra', 'Krishnamurthy']);
    withoutNames(logger.lines.join('\n'), ['Ravindra', 'Krishnamurthy']);
  });

  it("the appointment pipeline masks the customer's name in a refused notification's saved reason and in logs", async () => {
    const logger = capturingLogger();
    const store = createMemoryStore();
    const appointments = createAppointmentPipeline({
      store,
      timeZone: 'America/Los_Angeles',
      sms: sandbox.sms,
      logger,
      templates: {
        sms: (context) => {
          throw new CallwireError('provider_rejected', `The text for ${context.customerName ?? '?'} was refused`);
        },
      },
    });
    const start = new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
    const answer = await appointments.book({ caller: '+14155550123', customer_name: 'Jordan Lee', callback_time: start });
    await createWorker({ pipelines: [appointments] }).drain();
    const stored = (await store.get(answer.appointment_id))!;
    const sms = stored.steps['send-sms']?.result as { status: string; reason: string };
    expect(sms).toMatchObject({ status: 'failed', reason: 'The text for J••• L••• was refused' });
    withoutNames(JSON.stringify(stored.steps) + JSON.stringify(stored.error ?? null), ['Jordan', 'Lee']);
    withoutNames(logger.lines.join('\n'), ['Jordan', 'Lee']);
  });
});

/**
 * SIGKILL in the window between a provider accepting a confirmation and the step's record (made deterministic by
 * the fakes' `beforeAnswering` hook): Twilio texts are confirmed on resume (by the recipient's messages, or by a
 * status callback already received) and never sent twice; e-mail cannot be confirmed, so every repeat is reported
 * and carries the same Message-ID.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHandler, toNodeListener, type Job } from '@callwire/core';
import { listen, startFakeGoogleCalendar, startFakeSmtp, startFakeTwilio, type FakeGoogleCalendar, type FakeSmtp, type FakeTwilio } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { killInWindow, resumeAll, type HoldingFake } from '../kill-in-window.js';
import { crashBooking, sideEffectAppointments, type SideEffectAppointmentsEnv } from './fixtures/side-effect-appointments.js';

const script = fileURLToPath(new URL('./fixtures/side-effect-worker.ts', import.meta.url));
const runs = 20;
const PUBLIC = 'https://callwire.example.test/hooks';

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const cleanup of cleanups.splice(0).reverse()) await cleanup(); });

interface Fakes { google: FakeGoogleCalendar; twilio: FakeTwilio; smtp: FakeSmtp; env: SideEffectAppointmentsEnv }

async function startFakes(publicUrl?: string): Promise<Fakes> {
  const [google, twilio, smtp] = await Promise.all([startFakeGoogleCalendar({ serviceAccount: true }), startFakeTwilio(), startFakeSmtp()]);
  cleanups.push(() => Promise.all([google.close(), twilio.close(), smtp.close()]));
  const env: SideEffectAppointmentsEnv = {
    GOOGLE_KEY: JSON.stringify(google.serviceAccountKey), GOOGLE_ROOT: google.rootUrl,
    TWILIO_SID: twilio.accountSid, TWILIO_TOKEN: twilio.authToken, TWILIO_URL: twilio.url,
    SMTP_URL: smtp.url, SMTP_CA: smtp.ca,
    ...(publicUrl ? { TWILIO_PUBLIC_URL: publicUrl } : {}),
  };
  return { google, twilio, smtp, env };
}

/**
 * `count` times a worker process takes a new booking and is SIGKILLed by `fake` in `step`'s window; then one worker
 * in this process resumes every job (with `serve`, the pipeline's routes are served first, e.g. for status callbacks).
 */
async function crashEach(fakes: Fakes, fake: HoldingFake, step: string, { count = runs, serve = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-appt-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbFile = join(dir, 'appointments.db');
  const store = createSqliteStore({ filename: dbFile });
  cleanups.push(() => store.close());
  const intake = sideEffectAppointments(store, fakes.env);
  const appointments = sideEffectAppointments(store, fakes.env, () => Date.now() + 3_600_000);
  if (serve) {
    const server = await listen(toNodeListener(createHandler({ pipelines: [appointments], auth: { operatorSecret: 'operator-secret-0123456789abcdef-crash' } })));
    cleanups.push(() => server.close());
    fakes.twilio.routeCallbacks(PUBLIC, server.url);
  }
  const ids = await killInWindow({
    runs: count, script, fake, env: { ...fakes.env, DB_FILE: dbFile } as unknown as Record<string, string>,
    enqueue: async (run) => (await intake.enqueue(`crash-${run}`, crashBooking(run))).job.id,
    afterKill: async (id) => expect((await appointments.get(id))?.steps[step]).toMatchObject({ status: 'intent', attempts: 1 }),
  });
  await fakes.twilio.callbacksSettled();
  const requestsBefore = fakes.twilio.requestCount();
  const { drained, count: events } = await resumeAll(appointments, ids);
  expect(drained).toMatchObject({ failed: 0, dead: 0 });
  const jobs = (await Promise.all(ids.map((id) => appointments.get(id)))) as Job[];
  expect(jobs.map((job) => job.status)).toEqual(ids.map(() => 'succeeded'));
  return { jobs, events, twilioRequestsOnResume: fakes.twilio.requestCount() - requestsBefore };
}

const smsOf = (job: Job) => job.steps['send-sms']?.result as { status: string; id: string };

describe('SIGKILL between Twilio accepting a text and the step record', () => {
  it(`the resumed job finds its text in the recipient's messages — ${runs} kills, 0 duplicates`, async () => {
    const fakes = await startFakes();
    const { jobs, events, twilioRequestsOnResume } = await crashEach(fakes, fakes.twilio, 'send-sms');
    for (const job of jobs) expect(job.steps['send-sms']).toMatchObject({ status: 'succeeded', confirmed: true, attempts: 1 });
    // Each job found its own text (one customer, a body per slot): run n's job, the n-th text sent.
    expect(jobs.map((job) => smsOf(job).id)).toEqual(fakes.twilio.messages.map((m) => m.sid));
    expect({ texts: fakes.twilio.messages.length, emails: fakes.smtp.messages.length, confirmed: events('step.confirmed'), maybeDuplicated: events('step.maybe-duplicated'), lists: twilioRequestsOnResume })
      .toEqual({ texts: runs, emails: runs, confirmed: runs, maybeDuplicated: 0, lists: runs });
  }, 240_000);

  it('with status callbacks, the report already received confirms the text without asking Twilio (10 kills)', async () => {
    const fakes = await startFakes(PUBLIC);
    const { jobs, events, twilioRequestsOnResume } = await crashEach(fakes, fakes.twilio, 'send-sms', { count: 10, serve: true });
    for (const job of jobs) expect(job.steps['send-sms']).toMatchObject({ status: 'succeeded', confirmed: true, attempts: 1 });
    expect({ texts: fakes.twilio.messages.length, confirmed: events('step.confirmed'), maybeDuplicated: events('step.maybe-duplicated'), twilioRequestsOnResume })
      .toEqual({ texts: 10, confirmed: 10, maybeDuplicated: 0, twilioRequestsOnResume: 0 });
  }, 240_000);
});

describe('SIGKILL between the SMTP server accepting an e-mail and the step record', () => {
  it(`cannot confirm: every repeat is reported and is the same message — ${runs} kills, ${runs} duplicates, ${runs} events`, async () => {
    const fakes = await startFakes();
    const { jobs, events } = await crashEach(fakes, fakes.smtp, 'send-email');
    for (const job of jobs) {
      expect(job.steps['send-email']).toMatchObject({ status: 'succeeded', attempts: 2, maybeDuplicated: 1 });
      expect(job.steps['send-sms']).toMatchObject({ status: 'succeeded', attempts: 1 });
    }
    const ids = fakes.smtp.messages.map((mail) => mail.headers['message-id']);
    const perId = new Map<string | undefined, number>();
    for (const id of ids) perId.set(id, (perId.get(id) ?? 0) + 1);
    expect({ emails: ids.length, distinctMessageIds: perId.size, eachSentTwice: [...perId.values()].every((n) => n === 2), texts: fakes.twilio.messages.length, reported: events('step.maybe-duplicated') })
      .toEqual({ emails: 2 * runs, distinctMessageIds: runs, eachSentTwice: true, texts: runs, reported: runs });
  }, 240_000);
});

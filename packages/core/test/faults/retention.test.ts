/**
 * Finding 1 of the hardening issue, on SQLite and on a real PostgreSQL: `store.scrub()` had no pipeline filter,
 * so the call pipeline's retention also nulled bookings' inputs; then `GET /appointments/:id`, cancel,
 * reschedule and two console pages answered 500 and a cancellation could no longer notify the customer; a
 * scrubbed job was accepted for re-drive and then failed forever. Now retention is per pipeline, an appointment
 * keeps what cancel and reschedule need until it is over, and scrubbed jobs answer 410 (never 5xx) and cannot be
 * re-driven, on the API and in the console.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createAppointmentPipeline, createCallPipeline, createHandler, createWorker, type CallwireHandler, type JobStore } from '@callwire/core';
import { createSandbox, type Sandbox } from '@callwire/core/testing';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';
import { callPayload } from '../console/app.js';

const OPERATOR = 'operator-retention-secret-0123456789';
const day = 86_400_000;
const url = inject('databaseUrl');
const admin = new pg.Pool({ connectionString: url, max: 1 });
const schemas: string[] = [];
const dirs: string[] = [];
const tally = { routes: 0, fiveHundreds: 0 };
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  console.log(`retention: ${tally.routes} route answers checked after scrubbing, ${tally.fiveHundreds} were 5xx`);
});

function makeStore(kind: 'sqlite' | 'postgres'): JobStore {
  if (kind === 'postgres') {
    const schema = `cw_retention_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    return createPostgresStore({ connectionString: url, schema, maxConnections: 4 });
  }
  const dir = mkdtempSync(join(tmpdir(), 'callwire-retention-'));
  dirs.push(dir);
  return createSqliteStore({ filename: join(dir, 'retention.db'), synchronous: 'normal' });
}

interface App {
  sandbox: Sandbox;
  store: JobStore;
  handler: CallwireHandler;
  clock: { offset: number };
  calls: ReturnType<typeof createCallPipeline>;
  appointments: ReturnType<typeof createAppointmentPipeline>;
  settle(): Promise<void>;
  reported: unknown[];
  close(): Promise<void>;
}

async function startApp(kind: 'sqlite' | 'postgres'): Promise<App> {
  const sandbox = await createSandbox();
  const store = makeStore(kind);
  const clock = { offset: 0 };
  const now = () => Date.now() + clock.offset;
  const calls = createCallPipeline({
    store, recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier,
    supportNumbers: ['09631084471'], retentionDays: 0, clock: now, retry: { maxAttempts: 1 },
  });
  const appointments = createAppointmentPipeline({
    store, timeZone: 'America/Los_Angeles', businessName: 'Acme', calendar: sandbox.calendar, sms: sandbox.sms, mailer: sandbox.mailer,
    retention: { days: 0 }, clock: now,
  });
  const reported: unknown[] = [];
  const handler = createHandler({ pipelines: [calls, appointments], auth: { operatorSecret: OPERATOR }, console: true, onError: (error) => reported.push(error) });
  const worker = createWorker({ pipelines: [calls, appointments], concurrency: 2, pollIntervalMs: 20 });
  return {
    sandbox, store, handler, clock, calls, appointments, reported,
    async settle() {
      for (let round = 0; round < 300; round++) {
        await worker.drain();
        const { byStatus } = await store.stats();
        if (byStatus.queued + byStatus.running + byStatus.waiting + byStatus.failed === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('jobs did not settle');
    },
    async close() {
      await store.close();
      await sandbox.close();
    },
  };
}

/** On the hour, `days` days from now (UTC). */
const slot = (days: number) => new Date(Math.ceil((Date.now() + days * day) / 3_600_000) * 3_600_000).toISOString();

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`finding 1: retention per pipeline on ${kind}`, () => {
    let app: App | undefined;
    afterEach(async () => {
      await app?.close();
      app = undefined;
    });

    it('retentionDays 0 on both pipelines: the call is gone (410), the appointment can still be read, rescheduled and cancelled; once over it is gone too', async () => {
      const a = (app = await startApp(kind));
      let session = '';
      const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const response = await a.handler(
          new Request(`http://callwire.test${path}`, {
            method,
            headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json', ...(session ? { cookie: session } : {}), ...headers },
            ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
          }),
          { ip: '127.0.0.1' },
        );
        tally.routes++;
        if (response.status >= 500) tally.fiveHundreds++;
        expect(response.status, `${method} ${path}`).toBeLessThan(500);
        return response;
      };
      const login = async () => {
        const page = await (await send('GET', '/console/login')).text();
        const token = /name="login_token" value="([^"]+)"/.exec(page)![1]!;
        const answer = await send('POST', '/console/login', new URLSearchParams({ login_token: token, secret: OPERATOR }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
        session = answer.headers.get('set-cookie')!.split(';')[0]!;
      };

      // A booking, rescheduled; a call processed; a call that died.
      const booked = await (await send('POST', '/webhook', { caller: '+14155550123', customer_name: 'Jordan Lee', summary: 'Wants the annual plan upgrade', email: 'jordan.lee@example.com', callback_time: slot(3) })).json() as { appointment_id: string };
      const id = booked.appointment_id;
      expect((await send('POST', `/appointments/${id}/reschedule`, { time: slot(4) })).status).toBe(200);
      await send('POST', '/webhook/zapier', callPayload('retained-call-1'));
      await a.settle();
      a.sandbox.fakes.slack.rejectNext('no_service'); // a permanent refusal: the second call's job dies
      await send('POST', '/webhook/zapier', callPayload('retained-call-2'));
      await a.settle();
      const callJob = (await a.store.getByKey('calls', 'retained-call-1'))!;
      const deadJob = (await a.store.getByKey('calls', 'retained-call-2'))!;
      expect(callJob.status).toBe('succeeded');
      expect(deadJob.status).toBe('dead');
      const textsBefore = a.sandbox.fakes.twilio.messages.length;
      const mailsBefore = a.sandbox.fakes.smtp.messages.length;

      // Retention, a moment later: each pipeline scrubs its own jobs only.
      a.clock.offset += 1_000;
      expect(await a.calls.purgeExpired()).toBe(2);
      expect(await a.appointments.purgeExpired()).toBeGreaterThan(0);

      // The call's transcript is gone; its routes answer 410 and it cannot be re-driven.
      const scrubbedCall = (await a.store.get(callJob.id))!;
      expect(scrubbedCall.input).toBeNull();
      expect(scrubbedCall.steps.transcribe?.result).toBeUndefined();
      expect((await send('GET', '/call/retained-call-1')).status).toBe(410);
      expect((await send('GET', `/jobs/${callJob.id}`)).status).toBe(410);
      const redrive = await send('POST', `/jobs/${deadJob.id}/retry`);
      expect(redrive.status).toBe(410);
      expect(((await redrive.json()) as { message: string }).message).toMatch(/retention/);
      expect((await a.store.get(deadJob.id))?.status).toBe('dead');

      // The appointment keeps its phone, e-mail, time and event; free text is gone.
      const kept = (await (await send('GET', `/appointments/${id}`)).json()) as { customer: Record<string, string>; start: string; summary?: string; status: string };
      expect(kept.customer).toEqual({ phone: '+14155550123', email: 'jordan.lee@example.com' });
      expect(kept.start).toBe(slot(4));
      expect(kept.summary).toBeUndefined();
      expect(JSON.stringify(await a.store.get(id))).not.toMatch(/Jordan|annual plan/);

      // The console shows them all, never 5xx; the scrubbed dead job has no Re-drive button and refuses a POST.
      await login();
      for (const path of ['/console/jobs', '/console/calls', '/console/appointments', `/console/appointments/${id}`, `/console/jobs/${id}`, `/console/calls/${callJob.id}`]) {
        expect((await send('GET', path)).status, path).toBe(200);
      }
      const deadPage = await (await send('GET', `/console/jobs/${deadJob.id}`)).text();
      expect(deadPage).toContain('by the retention policy');
      expect(deadPage).not.toContain('/redrive');
      const confirm = await (await send('GET', `/console/jobs/${deadJob.id}/redrive`)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(confirm)?.[1] ?? '';
      await send('POST', `/console/jobs/${deadJob.id}/redrive`, new URLSearchParams({ csrf }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
      expect((await a.store.get(deadJob.id))?.status).toBe('dead');

      // Rescheduled and cancelled after retention ran: the customer is told both times.
      expect((await send('POST', `/appointments/${id}/reschedule`, { time: slot(5) })).status).toBe(200);
      await a.settle();
      const cancelled = (await (await send('POST', `/appointments/${id}/cancel`, { reason: 'Customer asked' })).json()) as { status: string };
      await a.settle();
      expect(cancelled.status).toBe('cancelled');
      expect(a.sandbox.fakes.twilio.messages.slice(textsBefore).map((m) => m.to)).toEqual(['+14155550123', '+14155550123']);
      expect(a.sandbox.fakes.smtp.messages.length - mailsBefore).toBe(2);

      // Once the appointment is over, what was kept goes too: every route answers 410, the console a 410 page.
      a.clock.offset += 6 * day;
      expect(await a.appointments.purgeExpired()).toBeGreaterThan(0);
      expect((await send('GET', `/appointments/${id}`)).status).toBe(410);
      expect((await send('POST', `/appointments/${id}/cancel`, {})).status).toBe(410);
      expect((await send('POST', `/appointments/${id}/reschedule`, { time: slot(9) })).status).toBe(410);
      expect((await send('GET', `/jobs/${id}`)).status).toBe(410);
      expect((await send('GET', `/console/appointments/${id}`)).status).toBe(410);
      expect((await send('GET', '/console/appointments')).status).toBe(200);
      expect((await send('GET', `/console/jobs/${id}`)).status).toBe(200);
      const final = JSON.stringify(await a.store.list({ pipeline: a.appointments.name, limit: 500 }));
      expect(final).not.toContain('+14155550123');
      expect(final).not.toContain('jordan.lee@example.com');
      expect(a.reported).toEqual([]);
    }, 60_000);
  });
}

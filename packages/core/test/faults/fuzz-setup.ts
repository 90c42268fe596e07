import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppointmentPipeline, createCallPipeline, createHandler, type CallwireHandler, type JobStore } from '@callwire/core';
import { createSandbox, type Sandbox } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';


/** 2026-11-23 10:00 PST: the day before the fixtures' booking, so fixture bookings are valid. */
export const T0 = Date.parse('2026-11-23T18:00:00Z');
export const SECRET = 'whsec_fuzz_secret';
export const OPERATOR = 'operator-fuzz-secret-0123456789abcdef';

export interface FuzzTarget {
  handler: CallwireHandler;
  store: JobStore;
  sandbox: Sandbox;
  /** 5xx causes reported by the handler. */
  reported: unknown[];
  close(): Promise<void>;
}

/**
 * The real handler over both real pipelines on one SQLite store, every provider a real SDK against the
 * sandbox's local fakes, a fixed clock; no worker (intake, inline booking and operator routes only).
 * `options.store` replaces the SQLite store (e.g. PostgreSQL); it is closed with the target.
 */
export async function startFuzzTarget(options: { store?: JobStore } = {}): Promise<FuzzTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-fuzz-'));
  const sandbox = await createSandbox();
  const store = options.store ?? createSqliteStore({ filename: join(dir, 'fuzz.db'), synchronous: 'normal' });
  const clock = () => T0;
  const calls = createCallPipeline({ store, recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier, supportNumbers: ['+919631084471'], clock });
  const appointments = createAppointmentPipeline({
    store,
    timeZone: 'America/Los_Angeles',
    businessName: 'Acme',
    organizer: { email: 'desk@acme.test', name: 'Acme' },
    businessHours: { start: '09:00', end: '17:00' },
    calendar: sandbox.calendar,
    sms: sandbox.sms,
    mailer: sandbox.mailer,
    elevenLabs: { webhookSecret: SECRET },
    clock,
  });
  const reported: unknown[] = [];
  const handler = createHandler({ pipelines: [calls, appointments], auth: { operatorSecret: OPERATOR }, onError: (error) => reported.push(error) });
  return {
    handler,
    store,
    sandbox,
    reported,
    async close() {
      await store.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

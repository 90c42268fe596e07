import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppointmentPipeline, createWorker, type AppointmentPipelineOptions, type JobStore } from '@callwire/core';
import { googleCalendar } from '@callwire/core/google-calendar';
import { smtpMailer } from '@callwire/core/nodemailer';
import { twilioSms, type TwilioSmsOptions } from '@callwire/core/twilio';
import { createMemoryStore, sampleJson, samplePayloads, startFakeGoogleCalendar, startFakeSmtp, startFakeTwilio, twilioForwardingClient, type FakeGoogleCalendar, type FakeGoogleCalendarOptions, type FakeSmtp, type FakeTwilio } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';

/** The sample payloads of `@callwire/core/testing`, fresh for each use. */
export const fixture = {
  flat: () => sampleJson('appointmentFlat'),
  postCallText: () => samplePayloads.elevenLabsPostCall.body,
};

/** 2026-11-23 10:00 PST: the day before the fixtures' booking (2026-11-24 15:00 PST). */
export const T0 = Date.parse('2026-11-23T18:00:00Z');
export const SECRET = 'whsec_test_secret';
export const ZONE = 'America/Los_Angeles';

/** Everything one test needs: real SDKs pointed at local fakes, a store, a pipeline and a worker. */
export interface Harness {
  google: FakeGoogleCalendar;
  twilio: FakeTwilio;
  smtp: FakeSmtp;
  store: JobStore;
  appointments: ReturnType<typeof createAppointmentPipeline>;
  worker: ReturnType<typeof createWorker>;
  /** Sets the injected clock. */
  setNow(epochMs: number): void;
  now(): number;
  /** Finds a route and calls it as the HTTP handler would. */
  call(method: string, path: string, init?: { body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/** What a harness can change: pipeline options, the store, the fake Google account, and `twilioSms()` options (they see the fake). */
export type HarnessOptions = Partial<AppointmentPipelineOptions> & {
  storeKind?: 'sqlite' | 'memory';
  serviceAccount?: boolean;
  google?: FakeGoogleCalendarOptions;
  twilio?: (fake: FakeTwilio) => Partial<TwilioSmsOptions>;
};

export async function startHarness(overrides: HarnessOptions = {}): Promise<Harness> {
  const { storeKind = 'sqlite', serviceAccount, google: googleOptions, twilio: twilioOptions, ...options } = overrides;
  const [google, twilio, smtp] = await Promise.all([startFakeGoogleCalendar({ serviceAccount, ...googleOptions }), startFakeTwilio(), startFakeSmtp()]);
  const dir = mkdtempSync(join(tmpdir(), 'callwire-appt-'));
  const store = storeKind === 'sqlite' ? createSqliteStore({ filename: join(dir, 'callwire.db') }) : createMemoryStore();
  let now = T0;
  const clock = () => now;
  const appointments = createAppointmentPipeline({
    store,
    timeZone: ZONE,
    businessName: 'Acme',
    organizer: { email: 'desk@acme.test', name: 'Acme' },
    businessHours: { start: '09:00', end: '17:00' },
    minNoticeMinutes: 60,
    calendar: googleCalendar({ credentials: google.serviceAccountKey, calendarId: 'bookings@acme.test', rootUrl: google.rootUrl }),
    sms: twilioSms({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+14155550100', httpClient: twilioForwardingClient(twilio.url), ...twilioOptions?.(twilio) } as TwilioSmsOptions),
    mailer: smtpMailer({ url: smtp.url, ca: smtp.ca, from: 'Acme <desk@acme.test>' }),
    elevenLabs: { webhookSecret: SECRET },
    retry: { baseDelayMs: 1_000, maxDelayMs: 1_000, jitter: false },
    clock,
    ...options,
  });
  const worker = createWorker({ pipelines: [appointments], concurrency: 4, leaseMs: 10_000 });
  const routes = appointments.routes();
  return {
    google,
    twilio,
    smtp,
    store,
    appointments,
    worker,
    setNow: (value) => (now = value),
    now: clock,
    async call(method, path, init = {}) {
      const url = new URL(path, 'http://callwire.test');
      for (const route of routes) {
        if (route.method !== method) continue;
        const pattern = new RegExp(`^${route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`);
        const match = pattern.exec(url.pathname);
        if (!match) continue;
        const rawBody = init.rawBody ?? (init.body === undefined ? '' : JSON.stringify(init.body));
        const request = new Request(url, { method, headers: { 'content-type': 'application/json', ...init.headers }, ...(method === 'GET' ? {} : { body: rawBody }) });
        try {
          return await route.handle({ request, url, params: { ...match.groups }, rawBody, body: rawBody ? JSON.parse(rawBody) : undefined, ip: '127.0.0.1' });
        } catch (error) {
          const e = error as { status?: number; toJSON?: () => unknown };
          if (typeof e.status === 'number' && e.toJSON) return Response.json(e.toJSON(), { status: e.status });
          throw error;
        }
      }
      return new Response('not found', { status: 404 });
    },
    async close() {
      await store.close();
      await Promise.all([google.close(), twilio.close(), smtp.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Splits an iCalendar text into unfolded `NAME;params:value` lines, checking the RFC 5545 framing on the way. */
export function icsLines(ics: string): string[] {
  if (!ics.endsWith('\r\n')) throw new Error('iCalendar text must end with CRLF');
  const physical = ics.slice(0, -2).split('\r\n');
  for (const line of physical) {
    if (Buffer.byteLength(line) > 75) throw new Error(`iCalendar line longer than 75 octets: ${line}`);
    if (line.includes('\n')) throw new Error('bare LF in iCalendar text');
  }
  return ics.slice(0, -2).replace(/\r\n[ \t]/g, '').split('\r\n');
}

/** The value of the first property `name` in unfolded iCalendar lines. */
export function icsValue(lines: string[], name: string): string | undefined {
  const line = lines.find((l) => l === name || l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  return line?.slice(line.indexOf(':') + 1);
}

import type { Calendar, Mailer, SmsSender } from '../appointment/ports.js';
import type { CallHistory, CallRecords, ChatNotifier, RecordingSource, Transcriber } from '../call/ports.js';
import { createFakeAssemblyAI, type FakeAssemblyAI, type FakeUtterance } from './fakes/assemblyai-server.js';
import { createFakeExotel, type FakeExotel } from './fakes/exotel-server.js';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from './fakes/google-calendar.js';
import { createFakeSlack, type FakeSlack, type FakeSlackMessage } from './fakes/slack-server.js';
import { createFakeSlackWebApi, type FakeSlackWebApi } from './fakes/slack-web-api.js';
import { startFakeSmtp, type FakeSmtp } from './fakes/smtp.js';
import { twilioForwardingClient } from './fakes/twilio-http-client.js';
import { startFakeTwilio, type FakeTwilio } from './fakes/twilio.js';
import type { LocalServer } from './http-server.js';
import { requireSandboxPackages } from './sandbox-packages.js';

/** What {@link createSandbox} can be told. Every option has a working default. */
export interface SandboxOptions {
  /** What the fake AssemblyAI "hears" in every recording (default {@link sandboxDialogue}). */
  dialogue?: readonly FakeUtterance[] | undefined;
  /** Slack route names (departments, a missed-call route) that get their own fake webhook URL (or channel). */
  slackRoutes?: readonly string[] | undefined;
  /**
   * Which Slack notifier `notifier` is: `webhook` (default, `slackWebhookNotifier()` against `fakes.slack`) or
   * `web-api` (`slackWebApiNotifier()` with a bot token against `fakes.slackWebApi`: threads, metadata, mentions by e-mail).
   */
  slackNotifier?: 'webhook' | 'web-api' | undefined;
  /** The calendar bookings go to (default `bookings@sandbox.test`). */
  calendarId?: string | undefined;
  /** The SMS sender number (default `+14155550100`). */
  smsFrom?: string | undefined;
  /** The e-mail From address (default `Callwire Sandbox <desk@sandbox.test>`). */
  mailFrom?: string | undefined;
  /**
   * Serve a generated recording for every call the recording source is asked for, whatever host its
   * URL names (default true) — so real Exotel and Zapier payloads work unchanged. When false, only
   * recordings added with `fakes.exotel.addRecording(fakes.exotelServer, sid)` exist.
   */
  serveAnyRecording?: boolean | undefined;
}

/** The fake servers behind a sandbox, for inspection (what reached each "provider"). */
export interface SandboxFakes {
  assemblyai: FakeAssemblyAI;
  assemblyaiServer: LocalServer;
  slack: FakeSlack;
  slackServer: LocalServer;
  /** The Slack Web API fake (used by `notifier` when `slackNotifier: 'web-api'`). */
  slackWebApi: FakeSlackWebApi;
  slackWebApiServer: LocalServer;
  exotel: FakeExotel;
  exotelServer: LocalServer;
  google: FakeGoogleCalendar;
  twilio: FakeTwilio;
  smtp: FakeSmtp;
}

/** Every provider of both pipelines, ready to use, each a real SDK talking to a local fake. */
export interface Sandbox {
  /** Exotel recordings (`exotelRecordings()`), downloading from the fake Exotel with Basic auth. */
  recordings: RecordingSource;
  /** Exotel call history (`exotelCallHistory()`), for `calls.reconcile()`; add calls to `fakes.exotel.calls`. */
  history: CallHistory;
  /** Exotel Call Details (`exotelCallDetails()`), the call pipeline's `callDetails`; add calls with `fakes.exotel.addCall()`. */
  callDetails: CallRecords;
  /** AssemblyAI (`assemblyAITranscriber()` and the `assemblyai` SDK), polling fast. */
  transcriber: Transcriber;
  /**
   * Slack (`slackWebhookNotifier()` and `@slack/webhook`), with a default URL and one per `slackRoutes` name — or, with
   * `slackNotifier: 'web-api'`, `slackWebApiNotifier()` and `@slack/web-api`, with a default channel and one per route.
   */
  notifier: ChatNotifier;
  /** Google Calendar (`googleCalendar()` and `@googleapis/calendar`), with a service-account key. */
  calendar: Calendar;
  /** Twilio SMS (`twilioSms()` and the `twilio` SDK). */
  sms: SmsSender;
  /** SMTP (`smtpMailer()` and `nodemailer`) to a real local SMTP server. */
  mailer: Mailer;
  /** The Slack webhook URL of a route (`default` for the default URL). */
  slackUrl(route?: string): string;
  /** The Web API fake's channel id of a route (`default` for the default channel). */
  slackChannel(route?: string): string;
  fakes: SandboxFakes;
  /** Stops every fake server. */
  close(): Promise<void>;
}

/** The dialogue every sandbox recording "contains": an incoming support call (the agent answers). */
export const sandboxDialogue: readonly FakeUtterance[] = [
  { speaker: 'A', text: 'Thank you for calling Acme support, this is Asha. How can I help?' },
  { speaker: 'B', text: 'Hi, I placed an order last week and it still shows as processing. Can you tell me when it will ship?' },
  { speaker: 'A', text: 'Let me check. It left our warehouse this morning; you will get the tracking link by text today.' },
  { speaker: 'B', text: 'Great, thank you.' },
];

/**
 * Starts every fake provider on 127.0.0.1 — AssemblyAI, Slack, Exotel, Google Calendar, Twilio and an
 * SMTP server — and returns the providers of both pipelines pointed at them. They are the same
 * provider functions and SDKs production uses (`assemblyAITranscriber`, `slackWebhookNotifier`, …);
 * only the servers are local. For demos, local development without credentials, and tests.
 *
 * The provider SDKs are loaded when the sandbox starts, not when `@callwire/core/testing` is imported.
 * They and `smtp-server` are optional peer dependencies: add them as dev dependencies
 * (`npm i -D assemblyai @slack/webhook @slack/web-api @googleapis/calendar twilio nodemailer smtp-server`,
 * see {@link sandboxPackages}); without one, `createSandbox()` rejects naming every missing package.
 * It returns a promise, so it works from CommonJS as from ESM: `createSandbox().then(…)`, or `await` in an
 * async function.
 *
 * @example
 * ```ts
 * import { createAppointmentPipeline, createCallPipeline, createWorker } from '@callwire/core';
 * import { createMemoryStore, createSandbox } from '@callwire/core/testing';
 *
 * const sandbox = await createSandbox();
 * const store = createMemoryStore();
 * const calls = createCallPipeline({ store, recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier });
 * const appointments = createAppointmentPipeline({ store, timeZone: 'America/Los_Angeles', calendar: sandbox.calendar, sms: sandbox.sms, mailer: sandbox.mailer });
 * await calls.receive({ call_id: 'c1', from_number: '+919876543210', to_number: '09631084471', recording_url: 'https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3', status: 'completed' }, 'zapier');
 * await createWorker({ pipelines: [calls, appointments] }).drain();
 * console.log(sandbox.fakes.slack.messages.length); // 1
 * await sandbox.close();
 * ```
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  await requireSandboxPackages();
  const dialogue = [...(options.dialogue ?? sandboxDialogue)];
  // Transcripts are ready at the first look, so one `worker.drain()` runs a call to its end.
  const assemblyai = createFakeAssemblyAI({ script: () => dialogue, looksUntilDone: 1 });
  const slack = createFakeSlack();
  const routeNames = ['default', ...(options.slackRoutes ?? [])];
  const slackChannel = (route = 'default') => `C0SANDBOX${String(Math.max(0, routeNames.indexOf(route))).padStart(2, '0')}`;
  const slackWebApi = createFakeSlackWebApi({ channels: routeNames.map((route) => slackChannel(route)) });
  const exotel = createFakeExotel();
  const started: { close(): Promise<void> }[] = [];
  const track = async <T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> => {
    const value = await server;
    started.push(value);
    return value;
  };
  const close = async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  };
  try {
    const [assemblyaiServer, slackServer, slackWebApiServer, exotelServer, google, twilio, smtp, sdks] = await Promise.all([
      track(assemblyai.start()),
      track(slack.start()),
      track(slackWebApi.start()),
      track(exotel.start()),
      track(startFakeGoogleCalendar()),
      track(startFakeTwilio()),
      track(startFakeSmtp()),
      loadProviders(),
    ]);
    const exotelHost = new URL(exotelServer.url).host;
    const slackUrl = (route = 'default') => `${slackServer.url}/services/TSANDBOX/BSANDBOX/${encodeURIComponent(route)}`;
    const exotelRecordings = sdks.exotel.exotelRecordings({
      apiKey: exotel.apiKey,
      apiToken: exotel.apiToken,
      allowedHosts: [exotelHost],
      allowPrivateHosts: [exotelHost],
      notYetAvailable: { initialDelayMs: 5, maxDelayMs: 50, deadlineMs: 5_000 },
    });
    const recordings: RecordingSource = options.serveAnyRecording === false
      ? exotelRecordings
      : {
          name: 'exotel',
          open(ref, callOptions) {
            const url = exotel.addRecording(exotelServer, safeSid(ref.callId));
            return exotelRecordings.open({ ...ref, url }, callOptions);
          },
        };
    return {
      recordings,
      history: sdks.exotel.exotelCallHistory({ accountSid: exotel.accountSid, apiKey: exotel.apiKey, apiToken: exotel.apiToken, region: exotelServer.url }),
      callDetails: sdks.exotel.exotelCallDetails({ accountSid: exotel.accountSid, apiKey: exotel.apiKey, apiToken: exotel.apiToken, region: exotelServer.url }),
      transcriber: sdks.assemblyai.assemblyAITranscriber({ apiKey: assemblyai.apiKey, baseUrl: assemblyaiServer.url, pollIntervalMs: 5, maxPollIntervalMs: 50 }),
      notifier: options.slackNotifier === 'web-api'
        ? sdks.slackWebApi.slackWebApiNotifier({
            token: slackWebApi.token,
            channel: slackChannel(),
            routes: Object.fromEntries((options.slackRoutes ?? []).map((route) => [route, slackChannel(route)])),
            slackApiUrl: slackWebApi.url(slackWebApiServer),
            minIntervalMs: 0,
          })
        : sdks.slack.slackWebhookNotifier({
            url: slackUrl(),
            routes: Object.fromEntries((options.slackRoutes ?? []).map((route) => [route, slackUrl(route)])),
            minIntervalMs: 0,
          }),
      calendar: sdks.google.googleCalendar({ credentials: google.serviceAccountKey, calendarId: options.calendarId ?? 'bookings@sandbox.test', rootUrl: google.rootUrl }),
      sms: sdks.twilio.twilioSms({ accountSid: twilio.accountSid, authToken: twilio.authToken, from: options.smsFrom ?? '+14155550100', httpClient: twilioForwardingClient(twilio.url) }),
      mailer: sdks.nodemailer.smtpMailer({ url: smtp.url, ca: smtp.ca, from: options.mailFrom ?? 'Callwire Sandbox <desk@sandbox.test>' }),
      slackUrl,
      slackChannel,
      fakes: { assemblyai, assemblyaiServer, slack, slackServer, slackWebApi, slackWebApiServer, exotel, exotelServer, google, twilio, smtp },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The provider subpaths, imported only when a sandbox starts (each pulls in its SDK). */
async function loadProviders() {
  const [assemblyai, exotel, slack, slackWebApi, google, twilio, nodemailer] = await Promise.all([
    import('../providers/assemblyai/transcriber.js'),
    import('../entries/exotel.js'),
    import('../providers/slack/notifier.js'),
    import('../providers/slack/web-api-notifier.js'),
    import('../providers/google-calendar/index.js'),
    import('../providers/twilio/index.js'),
    import('../providers/nodemailer/index.js'),
  ]);
  return { assemblyai, exotel, slack, slackWebApi, google, twilio, nodemailer };
}

/** A call id made safe for a URL path segment. */
function safeSid(callId: string): string {
  return callId.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The text of a Slack message as a reader sees it: each block's mrkdwn, blank-line separated (the
 * fallback `text` when there are no blocks).
 *
 * @example
 * ```ts
 * console.log(slackMessageText(sandbox.fakes.slack.messages[0]!));
 * ```
 */
export function slackMessageText(message: FakeSlackMessage): string {
  const blocks = message.body.blocks ?? [];
  if (blocks.length === 0) return message.body.text ?? '';
  return blocks.map((block) => block.text?.text ?? '').join('\n\n');
}

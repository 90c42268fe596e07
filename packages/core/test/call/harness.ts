import { expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCallPipeline, createHandler, createWorker, toNodeListener, type CallPipelineOptions, type CallwireHandler, type Job, type JobStore } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelCallDetails, exotelRecordings } from '@callwire/core/exotel';
import { slackWebhookNotifier, type SlackWebhookNotifierOptions } from '@callwire/core/slack';
import { createFakeAssemblyAI, createFakeExotel, createFakeSlack, listen, sampleJson, type LocalServer } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';

/** The Zapier sample payload, a fresh copy. */
export const zapierCall = () => sampleJson('zapierCall');
/** The documented MOM layout (docs/mom-format.md), which the default formatter must reproduce. */
export const momFormatDoc = () => readFileSync(new URL('../../../../docs/mom-format.md', import.meta.url), 'utf8');

/** ~150 words a minute of alternating speech (speakers `A`, `B`): a realistic transcript of `minutes` minutes. */
export function dialogue(minutes: number): { speaker: string; text: string }[] {
  const words = 'the order shipped from our warehouse yesterday and should reach you within three working days please keep the tracking number'.split(' ');
  return Array.from({ length: minutes * 10 }, (_, i) => ({
    speaker: i % 2 === 0 ? 'A' : 'B',
    text: `(${i}) ${Array.from({ length: 15 }, (_, w) => words[(i + w) % words.length]).join(' ')}.`,
  }));
}

/** The transcript lines inside the code blocks of Slack messages (webhook or Web API bodies), in order. */
export function transcriptOf(messages: { blocks?: unknown[] }[]): string[] {
  return messages.flatMap((m) => (m.blocks ?? []).map((b) => (b as { text?: { text?: string } }).text?.text ?? ''))
    .filter((text) => text.includes('```'))
    .flatMap((text) => text.slice(text.indexOf('```\n') + 4, text.lastIndexOf('\n```')).split('\n'));
}

/** The secret that signs AssemblyAI's callbacks in tests. */
export const transcriptWebhookSecret = 'assemblyai-callback-secret-0123456789abcdef';

/** The agent directory of the tests. */
export const agents = [
  { name: 'Asha Verma', slackUserId: 'U04ASHA123', department: 'Customer Success', phone: '09811122233', slackHandle: '@asha.verma' },
  { name: 'Ravi Kumar', slackUserId: 'U05RAVI456', department: 'Sales', email: 'ravi@acme.in' },
];

/** The dialogue of mom-format.md, as AssemblyAI utterances (speaker A answers: the agent on an incoming call). */
export const momDialogue = [
  { speaker: 'A', text: 'Thank you for calling Acme support, this is Asha. How can I help?' },
  { speaker: 'B', text: 'Hi, I placed an order last week and it still shows as processing. Can you tell me when it will ship?' },
  { speaker: 'A', text: '...' },
];

export interface HarnessOptions {
  pipeline?: Partial<CallPipelineOptions>;
  /** Look calls up in the fake Exotel's Call Details API (the pipeline's `callDetails`, real client). */
  callDetails?: boolean;
  /** Serve the handler over HTTP and have the fake AssemblyAI call `POST /webhook/assemblyai` back (the transcriber's `webhook`). */
  transcriptWebhook?: boolean;
  /**
   * How long a parked call waits for that callback before looking itself (default 300 ms, for the lost-callback
   * test). A test that expects the callback to wake the job sets it long, so a loaded machine cannot time out first.
   */
  transcriptWebhookTimeoutMs?: number;
  slack?: Partial<SlackWebhookNotifierOptions>;
}

/**
 * Everything real except the providers' servers: the real SDKs against local fakes, a SQLite store
 * in a temp file, the real HTTP handler, and a worker.
 */
export async function startHarness(options: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-call-'));
  const assembly = createFakeAssemblyAI({ script: () => momDialogue });
  const slack = createFakeSlack();
  const exotel = createFakeExotel();
  const servers: LocalServer[] = [];
  const [assemblyServer, slackServer, exotelServer] = await Promise.all([assembly.start(), slack.start(), exotel.start()]);
  servers.push(assemblyServer!, slackServer!, exotelServer!);
  const exotelHost = new URL(exotelServer!.url).host;
  const store: JobStore = createSqliteStore({ filename: join(dir, 'calls.db'), synchronous: 'normal' });
  const slackUrl = (name: string) => `${slackServer!.url}/services/T000/B000/${name}`;

  const dbFile = join(dir, 'calls.db');
  // The handler, served over HTTP for the fake AssemblyAI's callbacks (assigned once it exists).
  let served: CallwireHandler | undefined;
  const handlerServer = options.transcriptWebhook ? await listen(toNodeListener((request: Request) => served!(request))) : undefined;
  if (handlerServer) servers.push(handlerServer);
  const webhook = handlerServer ? { url: `${handlerServer.url}/webhook/assemblyai`, secret: transcriptWebhookSecret, timeoutMs: options.transcriptWebhookTimeoutMs ?? 300 } : undefined;
  const pipelineOptions: CallPipelineOptions = {
    store,
    recordings: exotelRecordings({
      apiKey: exotel.apiKey,
      apiToken: exotel.apiToken,
      allowedHosts: [exotelHost],
      allowPrivateHosts: [exotelHost],
      notYetAvailable: { initialDelayMs: 2, maxDelayMs: 10, deadlineMs: 5_000 },
    }),
    transcriber: assemblyAITranscriber({ apiKey: assembly.apiKey, baseUrl: assemblyServer!.url, pollIntervalMs: 1, maxPollIntervalMs: 5, ...(webhook ? { webhook } : {}) }),
    notifier: slackWebhookNotifier({ url: slackUrl('default'), routes: { Sales: slackUrl('sales'), missed: slackUrl('missed') }, minIntervalMs: 0, ...options.slack }),
    supportNumbers: ['+919631084471'],
    agents,
    timeZone: 'Asia/Kolkata',
    missedCallRoute: 'missed',
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5, jitter: false, maxRetryAfterMs: 5 },
    ...(options.callDetails ? { callDetails: exotelCallDetails({ accountSid: exotel.accountSid, apiKey: exotel.apiKey, apiToken: exotel.apiToken, region: exotelServer!.url, notYetPublished: { initialDelayMs: 2, maxDelayMs: 10 } }) } : {}),
    ...options.pipeline,
  };
  const calls = createCallPipeline(pipelineOptions);
  const handler = createHandler({ pipelines: [calls], auth: { operatorSecret: 'operator-secret-0123456789abcdef-calls' } });
  served = handler;
  const worker = createWorker({ pipelines: [calls], concurrency: 4, leaseMs: 10_000 });

  /** Runs the worker (parked jobs come due between rounds) until `done()` holds. */
  async function drainUntil(done: () => Promise<boolean>): Promise<void> {
    for (let round = 0; round < 500 && !(await done()); round++) {
      await worker.drain();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Runs the worker until no job is queued, running or waiting for a retry. */
  async function settle(): Promise<void> {
    for (let round = 0; round < 500; round++) {
      await worker.drain();
      const stats = await store.stats();
      if (stats.byStatus.queued + stats.byStatus.running + stats.byStatus.waiting + stats.byStatus.failed === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('jobs did not settle');
  }

  const postJson = (path: string, body: unknown) =>
    handler(new Request(`http://callwire.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const job = async (callId: string): Promise<Job> => {
    const found = await store.getByKey('calls', callId);
    if (!found) throw new Error(`no job for ${callId}`);
    return found;
  };

  return {
    assembly, slack, exotel, store, calls, handler, worker, settle, drainUntil, slackUrl, dbFile,
    assemblyUrl: assemblyServer!.url,
    /** The options the pipeline was built with (to build a second pipeline over the same store). */
    options: pipelineOptions,
    exotelServer: exotelServer!,
    /** Where the handler is served over HTTP (with `transcriptWebhook`). */
    handlerUrl: handlerServer?.url,
    /** POSTs JSON to the handler. */
    postJson,
    /** POSTs a form to the handler. */
    postForm: (path: string, form: string) =>
      handler(new Request(`http://callwire.test${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })),
    get: (pathAndQuery: string, headers: Record<string, string> = {}) => handler(new Request(`http://callwire.test${pathAndQuery}`, { headers })),
    /** Asserts exactly one Slack message was posted, to `hook`; returns it and its rendered text. */
    onlyMessage(hook: string) {
      expect(slack.messages).toHaveLength(1);
      const message = slack.messages[0]!;
      expect(message.path).toBe(`/services/T000/B000/${hook}`);
      return { message, text: renderBlocks(message.body) };
    },
    /**
     * Delivers the sample Zapier call (with `fields` over it) and its recording on the fake Exotel, and runs
     * it to the end; returns the payload and the job.
     */
    async deliverCall(fields: Record<string, unknown> = {}): Promise<{ payload: Record<string, unknown>; job: Job }> {
      const payload: Record<string, unknown> = { ...zapierCall(), ...fields };
      payload.recording_url = exotel.addRecording(exotelServer!, String(payload.call_id));
      await postJson('/webhook/zapier', payload);
      await settle();
      return { payload, job: await job(String(payload.call_id)) };
    },
    /** Re-drives a job and runs it to the end; returns the job. */
    async redrive(callId: string): Promise<Job> {
      await calls.redrive((await store.getByKey('calls', callId))!.id);
      await settle();
      return (await store.getByKey('calls', callId))!;
    },
    job,
    async close() {
      await store.close();
      await Promise.all(servers.map((server) => server.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** The mrkdwn a reader sees: each block's text, blank-line separated. */
export function renderBlocks(message: { blocks?: { text?: { text?: string } }[] }): string {
  return (message.blocks ?? []).map((block) => block.text?.text ?? '').join('\n\n');
}

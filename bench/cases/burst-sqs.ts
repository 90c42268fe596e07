/**
 * `burst_sqs`: the burst through AWS Lambda's SQS path — a webhook function that stores and announces each call,
 * then SQS functions (4 containers, batch 5) that run the jobs named in their messages and end when each job
 * finishes or parks; parked jobs are announced again with `DelaySeconds`. The queue is the adapter's fake SQS
 * (SQS's JSON protocol, the real `@aws-sdk/client-sqs`) on a virtual clock, so waiting costs no wall time: what
 * an invocation takes is the work. Providers are in-process and wait as the burst's: the recording is published R
 * after the call, the transcript takes T, Slack takes 1 message/s per webhook over 4 routes (the pace shared
 * through the store). Reported: billed invocation seconds (the sum of invocations' wall time, rounded up to 1 ms
 * as Lambda bills) against the process's CPU seconds, the longest invocation, dead jobs and duplicate posts.
 * The 4 "containers" share this one process, so invocations run one at a time (as separate processes would not
 * slow each other); each one's wall time holds its own work and its store's fsyncs, as Lambda bills it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLambdaHandler, createSqsHandler, sqsAnnouncer, type LambdaHttpEvent } from '@callwire/adapter-lambda';
import { createFakeSqs } from '@callwire/adapter-lambda/testing';
import { createCallPipeline, notReady, type ChatMessage, type ChatNotifier, type RecordingSource, type Transcriber } from '@callwire/core';
import { lambdaEvent } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';
import { burst, idealMs } from '../burst-scenario.js';

const T0 = 1_800_000_000_000;

/** Runs `calls` through the webhook and SQS functions; resolves the figures. */
export async function burstThroughSqs(calls: number, log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-bench-sqs-'));
  let now = T0;
  const clock = () => now;
  const sqs = await createFakeSqs({ clock });
  sqs.createQueue('jobs-dlq');
  const queueUrl = sqs.createQueue('jobs', { visibilityTimeoutSeconds: 720, redrive: { deadLetterQueue: 'jobs-dlq', maxReceiveCount: 5 } });
  const store = createSqliteStore({ filename: join(dir, 'burst.db') });
  const submitted = new Map<string, number>();
  const posts = new Map<string, number>();
  const recordings: RecordingSource = {
    async open(ref) {
      if (now < T0 + burst.recordingMs) throw notReady(2_000, { deadlineMs: 15 * 60_000, reason: `recording of ${ref.callId} not published` });
      return { stream: new ReadableStream({ start: (controller) => controller.close() }) };
    },
  };
  const transcriber: Transcriber = {
    async submit() {
      const id = `t-${submitted.size}`;
      submitted.set(id, now);
      return { id, channels: 1 };
    },
    wait: () => Promise.reject(new Error('not used: the pipeline looks with check()')),
    async check(handle) {
      if (now < submitted.get(handle.id)! + burst.transcriptionMs) throw notReady(3_000, { deadlineMs: 30 * 60_000, reason: 'transcript processing' });
      return { id: handle.id, text: 'Hello.', utterances: [{ speaker: 'A', text: 'Hello.' }, { speaker: 'B', text: 'Hi, where is my order?' }], channels: 1 };
    },
  };
  const notifier: ChatNotifier = {
    name: 'slack',
    pace: ({ route }) => ({ key: `slack-webhook:${route ?? 'default'}`, intervalMs: 1000 / burst.slackPerSecond }),
    async post(message: ChatMessage) {
      posts.set(message.minutes.callId, (posts.get(message.minutes.callId) ?? 0) + 1);
      return { parts: 1 };
    },
  };
  const container = () => {
    const pipeline = createCallPipeline({ store, recordings, transcriber, notifier, clock, supportNumbers: ['09631084471'] });
    return { pipeline, announcer: sqsAnnouncer({ queueUrl, clientConfig: sqs.clientConfig, clock }) };
  };
  const web = container();
  const webhook = createLambdaHandler({ pipelines: [web.pipeline], announcer: web.announcer });
  const ids = Array.from({ length: calls }, (_, i) => `sqs${String(i).padStart(5, '0')}`);
  for (const [i, id] of ids.entries()) {
    const body = JSON.stringify({ call_id: id, from_number: '+919876543210', to_number: '09631084471', duration: 187, recording_url: 'https://recordings.exotel.com/exotelrecordings/acme1/c.mp3', status: 'completed', department: burst.routes[i % burst.routes.length] });
    const event = lambdaEvent('v2', { method: 'POST', path: '/webhook/zapier', headers: [['content-type', 'application/json']], body: new TextEncoder().encode(body) });
    const answer = await webhook(event as unknown as LambdaHttpEvent);
    if (answer.statusCode !== 200) throw new Error(`webhook answered ${answer.statusCode}`);
  }

  const invocations: { wallMs: number; cpuMs: number }[] = [];
  // One invocation at a time: each container is its own process in Lambda, so an invocation's wall time must
  // not hold another container's work (they share this one thread here).
  let turn: Promise<unknown> = Promise.resolve();
  const handlers = Array.from({ length: 4 }, () => {
    const { pipeline, announcer } = container();
    const handler = createSqsHandler({ pipelines: [pipeline], announcer });
    return (event: Parameters<typeof handler>[0]) => {
      const run = turn.then(async () => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        try {
          return await handler(event);
        } finally {
          const used = process.cpuUsage(cpu);
          invocations.push({ wallMs: Math.ceil(performance.now() - started), cpuMs: (used.user + used.system) / 1000 });
        }
      });
      turn = run.catch(() => undefined);
      return run;
    };
  });
  await sqs.drive('jobs', handlers, { batchSize: 5, advance: (to) => (now = to) });
  const stats = await store.stats();
  await store.close();
  await sqs.close();
  rmSync(dir, { recursive: true, force: true });

  const billedS = invocations.reduce((sum, invocation) => sum + invocation.wallMs, 0) / 1000;
  const cpuS = invocations.reduce((sum, invocation) => sum + invocation.cpuMs, 0) / 1000;
  const makespanS = (now - T0) / 1000;
  const figures = {
    calls,
    invocations: invocations.length,
    billed_s: Number(billedS.toFixed(2)),
    cpu_s: Number(cpuS.toFixed(2)),
    billed_to_cpu: Number((billedS / cpuS).toFixed(2)),
    longest_invocation_s: Number((Math.max(...invocations.map((invocation) => invocation.wallMs)) / 1000).toFixed(3)),
    virtual_makespan_s: makespanS,
    ideal_s: idealMs(calls) / 1000,
    dead: stats.byStatus.dead,
    duplicates: ids.filter((id) => (posts.get(id) ?? 0) > 1).length,
    missing: ids.filter((id) => !posts.has(id)).length,
    dead_letters: sqs.messages('jobs-dlq').length,
  };
  log(`burst_sqs details: ${JSON.stringify(figures)}`);
  return { ...figures, figure: `${calls} calls, ${invocations.length} invocations: billed ${figures.billed_s} s vs CPU ${figures.cpu_s} s (×${figures.billed_to_cpu}); longest ${figures.longest_invocation_s} s; virtual makespan ${makespanS} s (ideal ${figures.ideal_s} s); dead ${figures.dead}, duplicates ${figures.duplicates}, missing ${figures.missing}` };
}

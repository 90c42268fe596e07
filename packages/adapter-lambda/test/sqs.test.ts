import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  announceJobs,
  createCallPipeline,
  createPipeline,
  createWorker,
  notReady,
  type ChatMessage,
  type JobStore,
  type RecordingSource,
  type Transcriber,
} from '@callwire/core';
import { createMemoryStore, lambdaEvent } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';
import {
  createLambdaHandler,
  createScheduledHandler,
  createSqsHandler,
  SqsAnnounceError,
  sqsAnnouncer,
  type LambdaHttpEvent,
} from '@callwire/adapter-lambda';
import { createFakeSqs, sqsMaxPayloadBytes, type FakeSqs } from '@callwire/adapter-lambda/testing';
import { testCallsPipeline } from '../../core/test/http/test-pipelines.js';

const T0 = 1_800_000_000_000;
const dir = mkdtempSync(join(tmpdir(), 'callwire-lambda-sqs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let now = T0;
const clock = () => now;
let sqs: FakeSqs;
let queueUrl: string;
beforeEach(async () => {
  now = T0;
  sqs = await createFakeSqs({ clock });
  sqs.createQueue('jobs-dlq');
  queueUrl = sqs.createQueue('jobs', { visibilityTimeoutSeconds: 5_400, redrive: { deadLetterQueue: 'jobs-dlq', maxReceiveCount: 5 } });
});
afterEach(() => sqs.close());

const announcerFor = () => sqsAnnouncer({ queueUrl, clientConfig: sqs.clientConfig, clock });
const client = () => new SQSClient({ ...sqs.clientConfig, maxAttempts: 1 });
const bodies = () => sqs.messages('jobs').map((message) => [JSON.parse(message.body).jobId as string, message.delaySeconds]);
/** A Zapier delivery as existing zaps send it (the example's fixture). */
const zapierCall = {
  from_number: '+919876543210',
  to_number: '09631084471',
  duration: 187,
  recording_url: 'https://recordings.exotel.com/exotelrecordings/acme1/call.mp3',
  timestamp: '2026-11-20T09:42:17Z',
  status: 'completed',
  agent_name: 'Asha Verma',
  department: 'Customer Success',
};
const zapier = (callId: string) =>
  lambdaEvent('v2', {
    method: 'POST',
    path: '/webhook/zapier',
    headers: [['content-type', 'application/json']],
    body: new TextEncoder().encode(JSON.stringify({ ...zapierCall, call_id: callId })) as Uint8Array<ArrayBuffer>,
  }) as LambdaHttpEvent;

describe('the fake SQS, through the real @aws-sdk/client-sqs', () => {
  it('accepts a signed SendMessageBatch and answers each entry with the MD5 of its body (the SDK checks it)', async () => {
    const sent = await client().send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: '{"jobId":"1"}' }, { Id: 'b-2_x', MessageBody: 'ünïcode', DelaySeconds: 900 }] }),
    );
    expect(sent.Successful?.map((entry) => entry.Id)).toEqual(['a', 'b-2_x']);
    expect(sent.Failed ?? []).toEqual([]);
    expect(sqs.messages('jobs').map((m) => [m.body, m.delaySeconds, m.visibleAt - T0])).toEqual([['{"jobId":"1"}', 0, 0], ['ünïcode', 900, 900_000]]);
    const single = await client().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'one' }));
    expect(single.MD5OfMessageBody).toBe('f97c5d29941bfb1b2fdab0874906ab82');
    expect(sqs.requests.map((r) => [r.operation, r.status])).toEqual([['SendMessageBatch', 200], ['SendMessage', 200]]);
  });

  it("enforces SendMessageBatch's rules with SQS's error shapes", async () => {
    const entries = (n: number, body = 'x') => Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: body }));
    const refused = async (input: ConstructorParameters<typeof SendMessageBatchCommand>[0]) => {
      const error = (await client().send(new SendMessageBatchCommand(input)).catch((e: unknown) => e)) as { name: string; $metadata: { httpStatusCode: number } };
      return [error.name, error.$metadata.httpStatusCode];
    };
    expect(await refused({ QueueUrl: queueUrl, Entries: entries(11) })).toEqual(['TooManyEntriesInBatchRequest', 400]);
    expect(await refused({ QueueUrl: queueUrl, Entries: [] })).toEqual(['EmptyBatchRequest', 400]);
    expect(await refused({ QueueUrl: queueUrl, Entries: [{ Id: 'same', MessageBody: 'a' }, { Id: 'same', MessageBody: 'b' }] })).toEqual(['BatchEntryIdsNotDistinct', 400]);
    expect(await refused({ QueueUrl: queueUrl, Entries: [{ Id: 'no spaces', MessageBody: 'a' }] })).toEqual(['InvalidBatchEntryId', 400]);
    expect(await refused({ QueueUrl: queueUrl, Entries: [{ Id: 'x'.repeat(81), MessageBody: 'a' }] })).toEqual(['InvalidBatchEntryId', 400]);
    const big = 'x'.repeat(sqsMaxPayloadBytes / 2);
    expect(await refused({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: big }, { Id: 'b', MessageBody: `${big}!` }] })).toEqual(['BatchRequestTooLong', 400]);
    expect(await refused({ QueueUrl: `${sqs.endpoint}/000000000000/nope`, Entries: entries(1) })).toEqual(['QueueDoesNotExist', 400]);
    expect(sqs.messages('jobs')).toHaveLength(0);

    // A DelaySeconds out of 0–900 fails its own entry only.
    const mixed = await client().send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'ok', MessageBody: 'a', DelaySeconds: 900 }, { Id: 'late', MessageBody: 'b', DelaySeconds: 901 }] }),
    );
    expect(mixed.Successful?.map((entry) => entry.Id)).toEqual(['ok']);
    expect(mixed.Failed).toEqual([{ Id: 'late', SenderFault: true, Code: 'InvalidParameterValue', Message: expect.stringContaining('DelaySeconds must be >= 0 and <= 900') }]);
    // The exactly-1-MiB batch is accepted.
    await client().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: big }, { Id: 'b', MessageBody: big }] }));
    expect(sqs.messages('jobs')).toHaveLength(3);
  });

  it('refuses unsigned or wrongly signed requests, as SQS does', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${sqs.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage', ...headers },
        body: JSON.stringify({ QueueUrl: queueUrl, MessageBody: 'x' }),
      });
    const unsigned = await post({});
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-query-error')).toBe('MissingAuthenticationToken;Sender');
    const signature = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20300101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;
    const wrongService = await post({ authorization: signature, 'x-amz-date': '20300101T000000Z' });
    expect(wrongService.status).toBe(400);
    expect(await wrongService.json()).toMatchObject({ __type: 'com.amazonaws.sqs#IncompleteSignature', message: expect.stringContaining('"s3"') });
    expect(sqs.messages('jobs')).toHaveLength(0);
  });
});

describe('sqsAnnouncer', () => {
  it('sends { jobId } in batches of at most 10, delayed until due; jobs due after 15 minutes are not sent', async () => {
    const announcer = announcerFor();
    const jobs = Array.from({ length: 23 }, (_, i) => ({ jobId: `job-${i}`, pipeline: 'calls', at: T0 + i * 1_000 - 500 }));
    await announcer.announce([...jobs, { jobId: 'far', pipeline: 'calls', at: T0 + 900_001 }, { jobId: 'edge', pipeline: 'calls', at: T0 + 900_000 }, { jobId: 'now', pipeline: 'calls' }]);
    expect(sqs.requests.map((r) => r.entries).sort()).toEqual([10, 10, 5]);
    expect(bodies()).toEqual(expect.arrayContaining([['job-0', 0], ['job-1', 1], ['job-22', 22], ['edge', 900], ['now', 0]]));
    expect(bodies().map(([jobId]) => jobId)).not.toContain('far');
    expect(sqs.messages('jobs')).toHaveLength(25);
  });

  it('retries entries SQS failed once, then rejects with the jobs that failed twice', async () => {
    const announcer = announcerFor();
    sqs.failNextEntries(2);
    await announcer.announce([1, 2, 3].map((n) => ({ jobId: `j${n}`, pipeline: 'calls' })));
    expect(sqs.requests.map((r) => r.entries)).toEqual([3, 2]);
    expect(bodies().map(([jobId]) => jobId).sort()).toEqual(['j1', 'j2', 'j3']);

    sqs.failNextEntries(3, 'KmsThrottled');
    const error = await announcer.announce([4, 5].map((n) => ({ jobId: `j${n}`, pipeline: 'calls' }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqsAnnounceError);
    // Both fail, both are sent again; the first fails again.
    expect((error as SqsAnnounceError).failed).toEqual([{ jobId: 'j4', code: 'KmsThrottled', message: expect.any(String) }]);
    expect(bodies().map(([jobId]) => jobId)).toContain('j5');
  });

  it('rejects with every job of a batch SQS refused as a whole', async () => {
    const announcer = sqsAnnouncer({ queueUrl: `${sqs.endpoint}/000000000000/missing`, client: client(), clock });
    const error = (await announcer.announce([{ jobId: 'x', pipeline: 'calls' }]).catch((e: unknown) => e)) as SqsAnnounceError;
    expect(error.failed).toEqual([{ jobId: 'x', code: 'QueueDoesNotExist', message: 'The specified queue does not exist.' }]);
  });

  it('validates its options, naming them', () => {
    expect(() => sqsAnnouncer({ queueUrl: 'jobs' })).toThrow(/queueUrl/);
    expect(() => sqsAnnouncer({ queueUrl: 'ftp://sqs.example/1/q' })).toThrow(/queueUrl/);
    expect(() => sqsAnnouncer({ queueUrl, client: {} as never })).toThrow(/client/);
    expect(() => sqsAnnouncer({ queueUrl, client: client(), clientConfig: {} })).toThrow(/option `client` and `clientConfig` cannot both be set/);
    expect(() => sqsAnnouncer({ queueUrl, clock: 5 as never })).toThrow(/clock/);
  });
});

describe('Lambda never sleeps', () => {
  it('the webhook function announces the accepted job (DelaySeconds 0) before it answers; a duplicate is not announced', async () => {
    const store = createMemoryStore();
    const webhook = createLambdaHandler({ pipelines: [testCallsPipeline(store)], announcer: announcerFor() });
    const result = await webhook(zapier('call-1'));
    expect(result.statusCode).toBe(200);
    const job = await store.getByKey('calls', 'call-1');
    expect(bodies()).toEqual([[job!.id, 0]]); // sent before the answer: the function may be frozen after it
    await webhook(zapier('call-1'));
    expect(sqs.messages('jobs')).toHaveLength(1);
  });

  it('an invocation ends when its job parks; the job is announced again for its due time and runs then', async () => {
    const store = createMemoryStore();
    let published = T0 + 300_000;
    const effects: string[] = [];
    const pipeline = createPipeline<{ n: number }>({
      name: 'recordings',
      store,
      clock,
      async run(input, { step }) {
        await step('fetch', () => {
          if (now < published) throw notReady(120_000, { deadlineMs: 900_000, reason: 'not published' });
        });
        await step('post', () => void effects.push(`posted ${input.n}`));
      },
    });
    const announcer = announcerFor();
    const handler = createSqsHandler({ pipelines: [pipeline], announcer });
    const { job } = await pipeline.enqueue('r1', { n: 1 });
    await announceJobs([pipeline], announcer).flush(); // the handler's subscription: the new job is announced
    expect(bodies()).toEqual([[job.id, 0]]);

    const first = await sqs.invoke('jobs', handler, { batchSize: 5 });
    expect(first?.result).toEqual({ batchItemFailures: [] });
    expect(await store.get(job.id)).toMatchObject({ status: 'waiting', runAt: T0 + 120_000, attempts: 0 });
    expect(bodies()).toEqual([[job.id, 120]]);

    // Delivered early (skew): not a failure, and put back for its due time.
    now += 118_000;
    sqs.messages('jobs')[0]!.visibleAt = now;
    expect((await sqs.invoke('jobs', handler))?.result).toEqual({ batchItemFailures: [] });
    expect(bodies()).toEqual([[job.id, 2]]);

    published = T0;
    const runs = await sqs.drive('jobs', [handler], { batchSize: 5, advance: (to) => (now = to) });
    expect(runs).toHaveLength(1);
    expect(now).toBe(T0 + 120_000);
    expect(effects).toEqual(['posted 1']);
    expect((await store.get(job.id))?.status).toBe('succeeded');
    expect(sqs.messages('jobs')).toHaveLength(0);
  });

  it('does not run a job that is not due: a waiting one is no failure, a queued one is delivered again', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ name: 'later', store, clock, run: async (_input, { sleep }) => sleep('nap', 3_600_000) });
    const handler = createSqsHandler({ pipelines: [pipeline], announcer: announcerFor() });
    const napping = await pipeline.enqueue('nap', {});
    expect(await createWorker({ pipelines: [pipeline] }).run(napping.job.id)).toBe('parked');
    const queued = await pipeline.enqueue('queued', {}, { runAt: T0 + 60_000 });
    const result = await handler({ Records: [{ messageId: 'm-nap', body: JSON.stringify({ jobId: napping.job.id }) }, { messageId: 'm-queued', body: JSON.stringify({ jobId: queued.job.id }) }] });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-queued' }] });
    expect(await store.get(napping.job.id)).toMatchObject({ status: 'waiting', runAt: T0 + 3_600_000 });
    expect(await store.get(queued.job.id)).toMatchObject({ status: 'queued', attempts: 0 });
    // The queued job was announced for its runAt; the napping one is an hour away: not sent (the scheduled function wakes it).
    expect(bodies()).toEqual([[queued.job.id, 60]]);
  });

  it('a wait over 15 minutes is not sent to SQS; the scheduled function runs it once due', async () => {
    const store = createMemoryStore();
    const effects: string[] = [];
    const pipeline = createPipeline({
      name: 'long',
      store,
      clock,
      async run(_input, { step, sleep }) {
        await sleep('half-hour', 30 * 60_000);
        await step('remind', () => void effects.push('reminded'));
      },
    });
    const announcer = announcerFor();
    const handler = createSqsHandler({ pipelines: [pipeline], announcer });
    const scheduled = createScheduledHandler({ pipelines: [pipeline], announcer });
    const { job } = await pipeline.enqueue('k', {});
    await handler({ Records: [{ messageId: 'm', body: JSON.stringify({ jobId: job.id }) }] });
    expect(await store.get(job.id)).toMatchObject({ status: 'waiting', runAt: T0 + 1_800_000 });
    expect(sqs.messages('jobs')).toHaveLength(0);

    expect(await scheduled({}, { getRemainingTimeInMillis: () => 900_000 })).toMatchObject({ succeeded: 0 });
    now += 1_800_000;
    expect(await scheduled({}, { getRemainingTimeInMillis: () => 900_000 })).toMatchObject({ succeeded: 1 });
    expect(effects).toEqual(['reminded']);
  });

  it('the scheduled function stops claiming when its time runs short and releases what it cannot finish, announced to SQS', async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline<{ slow: boolean }>({
      name: 'budget',
      store,
      clock,
      async run(input, { step, signal }) {
        await step('work', () => (input.slow ? new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })) : undefined));
      },
    });
    const slow = await pipeline.enqueue('slow', { slow: true });
    for (const key of ['a', 'b', 'c']) await pipeline.enqueue(key, { slow: false });
    const scheduled = createScheduledHandler({ pipelines: [pipeline], announcer: announcerFor(), marginMs: 100, worker: createWorker({ pipelines: [pipeline], concurrency: 1 }) });
    // 150 ms left, 100 ms margin: it claims for 50 ms; the slow job holds the only slot, then is released after 50 ms more.
    const result = await scheduled({}, { getRemainingTimeInMillis: () => 150 });
    expect(result).toMatchObject({ released: 1, succeeded: 0 });
    expect(await store.get(slow.job.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(bodies()).toEqual([[slow.job.id, 0]]);
    expect(() => createScheduledHandler({ pipelines: [pipeline], marginMs: -1 })).toThrow(/marginMs/);
  });

  it('a burst of 50 calls through the SQS handler (batch 5, 4 containers) with parking providers: 0 dead jobs, one post per call, no invocation waits', async () => {
    const recordingMs = 90_000; // Exotel publishes the recording 90 s after the call
    const transcriptMs = 150_000; // the transcript takes 150 s
    const submitted = new Map<string, number>();
    const posts = new Map<string, number>();
    const recordings: RecordingSource = {
      async open(ref) {
        if (now < T0 + recordingMs) throw notReady(30_000, { deadlineMs: 15 * 60_000, reason: `recording of ${ref.callId} not published` });
        return { stream: new ReadableStream({ start: (c) => c.close() }) };
      },
    };
    const transcriber: Transcriber = {
      async submit() {
        const id = `t-${submitted.size}`;
        submitted.set(id, now);
        return { id, channels: 1 };
      },
      wait: () => Promise.reject(new Error('polled in-process')),
      async check(handle) {
        if (now < submitted.get(handle.id)! + transcriptMs) throw notReady(20_000, { deadlineMs: 30 * 60_000, reason: 'transcript processing' });
        return { id: handle.id, text: 'Hello.', utterances: [{ speaker: 'A', text: 'Hello.' }], channels: 1 };
      },
    };
    const notifier = {
      async post(message: ChatMessage) {
        const callId = message.minutes.callId;
        posts.set(callId, (posts.get(callId) ?? 0) + 1);
        return { parts: 1 };
      },
    };
    const store: JobStore = createSqliteStore({ filename: join(dir, 'burst.db') });
    /** One Lambda container: its own pipelines, worker and announcer, over the shared store and providers. */
    const container = () => {
      const calls = createCallPipeline({ store, recordings, transcriber, notifier, clock, supportNumbers: ['09631084471'] });
      return { calls, announcer: announcerFor() };
    };
    const web = container();
    const webhook = createLambdaHandler({ pipelines: [web.calls], announcer: web.announcer });
    const callIds = Array.from({ length: 50 }, (_, i) => `burst-${String(i).padStart(2, '0')}`);
    const answers = await Promise.all(callIds.map((id) => webhook(zapier(id))));
    expect(answers.map((answer) => answer.statusCode)).toEqual(callIds.map(() => 200));
    expect(sqs.messages('jobs').map((m) => m.delaySeconds)).toEqual(callIds.map(() => 0));

    const handlers = Array.from({ length: 4 }, () => {
      const { calls, announcer } = container();
      const handler = createSqsHandler({ pipelines: [calls], announcer });
      // Each invocation returns while its jobs are parked or finished: none is running when it ends.
      return async (event: Parameters<typeof handler>[0]) => {
        const result = await handler(event);
        for (const record of event.Records) {
          const job = await store.get(JSON.parse(record.body).jobId);
          expect(job?.status === 'succeeded' || (job?.status === 'waiting' && job.runAt > now), `${job?.key} is ${job?.status}`).toBe(true);
        }
        return result;
      };
    });
    const invocations = await sqs.drive('jobs', handlers, { batchSize: 5, advance: (to) => (now = to) });

    const stats = await store.stats();
    expect(stats.byStatus).toMatchObject({ succeeded: 50, dead: 0, failed: 0, waiting: 0, queued: 0, running: 0 });
    expect(callIds.map((id) => posts.get(id))).toEqual(callIds.map(() => 1));
    expect(sqs.messages('jobs')).toHaveLength(0);
    expect(sqs.messages('jobs-dlq')).toHaveLength(0);
    expect(invocations.every((invocation) => invocation.event.Records.length <= 5)).toBe(true);
    expect(new Set(invocations.map((invocation) => invocation.container)).size).toBe(4);
    expect(invocations.flatMap((invocation) => ('batchItemFailures' in (invocation.result ?? {}) ? (invocation.result as { batchItemFailures: unknown[] }).batchItemFailures : ['threw']))).toEqual([]);
    // Every call waited for its recording and its transcript by parking, never inside an invocation.
    expect(now).toBeGreaterThanOrEqual(T0 + recordingMs + transcriptMs);
    expect(invocations.length).toBeGreaterThan(50 / 5);
    await store.close();
  });
});

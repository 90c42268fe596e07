import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqsAnnouncer, type LambdaHttpEvent } from '@callwire/adapter-lambda';
import { createFakeSqs, type FakeSqs } from '@callwire/adapter-lambda/testing';
import { createSandbox, slackMessageText, type Sandbox } from '@callwire/core/testing';
import { createPostgresStore } from '@callwire/store-postgres';
import { createFunctions } from '../src/functions.js';

/** The sample events in `events/` (AWS's documented shapes; usable with `sam local invoke -e`). */
const event = <T>(name: string): T => JSON.parse(readFileSync(join(import.meta.dirname, '../events', name), 'utf8')) as T;
const url = inject('databaseUrl');
const schema = `cw_example_lambda_${randomBytes(4).toString('hex')}`;

describe('examples/lambda: webhook, SQS and scheduled handlers on PostgreSQL', () => {
  let sandbox: Sandbox;
  let functions: ReturnType<typeof createFunctions>;
  /** The queue the SQS function reads, on a clock that `advance` moves ahead of real time (SQS delays are whole seconds). */
  let queue: FakeSqs;
  let skew = 0;
  const announced: string[] = [];
  const store = createPostgresStore({ connectionString: url, schema, maxConnections: 4 });
  beforeAll(async () => {
    sandbox = await createSandbox();
    queue = await createFakeSqs({ clock: () => Date.now() + skew, region: 'ap-south-1' });
    const queueUrl = queue.createQueue('callwire-jobs', { visibilityTimeoutSeconds: 5_400 });
    functions = createFunctions({
      store,
      providers: sandbox,
      supportNumbers: ['09631084471'],
      announcer: sqsAnnouncer({ queueUrl, clientConfig: queue.clientConfig }),
    });
  });
  /** The job ids the webhook sent to the queue, in order. */
  const sent = () => queue.messages('callwire-jobs').map((message) => (JSON.parse(message.body) as { jobId: string }).jobId);
  afterAll(async () => {
    await store.close();
    await sandbox.close();
    await queue.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('stores the Zapier call from an HTTP API (v2) event, answers 200, and announces the job', async () => {
    const result = await functions.webhook(event<LambdaHttpEvent>('api-gateway-v2-zapier.json'));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ success: true, call_id: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90' });
    announced.push(...sent()); // in the queue before the function answered
    expect(announced).toHaveLength(1);
    expect(queue.messages('callwire-jobs')[0]?.delaySeconds).toBe(0);
    const job = await store.getByKey('calls', 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90');
    expect(job?.status).toBe('queued');
    expect(sandbox.fakes.slack.messages).toHaveLength(0); // nothing runs inside the webhook function

    const again = await functions.webhook(event<LambdaHttpEvent>('api-gateway-v2-zapier.json'));
    expect(JSON.parse(again.body ?? '').message).toMatch(/duplicate/i);
    expect(sent()).toEqual(announced);
  });

  it('runs the announced job from an SQS event and reports no batch item failure', async () => {
    const sqs = event<{ Records: { messageId: string; body: string }[] }>('sqs-job.json');
    sqs.Records[0]!.body = JSON.stringify({ jobId: announced[0] });
    expect(await functions.sqs(sqs)).toEqual({ batchItemFailures: [] });
    // That invocation ended when the job parked (the transcript was not ready yet) and announced it for when it is
    // due: SQS delivers those messages (and the webhook's) then, and each invocation settles its batch.
    const invocations = await queue.drive('callwire-jobs', [functions.sqs], { batchSize: 5, advance: (to) => (skew += to - (Date.now() + skew)) });
    for (const invocation of invocations) expect(invocation.result).toEqual({ batchItemFailures: [] });
    expect((await store.getByKey('calls', 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90'))?.status).toBe('succeeded');
    expect(sandbox.fakes.slack.messages).toHaveLength(1);
    expect(slackMessageText(sandbox.fakes.slack.messages[0]!)).toContain('• Call ID: `c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90`');
  });

  it('reports an SQS message whose job is unknown as a batch item failure', async () => {
    const sqs = event<{ Records: { messageId: string; body: string }[] }>('sqs-job.json');
    expect(await functions.sqs(sqs)).toEqual({ batchItemFailures: [{ itemIdentifier: sqs.Records[0]!.messageId }] });
  });

  it('stores an Exotel StatusCallback from a REST API (v1) event with a base64 form body; the scheduled run finishes it', async () => {
    const result = await functions.webhook(event<LambdaHttpEvent>('api-gateway-v1-exotel.json'));
    expect(result.statusCode).toBe(200);
    expect((await store.getByKey('calls', 'e1d2c3b4a5f60718293a4b5c6d7e8f90'))?.status).toBe('queued');
    let drained = await functions.scheduled(event('scheduled.json'));
    // A run ends when the job parks (its transcript is still processing); the run after it is due finishes it.
    for (let waiting = await store.getByKey('calls', 'e1d2c3b4a5f60718293a4b5c6d7e8f90'); waiting?.status === 'waiting'; waiting = await store.getByKey('calls', 'e1d2c3b4a5f60718293a4b5c6d7e8f90')) {
      expect(drained).toMatchObject({ succeeded: 0, dead: 0 });
      expect(drained.parked).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, waiting.runAt - Date.now())));
      drained = await functions.scheduled(event('scheduled.json'));
    }
    expect(drained.succeeded).toBe(1);
    expect((await store.getByKey('calls', 'e1d2c3b4a5f60718293a4b5c6d7e8f90'))?.status).toBe('succeeded');
    expect(sandbox.fakes.slack.messages).toHaveLength(2);
    expect(slackMessageText(sandbox.fakes.slack.messages[1]!)).toContain('• Direction: outgoing');
  });
});

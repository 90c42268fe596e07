/**
 * @callwire/adapter-lambda/testing — a local Amazon SQS for tests, demos and benchmarks: it speaks the
 * JSON protocol `@aws-sdk/client-sqs` v3 sends (so the real SDK runs against it), and it is the Lambda
 * event source too: it hands out due messages as `SQSEvent` batches, honours the function's partial
 * batch response, the visibility timeout and a dead-letter queue. Time is injectable (`clock`).
 *
 * Each rule cites its source:
 * - [SendMessageBatch]: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
 * - [SendMessageBatchRequestEntry]: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatchRequestEntry.html
 * - [SendMessage]: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 * - [JSON responses]: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html
 * - [1 MiB]: https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb
 * - [SigV4]: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * - [Lambda SQS]: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (event shape) and
 *   https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html (partial batch responses)
 * - [DLQ]: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 * - [SDK]: `@aws-sdk/middleware-sdk-sqs` checks `MD5OfMessageBody` of every successful entry against the body it sent.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SqsBatchResult, SqsEventLike } from './workers.js';

/** [SendMessageBatch] "send up to 10 messages"; `TooManyEntriesInBatchRequest` beyond. */
const maxBatchEntries = 10;
/**
 * [SendMessageBatch] and [1 MiB]: the largest message and the largest total payload of a batch are both
 * 1 MiB (1,048,576 bytes) since AWS raised them from 256 KiB in 2025.
 */
export const sqsMaxPayloadBytes = 1_048_576;
/** [SendMessageBatchRequestEntry] `Id`: up to 80 alphanumeric characters, hyphens and underscores. */
const batchEntryId = /^[A-Za-z0-9_-]{1,80}$/;
/** [SendMessageBatchRequestEntry] `DelaySeconds`: valid values 0 to 900 (15 minutes). */
const maxDelaySeconds = 900;
/** [SigV4] `Authorization: AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=<64 hex>`. */
const sigV4 = /^AWS4-HMAC-SHA256 Credential=[A-Za-z0-9]+\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;

/** A message as the fake keeps it. */
export interface FakeSqsMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  /** The `DelaySeconds` it was sent with. */
  delaySeconds: number;
  /** Epoch ms, on the fake's clock. */
  sentAt: number;
  /** Epoch ms when it is (again) visible to the event source. */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
}

/** Options of {@link FakeSqs.createQueue}. */
export interface FakeQueueOptions {
  /** Seconds a received message stays invisible (default 30, as SQS). */
  visibilityTimeoutSeconds?: number | undefined;
  /** [DLQ] `RedrivePolicy`: a message received `maxReceiveCount` times moves to the dead-letter queue when it is due again. */
  redrive?: {
    /** The queue that receives a message after too many receives. */
    deadLetterQueue: string;
    /** Receives of one message before it moves to the dead-letter queue (SQS `maxReceiveCount`). */
    maxReceiveCount: number;
  } | undefined;
}

/** One Lambda invocation the fake event source made. */
export interface FakeInvocation {
  /** Which of the handlers (containers) ran it. */
  container: number;
  event: SqsEventLike & { Records: FakeSqsRecord[] };
  /** The function's answer, or the error it threw. */
  result: SqsBatchResult | undefined | { error: unknown };
  /** The clock when the batch was received and when the function returned. */
  receivedAt: number;
  returnedAt: number;
}

/** An `SQSRecord` as Lambda delivers it. */
export interface FakeSqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount: string; SentTimestamp: string; SenderId: string; ApproximateFirstReceiveTimestamp: string };
  messageAttributes: Record<string, never>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/** Options of {@link createFakeSqs}. */
export interface FakeSqsOptions {
  /** Epoch-ms clock for delays and visibility (default `Date.now`); move it forward in tests. */
  clock?: (() => number) | undefined;
  /** Default `us-east-1`. */
  region?: string | undefined;
}

/** What the real `SQSClient` needs to talk to the fake: pass it as `clientConfig` to `sqsAnnouncer()`. */
export type FakeSqsClientConfig = {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};

/** A running fake SQS. See {@link createFakeSqs}. */
export interface FakeSqs {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly clientConfig: FakeSqsClientConfig;
  /** Creates a queue (idempotent) and returns its URL. */
  createQueue(name: string, options?: FakeQueueOptions): string;
  queueUrl(name: string): string;
  /** The queue's messages (visible, delayed and in flight), oldest first. */
  messages(queue: string): readonly FakeSqsMessage[];
  /** Every request the fake answered: its `X-Amz-Target` operation and HTTP status. */
  readonly requests: ReadonlyArray<{ operation: string; status: number; entries?: number }>;
  /** The next `count` batch entries fail (`Failed[]`, not sender's fault) with `code`; for testing retries. */
  failNextEntries(count: number, code?: string): void;
  /** When the next message of the queue becomes visible (epoch ms), or `undefined` when it is empty. */
  nextVisibleAt(queue: string): number | undefined;
  /**
   * The event source: receives up to `batchSize` visible messages (moving those past `maxReceiveCount` to the
   * dead-letter queue first), invokes `handler` with them as an `SQSEvent`, and settles the batch as Lambda does
   * with `ReportBatchItemFailures`: messages not reported failed are deleted; failed ones, or all of them when the
   * function throws or reports an unknown id, become visible again after the visibility timeout. `undefined` when
   * nothing is visible.
   */
  invoke(queue: string, handler: (event: SqsEventLike) => Promise<SqsBatchResult | undefined | void>, options?: { batchSize?: number; container?: number }): Promise<FakeInvocation | undefined>;
  /**
   * Runs the event source until the queue is empty: up to one invocation at a time per handler (a Lambda
   * container handles one batch at a time), batches delivered concurrently. When nothing is visible and no
   * invocation runs, it calls `advance(nextVisibleAt)` (move your clock there) — so time only moves while every
   * invocation has returned: an invocation that waited for time would never return. Resolves every invocation.
   */
  drive(
    queue: string,
    handlers: ReadonlyArray<(event: SqsEventLike) => Promise<SqsBatchResult | undefined | void>>,
    options: { batchSize?: number; advance: (to: number) => void; maxInvocations?: number },
  ): Promise<FakeInvocation[]>;
  close(): Promise<void>;
}

interface Queue {
  name: string;
  visibilityTimeoutSeconds: number;
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
  messages: FakeSqsMessage[];
}

class SqsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly queryError: string,
    message: string,
  ) {
    super(message);
  }
}

/** [JSON responses]: `__type` in the body, `x-amzn-query-error: <code>;Sender` in the headers. */
const errors = {
  queueDoesNotExist: () => new SqsError(400, 'com.amazonaws.sqs#QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue;Sender', 'The specified queue does not exist.'),
  tooManyEntries: (n: number) =>
    new SqsError(400, 'com.amazonaws.sqs#TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest;Sender', `Maximum number of entries per request are ${maxBatchEntries}. You have sent ${n}.`),
  emptyBatch: () => new SqsError(400, 'com.amazonaws.sqs#EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest;Sender', 'There should be at least one SendMessageBatchRequestEntry in the request.'),
  idsNotDistinct: (id: string) => new SqsError(400, 'com.amazonaws.sqs#BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct;Sender', `Id ${id} repeated.`),
  invalidId: (id: string) =>
    new SqsError(400, 'com.amazonaws.sqs#InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId;Sender', `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long. (${id})`),
  tooLong: (bytes: number) =>
    new SqsError(400, 'com.amazonaws.sqs#BatchRequestTooLong', 'AWS.SimpleQueueService.BatchRequestTooLong;Sender', `Batch requests cannot be longer than ${sqsMaxPayloadBytes} bytes. You have sent ${bytes} bytes.`),
  invalidParameter: (message: string) => new SqsError(400, 'com.amazonaws.sqs#InvalidParameterValue', 'InvalidParameterValue;Sender', message),
  missingAuth: () => new SqsError(403, 'com.amazonaws.sqs#MissingAuthenticationToken', 'MissingAuthenticationToken;Sender', 'Request is missing Authentication Token'),
  badSignature: (why: string) => new SqsError(400, 'com.amazonaws.sqs#IncompleteSignature', 'IncompleteSignature;Sender', `The request signature does not conform to AWS standards: ${why}`),
  unknownOperation: (target: string) => new SqsError(400, 'com.amazonaws.sqs#UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation;Sender', `The fake does not implement ${target}.`),
  notJson: () => new SqsError(400, 'com.amazonaws.sqs#InvalidParameterValue', 'InvalidParameterValue;Sender', 'The request body is not JSON.'),
};

const md5 = (body: string) => createHash('md5').update(body, 'utf8').digest('hex');
const delayProblem = (delay: unknown) =>
  delay === undefined || (Number.isInteger(delay) && (delay as number) >= 0 && (delay as number) <= maxDelaySeconds)
    ? undefined
    : `Value ${String(delay)} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= ${maxDelaySeconds}.`;

/**
 * Starts a fake Amazon SQS on 127.0.0.1 (a random port). Point the real `@aws-sdk/client-sqs` at it with
 * {@link FakeSqs.clientConfig}, and drive `createSqsHandler()` with {@link FakeSqs.invoke} or {@link FakeSqs.drive}.
 *
 * @example
 * ```ts
 * import { createFakeSqs } from '@callwire/adapter-lambda/testing';
 * import { createSqsHandler, sqsAnnouncer } from '@callwire/adapter-lambda';
 *
 * let now = Date.now();
 * const sqs = await createFakeSqs({ clock: () => now });
 * const queueUrl = sqs.createQueue('jobs', { visibilityTimeoutSeconds: 5_400 });
 * const announcer = sqsAnnouncer({ queueUrl, clientConfig: sqs.clientConfig, clock: () => now });
 * await announcer.announce([{ jobId: 'job-1', pipeline: 'calls' }]);
 * await sqs.drive('jobs', [createSqsHandler({ pipelines, announcer })], { batchSize: 5, advance: (to) => (now = to) });
 * await sqs.close();
 * ```
 */
export async function createFakeSqs(options: FakeSqsOptions = {}): Promise<FakeSqs> {
  const clock = options.clock ?? Date.now;
  const region = options.region ?? 'us-east-1';
  const account = '000000000000';
  const queues = new Map<string, Queue>();
  const requests: Array<{ operation: string; status: number; entries?: number }> = [];
  let failures: { count: number; code: string } = { count: 0, code: 'InternalError' };
  let endpoint = '';

  const queueFromUrl = (url: unknown): Queue => {
    if (typeof url !== 'string') throw errors.queueDoesNotExist();
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      throw errors.queueDoesNotExist();
    }
    const [, owner, name] = path.split('/');
    const queue = owner === account && name ? queues.get(name) : undefined;
    if (!queue) throw errors.queueDoesNotExist();
    return queue;
  };
  const enqueue = (queue: Queue, body: string, delaySeconds: number): FakeSqsMessage => {
    const now = clock();
    const message: FakeSqsMessage = { messageId: randomUUID(), body, md5OfBody: md5(body), delaySeconds, sentAt: now, visibleAt: now + delaySeconds * 1_000, receiveCount: 0 };
    queue.messages.push(message);
    return message;
  };

  /** [SendMessageBatch]: request-wide rules fail the whole call; an entry's own problem fails only that entry. */
  const sendMessageBatch = (input: { QueueUrl?: unknown; Entries?: unknown }) => {
    const queue = queueFromUrl(input.QueueUrl);
    const entries = Array.isArray(input.Entries) ? (input.Entries as Array<{ Id?: unknown; MessageBody?: unknown; DelaySeconds?: unknown }>) : [];
    if (entries.length === 0) throw errors.emptyBatch();
    if (entries.length > maxBatchEntries) throw errors.tooManyEntries(entries.length);
    const seen = new Set<string>();
    for (const { Id } of entries) {
      if (typeof Id !== 'string' || !batchEntryId.test(Id)) throw errors.invalidId(String(Id));
      if (seen.has(Id)) throw errors.idsNotDistinct(Id);
      seen.add(Id);
    }
    const bytes = entries.reduce((sum, entry) => sum + Buffer.byteLength(String(entry.MessageBody ?? ''), 'utf8'), 0);
    if (bytes > sqsMaxPayloadBytes) throw errors.tooLong(bytes);
    const Successful: Array<{ Id: string; MessageId: string; MD5OfMessageBody: string }> = [];
    const Failed: Array<{ Id: string; SenderFault: boolean; Code: string; Message: string }> = [];
    for (const entry of entries) {
      const Id = entry.Id as string;
      // An invalid DelaySeconds fails its entry with InvalidParameterValue (as SQS answers; see aws/aws-sdk-ruby#265).
      const problem = typeof entry.MessageBody !== 'string' || entry.MessageBody === '' ? 'The request must contain the parameter MessageBody.' : delayProblem(entry.DelaySeconds);
      if (problem) Failed.push({ Id, SenderFault: true, Code: typeof entry.MessageBody === 'string' && entry.MessageBody !== '' ? 'InvalidParameterValue' : 'MissingParameter', Message: problem });
      else if (failures.count > 0) {
        failures.count -= 1;
        Failed.push({ Id, SenderFault: false, Code: failures.code, Message: 'We encountered an internal error. Please try again.' });
      } else {
        const message = enqueue(queue, entry.MessageBody as string, (entry.DelaySeconds as number | undefined) ?? 0);
        Successful.push({ Id, MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody });
      }
    }
    return { Successful, Failed };
  };

  /** [SendMessage]: one message; an invalid delay or body fails the call. */
  const sendMessage = (input: { QueueUrl?: unknown; MessageBody?: unknown; DelaySeconds?: unknown }) => {
    const queue = queueFromUrl(input.QueueUrl);
    if (typeof input.MessageBody !== 'string' || input.MessageBody === '') throw errors.invalidParameter('The request must contain the parameter MessageBody.');
    if (Buffer.byteLength(input.MessageBody, 'utf8') > sqsMaxPayloadBytes) {
      throw errors.invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${sqsMaxPayloadBytes} bytes.`);
    }
    const problem = delayProblem(input.DelaySeconds);
    if (problem) throw errors.invalidParameter(problem);
    const message = enqueue(queue, input.MessageBody, (input.DelaySeconds as number | undefined) ?? 0);
    return { MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody };
  };

  /** [SigV4]: the SDK signs every request; a missing or malformed `Authorization` is refused. */
  const checkSignature = (req: IncomingMessage) => {
    const authorization = req.headers.authorization;
    if (!authorization) throw errors.missingAuth();
    const match = sigV4.exec(authorization);
    if (!match) throw errors.badSignature('malformed Authorization header');
    const [, date, signedRegion, service, signedHeaders] = match;
    if (service !== 'sqs') throw errors.badSignature(`credential scope names service "${service}", not "sqs"`);
    if (signedRegion !== region) throw errors.badSignature(`credential scope names region "${signedRegion}", not "${region}"`);
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) throw errors.badSignature('X-Amz-Date is missing or differs from the credential date');
    const signed = signedHeaders!.split(';');
    if (!signed.includes('host') || !signed.includes('x-amz-date')) throw errors.badSignature('host and x-amz-date must be signed');
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AmazonSQS\./, '');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID(), 'content-length': Buffer.byteLength(text), ...headers });
      res.end(text);
    };
    let entries: number | undefined;
    try {
      // [JSON responses]: the JSON protocol is POST / with X-Amz-Target and application/x-amz-json-1.0.
      if (req.method !== 'POST' || req.url !== '/') throw errors.unknownOperation(`${req.method} ${req.url}`);
      if (!/^application\/x-amz-json-1\.0\b/.test(String(req.headers['content-type'] ?? ''))) throw errors.notJson();
      checkSignature(req);
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        throw errors.notJson();
      }
      if (Array.isArray(input.Entries)) entries = input.Entries.length;
      const output = target === 'AmazonSQS.SendMessageBatch' ? sendMessageBatch(input) : target === 'AmazonSQS.SendMessage' ? sendMessage(input) : undefined;
      if (!output) throw errors.unknownOperation(target || '(no X-Amz-Target)');
      requests.push({ operation, status: 200, ...(entries === undefined ? {} : { entries }) });
      answer(200, output);
    } catch (error) {
      const failure = error instanceof SqsError ? error : new SqsError(500, 'com.amazonaws.sqs#InternalError', 'InternalError;Receiver', String(error));
      requests.push({ operation, status: failure.status, ...(entries === undefined ? {} : { entries }) });
      answer(failure.status, { __type: failure.type, message: failure.message }, { 'x-amzn-query-error': failure.queryError });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const queue = (name: string) => {
    const found = queues.get(name);
    if (!found) throw new Error(`The fake SQS has no queue "${name}"; createQueue() it first.`);
    return found;
  };
  const arn = (name: string) => `arn:aws:sqs:${region}:${account}:${name}`;

  /** [DLQ] then [Lambda SQS]: visible messages, past `maxReceiveCount` ones moved to the dead-letter queue. */
  const receive = (name: string, batchSize: number): Array<{ message: FakeSqsMessage; record: FakeSqsRecord }> => {
    const source = queue(name);
    const now = clock();
    const received: Array<{ message: FakeSqsMessage; record: FakeSqsRecord }> = [];
    for (const message of [...source.messages].sort((a, b) => a.visibleAt - b.visibleAt)) {
      if (received.length >= batchSize || message.visibleAt > now) break;
      if (source.redrive && message.receiveCount >= source.redrive.maxReceiveCount) {
        source.messages.splice(source.messages.indexOf(message), 1);
        queue(source.redrive.deadLetterQueue).messages.push({ ...message, visibleAt: now });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + source.visibilityTimeoutSeconds * 1_000;
      received.push({
        message,
        record: {
          messageId: message.messageId,
          receiptHandle: randomUUID(),
          body: message.body,
          attributes: { ApproximateReceiveCount: String(message.receiveCount), SentTimestamp: String(message.sentAt), SenderId: 'AIDAFAKESENDER', ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt) },
          messageAttributes: {},
          md5OfBody: message.md5OfBody,
          eventSource: 'aws:sqs',
          eventSourceARN: arn(name),
          awsRegion: region,
        },
      });
    }
    return received;
  };

  const fake: FakeSqs = {
    endpoint,
    clientConfig: { endpoint, region, credentials: { accessKeyId: 'AKIDFAKESQS', secretAccessKey: 'fake-secret' } },
    requests,
    createQueue(name, queueOptions = {}) {
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new TypeError(`Queue name "${name}": up to 80 letters, digits, "-" and "_".`);
      if (!queues.has(name)) {
        queues.set(name, { name, visibilityTimeoutSeconds: queueOptions.visibilityTimeoutSeconds ?? 30, ...(queueOptions.redrive ? { redrive: queueOptions.redrive } : {}), messages: [] });
      }
      return fake.queueUrl(name);
    },
    queueUrl: (name) => `${endpoint}/${account}/${name}`,
    messages: (name) => queue(name).messages,
    failNextEntries(count, code = 'InternalError') {
      failures = { count, code };
    },
    nextVisibleAt(name) {
      const { messages } = queue(name);
      return messages.length === 0 ? undefined : Math.min(...messages.map((message) => message.visibleAt));
    },
    async invoke(name, handler, { batchSize = 10, container = 0 } = {}) {
      const batch = receive(name, batchSize);
      if (batch.length === 0) return undefined;
      const event = { Records: batch.map(({ record }) => record) };
      const receivedAt = clock();
      let result: FakeInvocation['result'];
      try {
        result = (await handler(event)) ?? undefined;
      } catch (error) {
        result = { error };
      }
      const source = queue(name);
      const failed = result && 'error' in result ? undefined : new Set((result?.batchItemFailures ?? []).map((item) => item.itemIdentifier));
      // [Lambda SQS] an itemIdentifier that names no message of the batch fails the whole batch.
      const wholeBatchFailed = !failed || [...failed].some((id) => !batch.some(({ message }) => message.messageId === id));
      for (const { message } of batch) {
        if (!wholeBatchFailed && !failed.has(message.messageId)) source.messages.splice(source.messages.indexOf(message), 1);
      }
      return { container, event, result, receivedAt, returnedAt: clock() };
    },
    async drive(name, handlers, { batchSize = 10, advance, maxInvocations = 10_000 }) {
      const invocations: FakeInvocation[] = [];
      const busy = new Map<number, Promise<void>>();
      for (;;) {
        for (let container = 0; container < handlers.length; container++) {
          if (busy.has(container) || invocations.length + busy.size >= maxInvocations) continue;
          if (fake.nextVisibleAt(name) === undefined || fake.nextVisibleAt(name)! > clock()) break;
          const running = fake.invoke(name, handlers[container]!, { batchSize, container }).then((invocation) => {
            if (invocation) invocations.push(invocation);
            busy.delete(container);
          });
          busy.set(container, running);
        }
        if (busy.size > 0) {
          await Promise.race(busy.values());
          continue;
        }
        const next = fake.nextVisibleAt(name);
        if (next === undefined || invocations.length >= maxInvocations) return invocations;
        if (next > clock()) advance(next);
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

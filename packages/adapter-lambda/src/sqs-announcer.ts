import type { AnnouncedJob, JobAnnouncer } from '@callwire/core';

/** SQS delays a message by at most 15 minutes (`DelaySeconds` 0–900). */
export const sqsMaxDelaySeconds = 900;
/** SendMessageBatch takes at most 10 entries. */
const batchSize = 10;

/** The slice of an `SQSClient` the announcer uses (so any v3 client, or a wrapper, fits). */
export interface SqsClientLike {
  /** Sends an SDK command (`SendMessageBatchCommand`), as `SQSClient.send` does. */
  send(command: object): Promise<unknown>;
}

/** What {@link sqsAnnouncer} needs. */
export interface SqsAnnouncerOptions {
  /** The queue the SQS function reads (e.g. `process.env.QUEUE_URL`). */
  queueUrl: string;
  /** An `SQSClient` of your own; by default one is made on first use (from `clientConfig`). */
  client?: SqsClientLike | undefined;
  /**
   * `SQSClientConfig` for the client made on first use. The region defaults to the queue URL's
   * (`https://sqs.<region>.amazonaws.com/…`), then to the environment.
   */
  clientConfig?: Record<string, unknown> | undefined;
  /** Epoch-ms clock the due times are measured against (default `Date.now`; tests inject one). */
  clock?: (() => number) | undefined;
}

/** Thrown by {@link sqsAnnouncer}'s `announce` when some jobs could not be sent, after one retry. */
export class SqsAnnounceError extends Error {
  override readonly name = 'SqsAnnounceError';
  constructor(readonly failed: ReadonlyArray<{ jobId: string; code: string; message: string }>) {
    super(`SQS refused ${failed.length} announcement(s): ${failed.map((f) => `${f.jobId} (${f.code}: ${f.message})`).join('; ')}`);
  }
}

interface BatchOutput {
  Failed?: Array<{ Id?: string; Code?: string; Message?: string; SenderFault?: boolean }>;
}

type Sqs = typeof import('@aws-sdk/client-sqs');
let sdk: Promise<Sqs> | undefined;
/** `@aws-sdk/client-sqs` is an optional peer, loaded on first use: a function that never announces never imports it. */
const loadSdk = (): Promise<Sqs> =>
  (sdk ??= import('@aws-sdk/client-sqs').catch((error: unknown) => {
    sdk = undefined;
    throw new Error('sqsAnnouncer needs @aws-sdk/client-sqs: npm install @aws-sdk/client-sqs', { cause: error });
  }));

/**
 * The {@link JobAnnouncer} for AWS: sends `{ "jobId": "…" }` (what `createSqsHandler` reads) to an SQS
 * queue with `SendMessageBatch`, 10 entries a call, each delayed until its job is due
 * (`DelaySeconds` = the seconds until then, rounded up, 0–900). Jobs due **more than 15 minutes**
 * from now are not sent — SQS cannot delay longer; the scheduled function runs them when they are due.
 * Entries SQS reports as failed are sent once more; those that fail again reject `announce` with an
 * {@link SqsAnnounceError} (the caller logs it; the jobs stay due in the store).
 *
 * @example
 * ```ts
 * import { createLambdaHandler, createSqsHandler, sqsAnnouncer } from '@callwire/adapter-lambda';
 *
 * const announcer = sqsAnnouncer({ queueUrl: process.env.QUEUE_URL! });
 * export const webhook = createLambdaHandler({ pipelines, announcer });
 * export const sqs = createSqsHandler({ pipelines, announcer });
 * ```
 */
export function sqsAnnouncer(options: SqsAnnouncerOptions): JobAnnouncer {
  const { queueUrl, client, clientConfig } = options;
  let url: URL;
  try {
    url = new URL(queueUrl);
  } catch {
    throw new TypeError(`sqsAnnouncer: option \`queueUrl\` must be the queue's URL (https://sqs.<region>.amazonaws.com/<account>/<name>) (got ${JSON.stringify(queueUrl)}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`sqsAnnouncer: option \`queueUrl\` must be an http(s) URL (got ${JSON.stringify(queueUrl)}).`);
  if (client !== undefined && typeof client?.send !== 'function') throw new TypeError('sqsAnnouncer: option `client` must be an SQSClient (an object with send()).');
  if (client !== undefined && clientConfig !== undefined) throw new TypeError('sqsAnnouncer: option `client` and `clientConfig` cannot both be set.');
  if (clientConfig !== undefined && (typeof clientConfig !== 'object' || clientConfig === null)) throw new TypeError('sqsAnnouncer: option `clientConfig` must be an SQSClientConfig object.');
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('sqsAnnouncer: option `clock` must be a function returning epoch ms.');
  const clock = options.clock ?? Date.now;
  const region = /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(url.hostname)?.[1];

  let made: Promise<SqsClientLike> | undefined;
  const sqs = () => (client ? Promise.resolve(client) : (made ??= loadSdk().then(({ SQSClient }) => new SQSClient({ ...(region ? { region } : {}), ...clientConfig }))));

  /** Sends one batch of at most 10; resolves the entries SQS reported as failed. */
  async function sendBatch(entries: ReadonlyArray<{ Id: string; MessageBody: string; DelaySeconds: number }>) {
    const [{ SendMessageBatchCommand }, sender] = await Promise.all([loadSdk(), sqs()]);
    const output = (await sender.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [...entries] }))) as BatchOutput;
    return output.Failed ?? [];
  }

  return {
    async announce(jobs: readonly AnnouncedJob[]) {
      const now = clock();
      const entries = jobs.flatMap((job, index) => {
        const delay = Math.max(0, Math.ceil(((job.at ?? now) - now) / 1_000));
        return delay > sqsMaxDelaySeconds ? [] : [{ Id: `j${index}`, MessageBody: JSON.stringify({ jobId: job.jobId }), DelaySeconds: delay, jobId: job.jobId }];
      });
      const failed: Array<{ jobId: string; code: string; message: string }> = [];
      const chunks = Array.from({ length: Math.ceil(entries.length / batchSize) }, (_, n) => entries.slice(n * batchSize, (n + 1) * batchSize));
      await Promise.all(
        chunks.map(async (chunk) => {
          let pending = chunk;
          let reasons = new Map<string, { code: string; message: string }>();
          for (let round = 0; round < 2 && pending.length > 0; round++) {
            let reported: NonNullable<BatchOutput['Failed']>;
            try {
              reported = await sendBatch(pending.map(({ Id, MessageBody, DelaySeconds }) => ({ Id, MessageBody, DelaySeconds })));
            } catch (error) {
              // The SDK has already retried the call itself: report what it carried.
              const cause = error instanceof Error ? error : new Error(String(error));
              reasons = new Map(pending.map((entry) => [entry.Id, { code: cause.name, message: cause.message }]));
              break;
            }
            reasons = new Map(reported.map((entry) => [String(entry.Id), { code: entry.Code ?? 'Unknown', message: entry.Message ?? '' }]));
            pending = pending.filter((entry) => reasons.has(entry.Id)); // once more, only what failed
          }
          for (const entry of pending) failed.push({ jobId: entry.jobId, ...(reasons.get(entry.Id) ?? { code: 'Unknown', message: '' }) });
        }),
      );
      if (failed.length > 0) throw new SqsAnnounceError(failed);
    },
  };
}

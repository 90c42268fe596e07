import { createAppointmentPipeline, createCallPipeline, type Calendar, type ChatNotifier, type JobStore, type Mailer, type RecordingSource, type SmsSender, type Transcriber } from '@callwire/core';
import { createLambdaHandler, createScheduledHandler, createSqsHandler, type LambdaHttpEvent } from '@callwire/adapter-lambda';

/** What the three functions are built from (see `handlers.ts` for production wiring from the environment). */
export interface FunctionsOptions {
  store: JobStore;
  providers: {
    recordings: RecordingSource;
    transcriber: Transcriber;
    notifier: ChatNotifier;
    calendar?: Calendar;
    sms?: SmsSender;
    mailer?: Mailer;
  };
  webhookSecret?: string;
  operatorSecret?: string;
  elevenLabsSecret?: string;
  supportNumbers?: string[];
  /**
   * Announces a newly stored job, e.g. an SQS `SendMessage` of `{ "jobId": "…" }` to the queue the SQS
   * function reads — so jobs start within a second instead of at the next scheduled run. The webhook
   * function awaits these before it answers: a Lambda is frozen once it has answered.
   */
  announce?: (jobId: string) => Promise<void>;
}

/**
 * The three Lambda functions of a callwire deployment, sharing one PostgreSQL store:
 * - `webhook`: API Gateway (REST v1, HTTP API v2), Function URL or ALB → stores the job, answers.
 * - `sqs`: runs the jobs named in SQS messages (`ReportBatchItemFailures`).
 * - `scheduled`: an EventBridge schedule; runs every due job — new ones, retries, re-drives.
 */
export function createFunctions(options: FunctionsOptions) {
  const { store, providers } = options;
  const calls = createCallPipeline({ store, ...providers, supportNumbers: options.supportNumbers, timeZone: 'Asia/Kolkata' });
  const appointments = createAppointmentPipeline({
    store,
    timeZone: 'America/Los_Angeles',
    calendar: providers.calendar,
    sms: providers.sms,
    mailer: providers.mailer,
    elevenLabs: options.elevenLabsSecret ? { webhookSecret: options.elevenLabsSecret } : undefined,
  });
  const pipelines = [calls, appointments];

  const pending: Promise<void>[] = [];
  if (options.announce) {
    for (const pipeline of pipelines) pipeline.events.on('job.queued', ({ jobId }) => void pending.push(options.announce!(jobId)));
  }
  const http = createLambdaHandler({ pipelines, auth: { webhookSecret: options.webhookSecret, operatorSecret: options.operatorSecret } });

  return {
    pipelines,
    calls,
    appointments,
    async webhook(event: LambdaHttpEvent) {
      const result = await http(event);
      // The job is stored; a failed announcement only delays it to the next scheduled run.
      await Promise.allSettled(pending.splice(0));
      return result;
    },
    sqs: createSqsHandler({ pipelines }),
    scheduled: createScheduledHandler({ pipelines }),
  };
}

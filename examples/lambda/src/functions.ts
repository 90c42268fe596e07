import {
  createAppointmentPipeline,
  createCallPipeline,
  type Calendar,
  type ChatNotifier,
  type JobAnnouncer,
  type JobStore,
  type Mailer,
  type RecordingSource,
  type SmsSender,
  type Transcriber,
} from '@callwire/core';
import { createLambdaHandler, createScheduledHandler, createSqsHandler, type LambdaHttpEvent, type LambdaHttpResult } from '@callwire/adapter-lambda';

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
   * Announces accepted, parked and woken jobs for when they are due — `sqsAnnouncer({ queueUrl })` sends
   * `{ "jobId": "…" }` to the queue the SQS function reads, so jobs start within a second instead of at the
   * next scheduled run. Every function awaits its announcements before it returns: a Lambda is frozen then.
   */
  announcer?: JobAnnouncer;
}

/**
 * The three Lambda functions of a callwire deployment, sharing one PostgreSQL store:
 * - `webhook`: API Gateway (REST v1, HTTP API v2), Function URL or ALB → stores the job, announces it, answers.
 * - `sqs`: runs the jobs named in SQS messages (`ReportBatchItemFailures`) until they finish or park.
 * - `scheduled`: an EventBridge schedule; runs every due job SQS did not — waits over 15 minutes,
 *   lost announcements, retries, re-drives — within the invocation's time.
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

  const { announcer } = options;
  // The webhook answers once its announcements are sent; a failed one is logged and only delays the job to the next scheduled run.
  const webhook: (event: LambdaHttpEvent) => Promise<LambdaHttpResult> = createLambdaHandler({
    pipelines,
    auth: { webhookSecret: options.webhookSecret, operatorSecret: options.operatorSecret },
    announcer,
  });

  return {
    pipelines,
    calls,
    appointments,
    webhook,
    sqs: createSqsHandler({ pipelines, announcer }),
    scheduled: createScheduledHandler({ pipelines, announcer }),
  };
}

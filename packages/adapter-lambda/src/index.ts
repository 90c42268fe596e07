/**
 * @callwire/adapter-lambda — callwire on AWS Lambda. A webhook Lambda (`createLambdaHandler`) only
 * stores jobs and announces them; worker Lambdas (`createSqsHandler`, `createScheduledHandler`) run
 * them, because a Lambda is frozen as soon as it answers. No invocation waits for a job's wait.
 */
export { createLambdaHandler } from './http.js';
export type { LambdaHandlerOptions, LambdaHttpEvent, LambdaHttpResult } from './http.js';
export { createScheduledHandler, createSqsHandler } from './workers.js';
export type { LambdaContextLike, LambdaWorkerOptions, ScheduledHandlerOptions, ScheduledResult, SqsBatchResult, SqsEventLike } from './workers.js';
export { SqsAnnounceError, sqsAnnouncer, sqsMaxDelaySeconds } from './sqs-announcer.js';
export type { SqsAnnouncerOptions, SqsClientLike } from './sqs-announcer.js';

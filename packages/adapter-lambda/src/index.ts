/**
 * @callwire/adapter-lambda — callwire on AWS Lambda. A webhook Lambda (`createLambdaHandler`) only
 * stores jobs; worker Lambdas (`createSqsHandler`, `createScheduledHandler`) run them, because a
 * Lambda is frozen as soon as it answers.
 */
export { createLambdaHandler } from './http.js';
export type { LambdaHttpEvent, LambdaHttpResult } from './http.js';
export { createScheduledHandler, createSqsHandler } from './workers.js';
export type { LambdaWorkerOptions, SqsBatchResult, SqsEventLike } from './workers.js';

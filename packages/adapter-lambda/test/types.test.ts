import type {
  ALBEvent,
  ALBHandler,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyHandler,
  APIGatewayProxyHandlerV2,
  LambdaFunctionURLEvent,
  LambdaFunctionURLHandler,
  Handler,
  ScheduledEvent,
  SQSBatchResponse,
  SQSEvent,
  SQSHandler,
} from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';
import type { CallwireHandler, DrainResult, HandlerOptions } from '@callwire/core';
import { createLambdaHandler, createScheduledHandler, createSqsHandler, type LambdaHttpEvent, type SqsBatchResult, type SqsEventLike } from '@callwire/adapter-lambda';

describe('adapter-lambda fits aws-lambda types', () => {
  it('createLambdaHandler is an API Gateway v1, v2, Function URL and ALB handler', () => {
    type Lambda = ReturnType<typeof createLambdaHandler>;
    expectTypeOf<Lambda>().toExtend<APIGatewayProxyHandler>();
    expectTypeOf<Lambda>().toExtend<APIGatewayProxyHandlerV2>();
    expectTypeOf<Lambda>().toExtend<LambdaFunctionURLHandler>();
    expectTypeOf<Lambda>().toExtend<ALBHandler>();
    expectTypeOf<APIGatewayProxyEvent>().toExtend<LambdaHttpEvent>();
    expectTypeOf<APIGatewayProxyEventV2>().toExtend<LambdaHttpEvent>();
    expectTypeOf<LambdaFunctionURLEvent>().toExtend<LambdaHttpEvent>();
    expectTypeOf<ALBEvent>().toExtend<LambdaHttpEvent>();
    expectTypeOf(createLambdaHandler).parameter(0).toEqualTypeOf<CallwireHandler | HandlerOptions>();
  });

  it('createSqsHandler is an SQS handler with partial batch responses; createScheduledHandler a scheduled one', () => {
    expectTypeOf<SQSEvent>().toExtend<SqsEventLike>();
    expectTypeOf<SqsBatchResult>().toExtend<SQSBatchResponse>();
    expectTypeOf<ReturnType<typeof createSqsHandler>>().toExtend<SQSHandler>();
    expectTypeOf<ReturnType<typeof createSqsHandler>>().toExtend<(event: SQSEvent) => Promise<SQSBatchResponse>>();
    expectTypeOf<ReturnType<typeof createScheduledHandler>>().toExtend<Handler<ScheduledEvent, DrainResult>>();
  });
});

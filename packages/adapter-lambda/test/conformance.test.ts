import { describe, it } from 'vitest';
import { fromLambdaResult, lambdaEvent, runAdapterConformance, type LambdaEventKind } from '@callwire/core/testing';
import { createLambdaHandler, type LambdaHttpEvent } from '@callwire/adapter-lambda';

const kinds: Array<[LambdaEventKind, string]> = [
  ['v1', 'Lambda: API Gateway REST (v1)'],
  ['v2', 'Lambda: API Gateway HTTP API (v2)'],
  ['functionUrl', 'Lambda: Function URL'],
  ['alb-multi', 'Lambda: ALB with multi-value headers'],
];

for (const [kind, name] of kinds) {
  runAdapterConformance({
    name,
    describe,
    it,
    async serve({ makeHandler, basePath }) {
      const lambda = createLambdaHandler(makeHandler({ basePath }));
      return { send: async (request) => fromLambdaResult(await lambda(lambdaEvent(kind, request) as LambdaHttpEvent)) };
    },
  });
}

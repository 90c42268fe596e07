import { describe, it } from 'vitest';
import { appRoutes, fromLambdaResult, lambdaEvent, runAdapterConformance, type LambdaEventKind } from '@callwire/core/testing';
import { createLambdaHandler, type LambdaHttpEvent, type LambdaHttpResult } from '@callwire/adapter-lambda';

/** The client address of each of AWS's sample events, as the adapter must hand it to `allowIps`. */
const kinds: Array<[LambdaEventKind, string, string]> = [
  ['v1', 'Lambda: API Gateway REST (v1)', '192.0.2.1'],
  ['v2', 'Lambda: API Gateway HTTP API (v2)', '192.0.2.1'],
  ['functionUrl', 'Lambda: Function URL', '123.123.123.123'],
  ['alb-multi', 'Lambda: ALB with multi-value headers', '72.12.164.125'],
];

/** The function's own routes, for the paths callwire does not serve. */
async function appFunction(event: LambdaHttpEvent): Promise<LambdaHttpResult> {
  const method = event.requestContext?.http?.method ?? event.httpMethod ?? 'GET';
  const answer = appRoutes(method, event.rawPath ?? event.path ?? '/');
  return { statusCode: answer.status, headers: { 'content-type': 'text/plain' }, body: answer.text, isBase64Encoded: false };
}

for (const [kind, name, clientAddress] of kinds) {
  runAdapterConformance({
    name,
    describe,
    it,
    clientAddress,
    async serve({ makeHandler, basePath }) {
      const lambda = createLambdaHandler(makeHandler({ basePath }));
      return { send: async (request) => fromLambdaResult(await lambda(lambdaEvent(kind, request) as LambdaHttpEvent)) };
    },
    async serveInApp({ makeHandler, basePath }) {
      const lambda = createLambdaHandler(makeHandler({ basePath }), { fallback: appFunction });
      return { send: async (request) => fromLambdaResult(await lambda(lambdaEvent(kind, request) as LambdaHttpEvent)) };
    },
  });
}

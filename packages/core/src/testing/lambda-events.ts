import type { ConformanceRequest, ConformanceResponse } from './adapter-clients.js';

/**
 * AWS's documented sample events (API Gateway REST "proxy integration input", HTTP API "payload
 * format 2.0", Lambda Function URL "request payload", ALB "Lambda functions as targets"), trimmed of
 * fields no HTTP adapter reads. {@link lambdaEvent} fills them with a request.
 */
export const lambdaSampleEvents = {
  v1: {
    resource: '/my/path',
    path: '/my/path',
    httpMethod: 'GET',
    headers: { header1: 'value1', header2: 'value1,value2' },
    multiValueHeaders: { header1: ['value1'], header2: ['value1', 'value2'] },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    multiValueQueryStringParameters: { parameter1: ['value1', 'value2'], parameter2: ['value'] },
    requestContext: {
      accountId: '123456789012',
      apiId: 'id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      extendedRequestId: 'request-id',
      httpMethod: 'GET',
      identity: { sourceIp: '192.0.2.1', userAgent: 'user-agent', accessKey: null, accountId: null, caller: null, user: null, userArn: null },
      path: '/my/path',
      protocol: 'HTTP/1.1',
      requestId: 'id=',
      requestTime: '04/Mar/2020:19:15:17 +0000',
      requestTimeEpoch: 1583349317135,
      resourceId: null,
      resourcePath: '/my/path',
      stage: '$default',
    },
    pathParameters: null,
    stageVariables: null,
    body: 'Hello from Lambda!' as string | null,
    isBase64Encoded: false,
  },
  v2: {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1', 'cookie2'],
    headers: { header1: 'value1', header2: 'value1,value2' },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    body: 'Hello from Lambda' as string | undefined,
    pathParameters: { parameter1: 'value1' },
    isBase64Encoded: false,
    stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
  },
  functionUrl: {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/my/path',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1', 'cookie2'],
    headers: { header1: 'value1', header2: 'value1,value2' },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    requestContext: {
      accountId: '123456789012',
      apiId: '<urlid>',
      authentication: null,
      authorizer: { iam: { accessKey: 'AKIA...', accountId: '111122223333', callerId: 'AIDA...', cognitoIdentity: null, principalOrgId: null, userArn: 'arn:aws:iam::111122223333:user/example-user', userId: 'AIDA...' } },
      domainName: '<url-id>.lambda-url.us-west-2.on.aws',
      domainPrefix: '<url-id>',
      http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '123.123.123.123', userAgent: 'agent' },
      requestId: 'id',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    body: 'Hello from client!' as string | undefined,
    pathParameters: null,
    isBase64Encoded: false,
    stageVariables: null,
  },
  alb: {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a' } },
    httpMethod: 'GET',
    path: '/lambda',
    queryStringParameters: { query: '1234ABCD' },
    headers: {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,image/apng,*/*;q=0.8',
      'accept-encoding': 'gzip',
      'accept-language': 'en-US,en;q=0.9',
      connection: 'keep-alive',
      host: 'lambda-alb-123578498.us-east-1.elb.amazonaws.com',
      'upgrade-insecure-requests': '1',
      'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/71.0.3578.98 Safari/537.36',
      'x-amzn-trace-id': 'Root=1-5c536348-3d683b8b04734faae651f476',
      'x-forwarded-for': '72.12.164.125',
      'x-forwarded-port': '80',
      'x-forwarded-proto': 'http',
      'x-imforwards': '20',
    },
    body: '',
    isBase64Encoded: false,
  },
} as const;

/** Which Lambda integration an event comes from; `alb-multi` is an ALB target group with multi-value headers on. */
export type LambdaEventKind = 'v1' | 'v2' | 'functionUrl' | 'alb' | 'alb-multi';

const group = <T>(pairs: ReadonlyArray<readonly [string, T]>) => {
  const grouped: Record<string, T[]> = {};
  for (const [name, value] of pairs) (grouped[name] ??= []).push(value);
  return grouped;
};
const joined = (grouped: Record<string, string[]>, separator: string) =>
  Object.fromEntries(Object.entries(grouped).map(([name, values]) => [name, values.join(separator)]));
const last = (grouped: Record<string, string[]>) => Object.fromEntries(Object.entries(grouped).map(([name, values]) => [name, values.at(-1)!]));

/** Encodes a body the way AWS does: UTF-8 text as is, anything else base64. */
function encodeBody(body: Uint8Array | undefined): { body: string | undefined; isBase64Encoded: boolean } {
  if (!body || body.length === 0) return { body: undefined, isBase64Encoded: false };
  try {
    return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), isBase64Encoded: false };
  } catch {
    return { body: Buffer.from(body).toString('base64'), isBase64Encoded: true };
  }
}

/**
 * Builds the event AWS would deliver for `request` through one integration, from AWS's sample
 * event of that kind (to run adapter tests without AWS).
 *
 * @example
 * ```ts
 * const result = await lambdaHandler(lambdaEvent('v2', { method: 'GET', path: '/health' }));
 * ```
 */
export function lambdaEvent(kind: LambdaEventKind, request: ConformanceRequest): Record<string, unknown> {
  const url = new URL(request.path, 'https://example.invalid');
  const headerPairs = (request.headers ?? []).map(([name, value]) => [name.toLowerCase(), value] as const);
  const headers = group(headerPairs);
  const query = group([...url.searchParams]);
  const { body, isBase64Encoded } = encodeBody(request.body);
  if (kind === 'v2' || kind === 'functionUrl') {
    const sample = lambdaSampleEvents[kind];
    const { cookie, ...rest } = headers;
    return {
      ...sample,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      cookies: cookie ? cookie.join('; ').split(/;\s*/) : undefined,
      headers: joined(rest, ','),
      queryStringParameters: url.search ? joined(query, ',') : undefined,
      requestContext: { ...sample.requestContext, http: { ...sample.requestContext.http, method: request.method, path: url.pathname } },
      body,
      isBase64Encoded,
    };
  }
  if (kind === 'v1') {
    const sample = lambdaSampleEvents.v1;
    return {
      ...sample,
      path: url.pathname,
      httpMethod: request.method,
      headers: last(headers),
      multiValueHeaders: headers,
      queryStringParameters: url.search ? last(query) : null,
      multiValueQueryStringParameters: url.search ? query : null,
      requestContext: { ...sample.requestContext, httpMethod: request.method, path: url.pathname },
      body: body ?? null,
      isBase64Encoded,
    };
  }
  // ALB passes query parameters as the client sent them, still percent-encoded.
  const rawQuery = group(url.search.slice(1).split('&').filter(Boolean).map((pair) => [pair.split('=')[0]!, pair.split('=').slice(1).join('=')] as const));
  const { headers: sampleHeaders, queryStringParameters: _query, ...sample } = lambdaSampleEvents.alb;
  const base = { ...sample, path: url.pathname, httpMethod: request.method, body: body ?? '', isBase64Encoded };
  const allHeaders = { ...group(Object.entries(sampleHeaders)), ...headers };
  return kind === 'alb'
    ? { ...base, headers: last(allHeaders), queryStringParameters: last(rawQuery) }
    : { ...base, multiValueHeaders: allHeaders, multiValueQueryStringParameters: rawQuery };
}

/** The fields of a Lambda HTTP result. */
export interface LambdaResultLike {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, ReadonlyArray<string | number | boolean>>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * Reads a Lambda HTTP result back into a {@link ConformanceResponse}.
 *
 * @example
 * ```ts
 * const response = fromLambdaResult(await lambdaHandler(lambdaEvent('v2', { method: 'GET', path: '/health' })));
 * ```
 */
export function fromLambdaResult(result: LambdaResultLike): ConformanceResponse {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) (headers[name.toLowerCase()] ??= []).push(String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) (headers[name.toLowerCase()] ??= []).push(...values.map(String));
  if (result.cookies?.length) (headers['set-cookie'] ??= []).push(...result.cookies);
  const body = result.body ?? '';
  return { status: result.statusCode, headers, body: new Uint8Array(Buffer.from(body, result.isBase64Encoded ? 'base64' : 'utf8')) };
}

import { STATUS_CODES } from 'node:http';
import { createHandler, type CallwireHandler, type HandlerOptions } from '@callwire/core';

type Strings<T> = Record<string, T | undefined> | null;

/**
 * The HTTP events the handler understands: API Gateway REST (v1) and HTTP API (v2), Lambda Function
 * URLs (v2 shape) and ALB. Structural, so `aws-lambda`'s event types fit without depending on them.
 */
export interface LambdaHttpEvent {
  version?: string;
  httpMethod?: string;
  path?: string;
  rawPath?: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Strings<string>;
  multiValueHeaders?: Strings<string[]>;
  queryStringParameters?: Strings<string>;
  multiValueQueryStringParameters?: Strings<string[]>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string; sourceIp?: string }; identity?: { sourceIp?: string | null }; elb?: unknown };
}

/** The answer, in a shape every one of those integrations accepts. */
export interface LambdaHttpResult {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

type Kind = 'v1' | 'v2' | 'alb';
const textual = /^(text\/|application\/(json|[^;]*\+json|xml|[^;]*\+xml|x-www-form-urlencoded|javascript))/i;

function kindOf(event: LambdaHttpEvent | null | undefined): Kind | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  if (event.version === '2.0' && typeof event.requestContext?.http === 'object') return 'v2';
  if (typeof event.httpMethod !== 'string') return undefined;
  return event.requestContext?.elb ? 'alb' : 'v1';
}

function entries<T>(record: Strings<T> | undefined): Array<[string, T]> {
  return Object.entries(record ?? {}).filter((entry): entry is [string, T] => entry[1] !== undefined && entry[1] !== null);
}

/** v1 values arrive decoded; ALB passes them as the client sent them (still percent-encoded). */
function queryOf(event: LambdaHttpEvent, kind: Kind): string {
  if (kind === 'v2') return event.rawQueryString ?? '';
  const pairs = event.multiValueQueryStringParameters
    ? entries(event.multiValueQueryStringParameters).flatMap(([name, values]) => values.map((value) => [name, value] as [string, string]))
    : entries(event.queryStringParameters);
  return kind === 'alb' ? pairs.map(([name, value]) => `${name}=${value}`).join('&') : new URLSearchParams(pairs).toString();
}

function toRequest(event: LambdaHttpEvent, kind: Kind): { request: Request; ip: string | undefined } {
  const headers = new Headers();
  if (event.multiValueHeaders) for (const [name, values] of entries(event.multiValueHeaders)) for (const value of values) headers.append(name, value);
  else for (const [name, value] of entries(event.headers)) headers.set(name, value);
  if (kind === 'v2' && event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  const method = (kind === 'v2' ? event.requestContext?.http?.method : event.httpMethod)?.toUpperCase();
  const path = kind === 'v2' ? event.rawPath : event.path;
  if (!method || typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('The event has no HTTP method or path.');
  const query = queryOf(event, kind);
  const protocol = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? 'https';
  const url = new URL(`${protocol}://${headers.get('host') ?? 'lambda.invalid'}${path}${query ? `?${query}` : ''}`);
  const hasBody = typeof event.body === 'string' && method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? Buffer.from(event.body!, event.isBase64Encoded ? 'base64' : 'utf8') : null;
  const forwarded = headers.get('x-forwarded-for')?.split(',').pop()?.trim();
  const ip = kind === 'v2' ? event.requestContext?.http?.sourceIp : kind === 'v1' ? (event.requestContext?.identity?.sourceIp ?? undefined) : forwarded;
  return { request: new Request(url, { method, headers, body }), ip };
}

async function toResult(response: Response, kind: Kind, multiValue: boolean): Promise<LambdaHttpResult> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const isText = bytes.length === 0 || textual.test(response.headers.get('content-type') ?? '');
  const result: LambdaHttpResult = { statusCode: response.status, body: bytes.toString(isText ? 'utf8' : 'base64'), isBase64Encoded: !isText };
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (kind === 'alb') result.statusDescription = `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim();
  if (kind === 'v2') return { ...result, headers, ...(cookies.length > 0 ? { cookies } : {}) };
  if (!multiValue) return { ...result, headers: cookies[0] ? { ...headers, 'set-cookie': cookies[0] } : headers };
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
  return { ...result, multiValueHeaders: cookies.length > 0 ? { ...multiValueHeaders, 'set-cookie': cookies } : multiValueHeaders };
}

const failure = (statusCode: number, error: string, message: string): LambdaHttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error, message }),
  isBase64Encoded: false,
});

/** Options of {@link createLambdaHandler}. */
export interface LambdaHandlerOptions {
  /**
   * Your function's own HTTP handler, for every path callwire does not serve — so one function can hold
   * your routes and callwire's (the Lambda counterpart of Express's `next()`). Without it such paths
   * answer callwire's 404.
   */
  fallback?: ((event: LambdaHttpEvent) => Promise<LambdaHttpResult>) | undefined;
}

/**
 * Serves callwire from AWS Lambda behind API Gateway (REST v1, HTTP API v2), a Function URL or an
 * ALB: base64 bodies, repeated headers and query parameters, cookies. A malformed event answers 400;
 * the returned function never rejects. With a named API Gateway stage, set `basePath` to the stage
 * (`/prod`) when your paths include it.
 *
 * @example
 * ```ts
 * import { createLambdaHandler } from '@callwire/adapter-lambda';
 *
 * export const handler = createLambdaHandler({ pipelines: [calls], auth: { webhookSecret: process.env.WEBHOOK_SECRET } });
 * ```
 */
export function createLambdaHandler(
  handlerOrOptions: CallwireHandler | HandlerOptions,
  options: LambdaHandlerOptions = {},
): (event: LambdaHttpEvent) => Promise<LambdaHttpResult> {
  const handler = typeof handlerOrOptions === 'function' ? handlerOrOptions : createHandler(handlerOrOptions);
  const { fallback } = options;
  if (fallback !== undefined && typeof fallback !== 'function') throw new TypeError('createLambdaHandler: option `fallback` must be a function (event) => result.');
  return async (event) => {
    const kind = kindOf(event);
    let translated: ReturnType<typeof toRequest>;
    try {
      if (!kind) throw new TypeError('not an HTTP event');
      translated = toRequest(event, kind);
    } catch {
      return failure(400, 'bad_request', 'This is not an API Gateway, Function URL or ALB HTTP event callwire can read.');
    }
    if (fallback && handler.serves && !handler.serves(new URL(translated.request.url).pathname)) return fallback(event);
    try {
      const response = await handler(translated.request, { ip: translated.ip });
      return await toResult(response, kind, kind === 'v1' || (kind === 'alb' && Boolean(event.multiValueHeaders)));
    } catch {
      return failure(500, 'internal', 'Internal error.');
    }
  };
}

import { isCallwireError } from '../errors.js';
import type { JobError } from './types.js';

/** What the engine needs to know of a thrown value. */
export interface ErrorVerdict {
  retryable: boolean;
  retryAfterMs: number | undefined;
  error: Omit<JobError, 'at' | 'step'>;
}

const transientNetworkCodes = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH',
  'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Decides whether a failure is worth retrying. `CallwireError` says so itself; HTTP errors from SDKs
 * retry on 408, 429 and 5xx and fail at once on other 4xx; network errors and timeouts retry; schema
 * validation errors never do; anything unknown is retried (and ends `dead` if it keeps failing).
 *
 * @example
 * ```ts
 * classifyError(Object.assign(new Error('Too Many Requests'), { status: 429 })).retryable; // true
 * ```
 */
export function classifyError(thrown: unknown): ErrorVerdict {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  if (isCallwireError(thrown)) {
    return {
      retryable: thrown.retryable,
      retryAfterMs: thrown.retryAfterMs,
      error: compact({ message, code: thrown.code, provider: thrown.provider, providerStatus: thrown.providerStatus, retryable: thrown.retryable }),
    };
  }
  if (thrown instanceof Error && thrown.name === 'ZodError') {
    return { retryable: false, retryAfterMs: undefined, error: { message, code: 'invalid_payload', retryable: false } };
  }
  const status = httpStatusOf(thrown);
  if (status !== undefined) {
    const retryable = status === 408 || status === 429 || status >= 500;
    return {
      retryable,
      retryAfterMs: retryAfterOf(thrown),
      error: { message, code: retryable ? 'provider_error' : 'provider_rejected', providerStatus: status, retryable },
    };
  }
  const network = networkCodeOf(thrown);
  const code = network ?? (isAbort(thrown) ? 'timeout' : 'internal');
  return { retryable: true, retryAfterMs: undefined, error: { message, code, retryable: true } };
}

function httpStatusOf(thrown: unknown): number | undefined {
  if (typeof thrown !== 'object' || thrown === null) return undefined;
  const candidate = thrown as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } };
  for (const value of [candidate.status, candidate.statusCode, candidate.response?.status]) {
    if (typeof value === 'number' && value >= 400 && value <= 599) return value;
  }
  return undefined;
}

function retryAfterOf(thrown: unknown): number | undefined {
  const holder = thrown as { headers?: unknown; response?: { headers?: unknown } };
  const raw = headerValue(holder.headers, 'retry-after') ?? headerValue(holder.response?.headers, 'retry-after');
  return raw === undefined ? undefined : parseRetryAfter(raw);
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Parses an HTTP `Retry-After` value (seconds, or an HTTP date) into milliseconds from `now`.
 *
 * @example
 * ```ts
 * parseRetryAfter('30'); // 30000
 * ```
 */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function networkCodeOf(thrown: unknown): string | undefined {
  let current: unknown = thrown;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && transientNetworkCodes.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isAbort(thrown: unknown): boolean {
  return thrown instanceof Error && (thrown.name === 'AbortError' || thrown.name === 'TimeoutError');
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

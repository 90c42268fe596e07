import { AsyncLocalStorage } from 'node:async_hooks';
import { CallwireError } from '../../errors.js';
import { parseRetryAfter } from '../../engine/classify-error.js';

/**
 * AssemblyAI's documented HTTP errors (https://www.assemblyai.com/docs/api-reference/overview#errors), classified
 * by status — not by message text: 400 (bad request), 401/403 (key) and 404 (unknown transcript) are permanent;
 * 429 (with `Retry-After`) and 5xx are retried. The body is `{ "error": "…" }`.
 */
export function assemblyAIHttpError(status: number, body: string, retryAfter: string | null, what: string): CallwireError {
  let message = body;
  try {
    message = (JSON.parse(body) as { error?: string }).error ?? body;
  } catch {
    // not JSON: keep the text
  }
  const text = `AssemblyAI answered ${status} when asked to ${what}${message ? `: ${message.slice(0, 300)}` : ''}`;
  const options = { provider: 'assemblyai', providerStatus: status };
  if (status === 429) return new CallwireError('rate_limited', text, { ...options, ...(retryAfter ? { retryAfterMs: parseRetryAfter(retryAfter) } : {}) });
  if (status === 408 || status >= 500) return new CallwireError('provider_error', text, options);
  return new CallwireError('provider_rejected', text, { ...options, retryable: false });
}

/** What one SDK call runs under: its name (for messages), its abort signal and its time limit. */
interface CallScope {
  what: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

const scope = new AsyncLocalStorage<CallScope>();

/** The SDK service methods callwire hooks (`BaseService.fetchResponse` of the `assemblyai` SDK, v4). */
interface HookableService {
  fetchResponse(input: string, init?: RequestInit): Promise<Response>;
}

/**
 * Makes the SDK's HTTP calls answerable by status and bounded in time. The SDK throws `Error(json.error)`
 * without the status (its `BaseService.fetch`), so the service's `fetchResponse` — through which every request
 * of the service goes — is wrapped: each request gets the calling step's abort signal and a time limit, and a
 * 4xx/5xx answer becomes a classified {@link assemblyAIHttpError} before the SDK reads it.
 */
export function hookSdkService(service: unknown): void {
  const hookable = service as HookableService;
  if (typeof hookable.fetchResponse !== 'function') throw new TypeError('assemblyAITranscriber: this version of the assemblyai SDK has no BaseService.fetchResponse to hook.');
  const original = hookable.fetchResponse.bind(hookable);
  hookable.fetchResponse = async (input, init) => {
    const current = scope.getStore();
    const signals = [AbortSignal.timeout(current?.timeoutMs ?? 30_000), ...(current?.signal ? [current.signal] : [])];
    const response = await original(input, { ...init, signal: AbortSignal.any(signals) }).catch((error: unknown) => {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      throw new CallwireError(timedOut ? 'timeout' : 'provider_error', `AssemblyAI ${timedOut ? 'did not answer in time' : 'could not be reached'} when asked to ${current?.what ?? 'answer'}.`, { provider: 'assemblyai', cause: error });
    });
    if (response.status >= 400) throw assemblyAIHttpError(response.status, await response.text(), response.headers.get('retry-after'), current?.what ?? 'answer');
    return response;
  };
}

/** Runs one SDK call under a scope: what it is, the step's abort signal, its time limit. */
export function inScope<T>(what: string, options: { signal?: AbortSignal; timeoutMs: number }, call: () => Promise<T>): Promise<T> {
  return scope.run({ what, ...options }, call);
}

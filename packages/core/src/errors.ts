/**
 * The one error class callwire throws and understands. Its `code` decides both the HTTP status a
 * handler answers with and whether the job engine retries the failed step.
 */

/** Every error code, with the HTTP status it maps to and whether a failed step should be retried. */
export const errorCodes = {
  invalid_payload: { status: 422, retryable: false },
  bad_request: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  method_not_allowed: { status: 405, retryable: false },
  conflict: { status: 409, retryable: false },
  gone: { status: 410, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  rate_limited: { status: 429, retryable: true },
  provider_error: { status: 502, retryable: true },
  provider_rejected: { status: 502, retryable: false },
  store_unavailable: { status: 503, retryable: true },
  timeout: { status: 504, retryable: true },
  lease_lost: { status: 409, retryable: true },
  internal: { status: 500, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

/** A machine-readable error code. */
export type ErrorCode = keyof typeof errorCodes;

/** One problem with one field of an incoming payload. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `data.metadata.phone_call.external_number`. */
  path: string;
  message: string;
}

/** Options accepted by {@link CallwireError}. */
export interface CallwireErrorOptions {
  /** Field-level problems (for `invalid_payload`). */
  issues?: FieldIssue[] | undefined;
  /** Override whether the job engine retries (defaults to the code's setting). */
  retryable?: boolean | undefined;
  /** How long the provider asked us to wait before retrying (from `Retry-After`). */
  retryAfterMs?: number | undefined;
  /** Which provider failed, e.g. `slack` or `assemblyai`. */
  provider?: string | undefined;
  /** The provider's HTTP status, when there was one. */
  providerStatus?: number | undefined;
  /** The error this one wraps. */
  cause?: unknown;
}

/**
 * A failure with a stable `code`. Throw it from steps and providers to control retries; the HTTP
 * handler turns it into a response with the code's status.
 *
 * @example
 * ```ts
 * throw new CallwireError('provider_error', 'Slack answered 503', { provider: 'slack', retryAfterMs: 2000 });
 * ```
 */
export class CallwireError extends Error {
  override readonly name = 'CallwireError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly issues: FieldIssue[];
  readonly retryAfterMs: number | undefined;
  readonly provider: string | undefined;
  readonly providerStatus: number | undefined;

  constructor(code: ErrorCode, message: string, options: CallwireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = errorCodes[code].status;
    this.retryable = options.retryable ?? errorCodes[code].retryable;
    this.issues = options.issues ?? [];
    this.retryAfterMs = options.retryAfterMs;
    this.provider = options.provider;
    this.providerStatus = options.providerStatus;
  }

  /** The body a handler may show to a caller: no stack, no internals. */
  toJSON(): { error: ErrorCode; message: string; issues?: FieldIssue[] } {
    return this.issues.length > 0
      ? { error: this.code, message: this.message, issues: this.issues }
      : { error: this.code, message: this.message };
  }
}

/**
 * True for a {@link CallwireError}, also across duplicated module copies (ESM and CJS).
 *
 * @example
 * ```ts
 * try { await calls.receive(body, 'zapier'); } catch (error) { if (isCallwireError(error)) console.log(error.code, error.status); }
 * ```
 */
export function isCallwireError(error: unknown): error is CallwireError {
  return error instanceof CallwireError || (error instanceof Error && error.name === 'CallwireError' && 'code' in error);
}

import { CallwireError } from './errors.js';

/**
 * PostgreSQL SQLSTATE classes caused by the data, not by the database being down: 22 data exception
 * (a NUL in text or JSON, 22021 / 22P05; a value too long), 23 integrity constraint, 54 program limit
 * exceeded (an index row too large). https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const dataSqlStates = /^(22|23|54)[0-9A-Z]{3}$/;
/** SQLite result codes caused by the data. https://www.sqlite.org/rescode.html */
const dataSqliteCodes = new Set(['SQLITE_TOOBIG', 'SQLITE_MISMATCH', 'SQLITE_RANGE']);

/** True when a store error says the data was refused (retrying the same data fails the same way). */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (dataSqlStates.test(code) || dataSqliteCodes.has(code));
}

/**
 * The error a failed store call becomes: a `CallwireError` passes through; the store refusing the data
 * becomes `invalid_payload` (422, not retried — a sender that retries would send the same poison forever);
 * anything else is `store_unavailable` (503 with `Retry-After`) with `message`.
 *
 * @example
 * ```ts
 * try { await store.enqueue(job); } catch (error) { throw storeFailure(error, 'The job store could not accept the job; try again.'); }
 * ```
 */
export function storeFailure(error: unknown, message: string): CallwireError {
  if (error instanceof CallwireError || (error instanceof Error && error.name === 'CallwireError')) return error as CallwireError;
  if (isDataError(error)) {
    return new CallwireError('invalid_payload', 'The store refused this data; it cannot be stored as sent.', {
      issues: [{ path: '', message: 'holds a value the store cannot keep (such as a NUL character)' }],
      cause: error,
    });
  }
  return new CallwireError('store_unavailable', message, { cause: error });
}

/**
 * Runs a store call for a route: a failure becomes what {@link storeFailure} makes of it (a `CallwireError`
 * passes through, refused data 422, anything else 503 `store_unavailable`).
 */
export async function fromStore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storeFailure(error, 'The job store is not reachable; try again.');
  }
}

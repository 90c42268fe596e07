import { optionError } from '../options.js';

/**
 * Options of the operator console, `createHandler({ console })`. The console is served at
 * `<basePath>/console` and needs `auth.operatorSecret`: operators log in by pasting it.
 *
 * @example
 * ```ts
 * const handler = createHandler({
 *   pipelines: [calls, appointments],
 *   auth: { operatorSecret: process.env.OPERATOR_SECRET },
 *   console: { title: 'Acme support — callwire' }, // or `console: true`
 * });
 * // open http://localhost:3000/console and paste the operator secret
 * ```
 */
export interface ConsoleOptions {
  /** The name in the page header and titles (default `callwire console`). */
  title?: string | undefined;
  /** How long a login lasts, in minutes (default 480: a working day). */
  sessionMinutes?: number | undefined;
  /** Rows per page in the lists (default 50, at most 500). */
  pageSize?: number | undefined;
}

/** {@link ConsoleOptions} with the defaults filled in. */
export interface ResolvedConsoleOptions {
  title: string;
  sessionMs: number;
  pageSize: number;
}

/** Fills in the defaults; throws `TypeError` on values out of range. */
export function resolveConsoleOptions(options: true | ConsoleOptions): ResolvedConsoleOptions {
  const { title = 'callwire console', sessionMinutes = 480, pageSize = 50 } = options === true ? {} : options;
  if (!Number.isFinite(sessionMinutes) || sessionMinutes <= 0) throw optionError('createHandler', 'console.sessionMinutes', 'must be above 0 (minutes)');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw optionError('createHandler', 'console.pageSize', 'must be a whole number from 1 to 500');
  return { title, sessionMs: sessionMinutes * 60_000, pageSize };
}

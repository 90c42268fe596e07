import { CallwireError } from '../errors.js';

/** The longest call id or conversation id accepted at intake (derived job keys must stay addressable by URL). */
export const maxIdentifierLength = 200;
/** The longest id accepted in a path: an appointment's job key embeds a conversation id and an instant. */
export const maxPathIdentifierLength = 256;

/** Letters, digits and `_ . : @ + = ~ -`: printable, the same in a URL path segment as in the store, never a control or NUL. */
const identifierCharacters = /^[A-Za-z0-9_.:@+=~-]+$/;

/**
 * The one identifier rule, for call ids, conversation ids and the ids in paths: 1 to `maxLength`
 * characters of letters, digits and `_ . : @ + = ~ -`, and neither `.` nor `..` (a URL cannot reach
 * them: clients and proxies resolve them as path steps). Returns why `value` breaks the rule, or
 * `undefined` when it is an identifier. Intake answers a broken rule with 422 and the field path,
 * routes with 404; nothing that breaks it reaches a store (PostgreSQL refuses a NUL in text).
 *
 * @example
 * ```ts
 * identifierProblem('c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90'); // undefined
 * identifierProblem('a\u0000b'); // 'must be letters, digits, "_", ".", ":", "@", "+", "=", "~" or "-"'
 * identifierProblem('..'); // 'must not be "." or ".."'
 * ```
 */
export function identifierProblem(value: string, maxLength: number = maxIdentifierLength): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > maxLength) return `must be at most ${maxLength} characters`;
  if (!identifierCharacters.test(value)) return 'must be letters, digits, "_", ".", ":", "@", "+", "=", "~" or "-"';
  if (value === '.' || value === '..') return 'must not be "." or ".."';
  return undefined;
}

/** True when `value` is a string that follows {@link identifierProblem}'s rule. */
export function isIdentifier(value: unknown, maxLength: number = maxIdentifierLength): value is string {
  return typeof value === 'string' && identifierProblem(value, maxLength) === undefined;
}

/**
 * The `:id` of a route, under the identifier rule: an id that breaks it names nothing, so the route answers
 * 404 before any store sees it (a NUL made PostgreSQL fail with a 500 or 503).
 *
 * @example
 * ```ts
 * handle: async ({ params }) => json(await store.get(pathIdentifier(params)))
 * ```
 */
export function pathIdentifier(params: Record<string, string>, name = 'id'): string {
  const value = params[name] ?? '';
  if (identifierProblem(value, maxPathIdentifierLength) !== undefined) {
    throw new CallwireError('not_found', `No such ${name}: ids are letters, digits and "_ . : @ + = ~ -", at most ${maxPathIdentifierLength} characters.`);
  }
  return value;
}

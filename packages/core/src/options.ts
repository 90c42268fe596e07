import type { z } from 'zod';

/**
 * Validates a provider's options once, at construction: the first problem becomes a `TypeError` that
 * names the function and the option (`exotelCallDetails: option \`accountSid\` must be a non-empty string.`).
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, owner: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  throw path ? optionError(owner, path, issue.message) : new TypeError(`${owner}: ${issue.message}.`);
}

/**
 * The one wording of a bad option, for the checks zod does not express:
 * `optionError('createHandler', 'basePath', 'must start with "/"')` → `createHandler: option \`basePath\` must start with "/".`
 */
export const optionError = (owner: string, option: string, words: string): TypeError => new TypeError(`${owner}: option \`${option}\` ${words}.`);

/** Each field of `T`, optional; an explicit `undefined` means "the default", as an absent field does. */
export type Overrides<T> = { [K in keyof T]?: T[K] | undefined };

/**
 * `defaults` with the fields `overrides` sets — skipping those it sets to `undefined`, so that
 * `{ maxAttempts: process.env.X ? Number(process.env.X) : undefined }` keeps the default.
 */
export function withDefaults<T extends object>(defaults: T, overrides: Overrides<T> | undefined): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(overrides ?? {})) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  return merged;
}

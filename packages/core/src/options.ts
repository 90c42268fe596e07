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
  throw new TypeError(path ? `${owner}: option \`${path}\` ${issue.message}.` : `${owner}: ${issue.message}.`);
}

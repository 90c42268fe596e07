import { samePhoneNumber, type CountryCode } from '../phone.js';
import type { AgentHint } from './types.js';

/** One agent of the directory. Any of `email`, `phone`, `slackHandle` and `name` find the agent. */
export interface AgentEntry {
  name: string;
  /** The Slack user id (`U…`), so the MOM mentions the agent for real. */
  slackUserId?: string;
  department?: string;
  email?: string;
  phone?: string;
  /** The Slack handle users put in zaps (`@asha.verma`); matched without the `@`. */
  slackHandle?: string;
}

/** An agent as shown in the minutes. */
export interface ResolvedAgent {
  name?: string;
  slackUserId?: string;
  department?: string;
  /** The directory's e-mail, only when no Slack user id is known (a notifier may look the user up by it). */
  email?: string;
}

const slackUserId = /^[UW][A-Z0-9]{6,}$/;

/** The Slack user id in a handle such as `U04ASHA123`, `@U04ASHA123` or `<@U04ASHA123>`, if it is one. */
export function slackUserIdOf(handle: string | undefined): string | undefined {
  const bare = handle?.trim().replace(/^<@/, '').replace(/>$/, '').replace(/^@/, '');
  return bare && slackUserId.test(bare) ? bare : undefined;
}

const same = (a: string | undefined, b: string | undefined) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Resolves the agent a payload names against the directory: by e-mail, then phone (E.164), then
 * Slack handle, then name. A payload handle that already is a Slack user id is used as is. The
 * payload's name wins over the directory's for display; the directory supplies the id and department (and,
 * for an agent without a Slack user id, the e-mail to look one up by).
 *
 * @example
 * ```ts
 * resolveAgent({ email: 'ravi@acme.in' }, [{ name: 'Ravi Kumar', email: 'ravi@acme.in', slackUserId: 'U05RAVI456', department: 'Sales' }], 'IN');
 * // { name: 'Ravi Kumar', slackUserId: 'U05RAVI456', department: 'Sales' }
 * ```
 */
export function resolveAgent(hint: AgentHint | undefined, directory: readonly AgentEntry[], region: CountryCode): ResolvedAgent {
  if (!hint) return {};
  const handle = hint.slackHandle?.trim().replace(/^@/, '');
  const entry =
    directory.find((a) => same(a.email, hint.email)) ??
    directory.find((a) => !!a.phone && !!hint.phone && samePhoneNumber(a.phone, hint.phone, region)) ??
    directory.find((a) => same(a.slackHandle?.replace(/^@/, ''), handle)) ??
    directory.find((a) => same(a.name, hint.name));
  const userId = slackUserIdOf(hint.slackHandle) ?? entry?.slackUserId;
  return Object.fromEntries(Object.entries({
    name: hint.name ?? entry?.name,
    slackUserId: userId,
    department: entry?.department,
    email: userId ? undefined : entry?.email,
  }).filter(([, v]) => v !== undefined)) as ResolvedAgent;
}

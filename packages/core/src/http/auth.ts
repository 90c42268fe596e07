import { nodeCrypto } from '../node-builtins.js';
import { optionError } from '../options.js';
import { CallwireError } from '../errors.js';
import { ipAllowList } from './client-ip.js';
import type { HeaderReader } from './incoming.js';
import type { SharedGuessLimiter } from './shared-rate-limit.js';
import type { Route, RouteAuth } from './route.js';

/** Who may call which routes. An option set to `undefined` (e.g. an unset `process.env.X`) is not set. */
export interface AuthOptions {
  /**
   * The shared secret of `webhook` routes (several during a rotation). Senders put it in the
   * `X-Callwire-Secret` header, in `Authorization: Bearer <secret>`, or, when they cannot set
   * headers (Exotel), in `?token=<secret>`. Without it, webhook routes are open. At least 32 characters
   * (a shorter one throws at construction).
   */
  webhookSecret?: string | readonly string[] | undefined;
  /**
   * The secret of operator routes (`/jobs`, retries, operator views), sent as `Authorization: Bearer
   * <secret>` or `X-Callwire-Secret`. Operator routes are refused until it is set. At least 32 characters
   * (a shorter one throws at construction); it is also the console's login secret.
   */
  operatorSecret?: string | undefined;
  /**
   * Addresses or CIDR ranges allowed to call routes of a kind (`webhook`, `signature`, …) or one
   * route by its path (`/webhook/elevenlabs`); a path's list wins over its kind's.
   */
  allowIps?: Partial<Record<RouteAuth | `/${string}`, readonly string[]>> | undefined;
  /** Who may read `GET /stats`: `public` (default; uptime monitors read it) or `operator`. */
  stats?: 'public' | 'operator' | undefined;
}

/** Checks one request against one route's auth rule; throws `CallwireError` (401/403) when refused. */
export type Authorize = (route: Route, headers: HeaderReader, request: { readonly url: URL }, ip: string | undefined) => Promise<void> | undefined;

const digest = (value: string) => nodeCrypto().createHash('sha256').update(value).digest();

/** Compares a presented secret with the expected digests in constant time. */
function matches(expected: readonly Buffer[], presented: string): boolean {
  const candidate = digest(presented);
  let ok = false;
  for (const secret of expected) ok = nodeCrypto().timingSafeEqual(secret, candidate) || ok;
  return ok;
}

function presentedSecret(headers: HeaderReader): string | undefined {
  const header = headers.get('x-callwire-secret');
  if (header) return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '');
  return bearer?.[1]?.trim();
}

/** The shortest webhook or operator secret accepted: 32 characters (e.g. `openssl rand -hex 16` gives 32). */
export const minSecretLength = 32;

function secrets(value: string | readonly string[] | undefined, name: string): Buffer[] {
  const list = value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
  if (list.some((secret) => typeof secret !== 'string' || secret.length === 0)) throw optionError('createHandler', `auth.${name}`, 'must be a non-empty string');
  if (list.some((secret) => secret.length < minSecretLength)) {
    throw optionError('createHandler', `auth.${name}`, `must be at least ${minSecretLength} characters long (a shorter one can be guessed); generate one with \`openssl rand -hex 32\``);
  }
  return list.map(digest);
}

/**
 * Compiles {@link AuthOptions} into an {@link Authorize} check. With `guesses`, a client address that sent too
 * many wrong operator secrets gets 429 with `Retry-After` (before its secret is even compared).
 */
export function createAuthorize(options: AuthOptions = {}, guesses?: SharedGuessLimiter): Authorize {
  const webhook = secrets(options.webhookSecret, 'webhookSecret');
  const operator = secrets(options.operatorSecret, 'operatorSecret');
  const allowLists = new Map(Object.entries(options.allowIps ?? {}).map(([key, list]) => [key, ipAllowList(list ?? [])]));

  // Only the operator check waits (for the shared guess count): every other check answers at once (no promise).
  return (route, headers, request, ip) => {
    const allowed = allowLists.get(route.path) ?? allowLists.get(route.auth);
    if (allowed && !allowed(ip)) throw new CallwireError('forbidden', 'Your address is not allowed to call this route.');
    if (route.auth === 'webhook' && webhook.length > 0) {
      const presented = presentedSecret(headers) ?? request.url.searchParams.get('token') ?? undefined;
      if (presented === undefined) {
        throw new CallwireError('unauthorized', 'This webhook needs the shared secret: send it in the X-Callwire-Secret header, as Authorization: Bearer <secret>, or as ?token=<secret>.');
      }
      if (!matches(webhook, presented)) throw new CallwireError('unauthorized', 'The webhook secret does not match.');
    }
    if (route.auth === 'operator') return authorizeOperator(headers, ip);
    return undefined;
  };

  async function authorizeOperator(headers: HeaderReader, ip: string | undefined): Promise<void> {
    if (operator.length === 0) {
      throw new CallwireError('forbidden', 'Operator routes are disabled: set auth.operatorSecret in createHandler({ auth: { operatorSecret } }) and send it as Authorization: Bearer <secret>.');
    }
    const client = ip ?? 'unknown';
    const waitMs = await guesses?.retryAfterMs(client);
    if (waitMs !== undefined) throw new CallwireError('rate_limited', 'Too many wrong operator secrets from this address; wait and try again.', { retryAfterMs: waitMs });
    const presented = presentedSecret(headers);
    if (presented === undefined) throw new CallwireError('unauthorized', 'This operator route needs the operator secret as Authorization: Bearer <secret>.');
    if (!matches(operator, presented)) {
      await guesses?.fail(client);
      throw new CallwireError('unauthorized', 'The operator secret does not match.');
    }
  }
}

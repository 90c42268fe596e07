import { nodeCrypto } from '../node-builtins.js';

/**
 * The console's signed tokens. Every token is an HMAC under a key derived from the operator secret,
 * so the cookie never holds the secret, and rotating the secret ends every session.
 */

/** A logged-in operator's session, as its cookie carries it. */
export interface Session {
  /** Random, per login; the CSRF token is derived from it. */
  id: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** How long a login form's token stays valid. */
const loginTokenMs = 60 * 60 * 1000;

/** The console's signing key, derived from the operator secret. */
export const consoleKey = (operatorSecret: string): Buffer => nodeCrypto().createHmac('sha256', operatorSecret).update('callwire console v1').digest();

const mac = (key: Buffer, text: string) => nodeCrypto().createHmac('sha256', key).update(text).digest('base64url');

/** Compares two strings in constant time (their SHA-256 digests, so lengths leak nothing). */
export function sameText(a: string, b: string): boolean {
  const digest = (text: string) => nodeCrypto().createHash('sha256').update(text).digest();
  return nodeCrypto().timingSafeEqual(digest(a), digest(b));
}

/** A new session and its cookie value. */
export function issueSession(key: Buffer, now: number, ttlMs: number): { session: Session; value: string } {
  const session = { id: nodeCrypto().randomBytes(18).toString('base64url'), expiresAt: now + ttlMs };
  return { session, value: `${session.id}.${session.expiresAt}.${mac(key, `session.${session.id}.${session.expiresAt}`)}` };
}

/** The session a cookie value carries, or `undefined` when it is forged, malformed or expired. */
export function readSession(key: Buffer, value: string | undefined, now: number): Session | undefined {
  const match = /^([A-Za-z0-9_-]{16,64})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  if (!match) return undefined;
  const [, id, expires, signature] = match;
  if (!sameText(signature!, mac(key, `session.${id}.${expires}`))) return undefined;
  const expiresAt = Number(expires);
  return expiresAt > now ? { id: id!, expiresAt } : undefined;
}

/** The CSRF token of a session (sent in every form). */
export const csrfToken = (key: Buffer, session: Session): string => mac(key, `csrf.${session.id}`);

/** True when `presented` is the session's CSRF token. */
export const csrfMatches = (key: Buffer, session: Session, presented: unknown): boolean =>
  typeof presented === 'string' && sameText(presented, csrfToken(key, session));

/** A token for the login form (login happens before there is a session to bind a CSRF token to). */
export const loginToken = (key: Buffer, now: number): string => `${now}.${mac(key, `login.${now}`)}`;

/** True when `presented` is a login token issued within the last hour. */
export function loginTokenMatches(key: Buffer, presented: unknown, now: number): boolean {
  const match = typeof presented === 'string' ? /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(presented) : null;
  if (!match) return false;
  const issuedAt = Number(match[1]);
  return sameText(match[2]!, mac(key, `login.${match[1]}`)) && issuedAt <= now && now - issuedAt < loginTokenMs;
}

import { nodeCrypto } from '../node-builtins.js';
import type { JobStore } from '../engine/types.js';
import type { Session } from './session.js';

/**
 * Console sessions kept server-side, in the job store's shared records, so that every process sees the same
 * sessions: logging out ends one (a copied cookie stops working), "log out everywhere" ends all, and a new
 * operator secret ends all (their cookies' signatures no longer verify, and their records carry the old key's id).
 * A record is keyed by a hash of the session id: the store never holds a value a cookie could be made from.
 */

const namespace = 'console.sessions';
/** A session's "last seen" is written at most this often (one store write per minute per session, not per page). */
const touchEveryMs = 60_000;

/** What is stored about a session: no secret, no token. */
export interface SessionRecord {
  /** Epoch milliseconds. */
  createdAt: number;
  /** Epoch milliseconds (to the minute). */
  lastSeenAt: number;
  /** The client address the operator logged in from (after `trustProxy`). */
  ip?: string;
  /** Which operator secret the session was made under (a hash of the console key). */
  keyId: string;
}

/** An active session as the console lists it. */
export interface ActiveSession extends SessionRecord {
  /** The record's key (a hash of the session id; not usable as a cookie). */
  ref: string;
  expiresAt: number;
  /** The session of the operator looking at the list. */
  current: boolean;
}

const digest = (text: string | Buffer) => nodeCrypto().createHash('sha256').update(text).digest('base64url');
/** The record key of a session. */
const refOf = (session: Session) => digest(`callwire console session ${session.id}`);
/** Which console key (operator secret) a session belongs to. */
const keyIdOf = (key: Buffer) => digest(key).slice(0, 16);

/** Records a new session (after a successful login); sessions that expired are deleted on the way. */
export async function startSession(store: JobStore, key: Buffer, session: Session, ip: string | undefined, now: number): Promise<void> {
  const record: SessionRecord = { createdAt: now, lastSeenAt: now, ...(ip ? { ip } : {}), keyId: keyIdOf(key) };
  await store.putRecord(namespace, refOf(session), record, session.expiresAt);
  await store.listRecords(namespace, now); // deletes the expired ones
}

/** True when the signed session is still active (not logged out, not ended everywhere, same secret); notes it was seen. */
export async function isActive(store: JobStore, key: Buffer, session: Session, now: number): Promise<boolean> {
  const found = await store.getRecord(namespace, refOf(session), now);
  const record = found?.value as SessionRecord | undefined;
  if (!found || !record || record.keyId !== keyIdOf(key)) return false;
  if (now - record.lastSeenAt >= touchEveryMs) await store.putRecord(namespace, found.key, { ...record, lastSeenAt: now }, found.expiresAt);
  return true;
}

/** Ends one session (log out). */
export const endSession = (store: JobStore, session: Session): Promise<number> => store.deleteRecords(namespace, refOf(session));

/** Ends every session, in every process (log out everywhere). */
export const endAllSessions = (store: JobStore): Promise<number> => store.deleteRecords(namespace);

/** The active sessions under the current operator secret, soonest to expire first. */
export async function listSessions(store: JobStore, key: Buffer, now: number, current: Session): Promise<ActiveSession[]> {
  const keyId = keyIdOf(key);
  const currentRef = refOf(current);
  return (await store.listRecords(namespace, now))
    .filter((found) => (found.value as SessionRecord | null)?.keyId === keyId)
    .map((found) => ({ ...(found.value as SessionRecord), ref: found.key, expiresAt: found.expiresAt, current: found.key === currentRef }));
}

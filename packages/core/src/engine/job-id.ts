import { nodeCrypto } from '../node-builtins.js';

/**
 * A new job id for a store: a UUID version 7 (RFC 9562, section 5.7) — the epoch milliseconds in the first
 * 48 bits, then 74 random bits. Ids made one after another sort together, so each insert lands on the last
 * pages of a store's id index instead of a random page: a commit writes (and syncs) a few pages rather than
 * one per job, and the index stays in cache however large the table grows.
 *
 * @param now - the time to put in the id, in epoch milliseconds (default: now).
 */
export function newJobId(now = Date.now()): string {
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const random = nodeCrypto().randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: the version nibble is replaced, the variant kept
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

import { nodeNet } from '../node-builtins.js';
import { optionError } from '../options.js';
import type { HeaderReader } from './incoming.js';

/**
 * Which `X-Forwarded-For` entries to believe: `false` (default) uses the connection's address only;
 * a number `n` trusts the last `n` proxies in front of the server (what you want behind one load
 * balancer: `1`); `true` trusts every proxy and takes the left-most address.
 */
export type TrustProxy = boolean | number;

/** Strips IPv4-mapped IPv6 prefixes, brackets and ports, so `::ffff:10.0.0.1` and `10.0.0.1:443` read `10.0.0.1`. */
export function normalizeIp(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let ip = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(ip);
  if (v4WithPort) ip = v4WithPort[1]!;
  if (/^::ffff:\d{1,3}(?:\.\d{1,3}){3}$/i.test(ip)) ip = ip.slice(7);
  return nodeNet().isIP(ip) === 0 ? undefined : ip;
}

/** The last connection address read and what it read as (a connection's requests, and most callers, repeat it). */
let lastSocketIp: { raw: string | undefined; ip: string | undefined } = { raw: undefined, ip: undefined };

/** The caller's address: the connection's, or an `X-Forwarded-For` entry when proxies are trusted. */
export function clientIp(headers: HeaderReader, socketIp: string | undefined, trust: TrustProxy = false): string | undefined {
  if (lastSocketIp.raw !== socketIp) lastSocketIp = { raw: socketIp, ip: normalizeIp(socketIp) };
  const direct = lastSocketIp.ip;
  if (trust === false || trust === 0) return direct;
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  const chain = direct ? [...forwarded, direct] : forwarded;
  if (chain.length === 0) return undefined;
  const hops = trust === true ? chain.length - 1 : trust;
  return normalizeIp(chain[Math.max(0, chain.length - 1 - hops)]);
}

/**
 * Compiles an allow-list of addresses and CIDR ranges (`203.0.113.7`, `34.67.146.0/24`, `2001:db8::/32`)
 * into a check. Throws `TypeError` on an entry that is neither.
 */
export function ipAllowList(entries: readonly string[]): (ip: string | undefined) => boolean {
  const list = new (nodeNet().BlockList)();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const version = nodeNet().isIP(address);
    const bits = Number(prefix);
    if (version === 0 || (prefix !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= (version === 4 ? 32 : 128)))) {
      throw optionError('createHandler', 'auth.allowIps', `must list IP addresses or CIDR ranges (got ${JSON.stringify(entry)})`);
    }
    const type = version === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return (raw) => {
    const ip = normalizeIp(raw);
    if (!ip) return false;
    return list.check(ip, nodeNet().isIP(ip) === 4 ? 'ipv4' : 'ipv6');
  };
}

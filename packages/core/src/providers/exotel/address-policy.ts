import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32], ['100::', 64],
] as const) blocked.addSubnet(network, prefix, 'ipv6');

/**
 * True for addresses a server-side fetch must never reach: private, loopback, link-local (cloud
 * metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and documentation ranges,
 * and IPv4-mapped IPv6 forms of them.
 *
 * @example
 * ```ts
 * isForbiddenAddress('169.254.169.254'); // true
 * isForbiddenAddress('13.234.10.1'); // false
 * ```
 */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/i.test(bare)) return true;
    return blocked.check(bare, 'ipv6');
  }
  return blocked.check(bare, 'ipv4');
}

/** True when `host` (a hostname, or `host:port`) matches an entry: exact, `host:port`, or `*.suffix`. */
export function hostMatches(url: URL, entries: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const withPort = `${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  return entries.some((raw) => {
    const entry = raw.toLowerCase();
    if (entry.startsWith('*.')) return host.endsWith(entry.slice(1));
    return entry === host || entry === withPort;
  });
}

/** True for a loopback address literal (`127.x.x.x`, `::1`): a connection that never leaves the machine. */
export function isLoopbackLiteral(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return isIP(bare) === 6 && (bare === '::1' || /^::ffff:127\./i.test(bare));
}

/**
 * True when a request to `url` cannot be read on the way — the only way credentials (and recordings)
 * travel: HTTPS, or plain HTTP to a loopback address literal that `testHosts` names (a local fake
 * server: the bytes never leave the machine). A hostname such as `recordings.exotel.com` never
 * qualifies over plain HTTP, whatever it resolves to.
 */
export function isConfidentialTransport(url: URL, testHosts: readonly string[]): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackLiteral(url.hostname) && hostMatches(url, testHosts);
}

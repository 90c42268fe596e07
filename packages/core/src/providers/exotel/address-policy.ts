import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
const cidrs = (list: readonly string[]): Cidr[] => list.map((cidr) => ipaddr.parseCIDR(cidr));

/**
 * IPv4 networks refused besides every range ipaddr.js does not call `unicast` (private, loopback,
 * link-local, CGNAT, multicast, broadcast, reserved, benchmarking, AMT, AS112): "this network" and the
 * documentation and benchmarking ranges, named here whatever ipaddr.js's tables say.
 */
const refusedIpv4 = cidrs(['0.0.0.0/8', '192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4']);
/**
 * IPv6 networks refused besides every range ipaddr.js does not call `unicast` — above all the forms that
 * embed an IPv4 address, which a translator or tunnel may deliver to a private IPv4 host: NAT64
 * `64:ff9b::/96` (RFC 6052) and `64:ff9b:1::/48` (RFC 8215), 6to4 `2002::/16`, Teredo `2001::/32`, SIIT
 * `::ffff:0:0:0/96` (RFC 6145), IPv4-compatible `::/96` (RFC 4291 §2.5.5.1, with `::` and `::1`), and
 * site-local `fec0::/10` (deprecated, RFC 3879, still routed locally by some stacks).
 */
const refusedIpv6 = cidrs([
  '::/96', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8', '64:ff9b::/96', '64:ff9b:1::/48', '2002::/16', '2001::/32', '2001:db8::/32', '100::/64', '::ffff:0:0:0/96',
]);

const inAny = (address: ipaddr.IPv4 | ipaddr.IPv6, list: readonly Cidr[]) => list.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));

function isForbiddenIpv4(address: ipaddr.IPv4): boolean {
  return address.range() !== 'unicast' || inAny(address, refusedIpv4);
}

/**
 * True for addresses a server-side fetch must never reach: anything that is not global unicast, as
 * classified by ipaddr.js (private, loopback, link-local — cloud metadata at 169.254.169.254 —,
 * carrier-grade NAT, multicast, reserved and documentation ranges), every IPv6 form that embeds an IPv4
 * address (NAT64, 6to4, Teredo, SIIT, IPv4-compatible), site-local IPv6, and IPv4-mapped IPv6 forms of
 * refused IPv4 addresses. Anything that is not an IP address literal is refused too.
 *
 * @example
 * ```ts
 * isForbiddenAddress('169.254.169.254'); // true
 * isForbiddenAddress('64:ff9b::a9fe:a9fe'); // true (NAT64 of 169.254.169.254)
 * isForbiddenAddress('13.234.10.1'); // false
 * ```
 */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  // node:net decides what an address literal is (no octal, hex or short IPv4 forms); ipaddr.js classifies it.
  if (isIP(bare) === 0) return true;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(bare);
  } catch {
    return true;
  }
  if (parsed.kind() === 'ipv4') return isForbiddenIpv4(parsed as ipaddr.IPv4);
  const ipv6 = parsed as ipaddr.IPv6;
  if (ipv6.isIPv4MappedAddress()) return isForbiddenIpv4(ipv6.toIPv4Address());
  return ipv6.range() !== 'unicast' || inAny(ipv6, refusedIpv6);
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

import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { CallwireError } from '../../errors.js';
import { hostMatches, isForbiddenAddress } from './address-policy.js';

/** How {@link guardedGet} may reach hosts and where it sends credentials. */
export interface GuardPolicy {
  /** Hosts that receive the credentials; the first URL must be on one of them. */
  allowedHosts: readonly string[];
  /** TEST ONLY: `host:port` entries that may resolve to private or loopback addresses (local fakes). */
  allowPrivateHosts: readonly string[];
  /** The `Authorization` header value for allowed hosts. */
  authorization: string;
  maxRedirects: number;
  timeoutMs: number;
  /** Resolves a hostname to its addresses (default: the system resolver). */
  resolve?: (hostname: string) => Promise<string[]>;
}

const systemResolve = async (hostname: string) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

const refuse = (message: string) => new CallwireError('forbidden', message, { provider: 'exotel', retryable: false });

/**
 * GETs a URL under an SSRF guard: the first URL must be on an allowed host; redirects are followed
 * by hand (each hop re-checked); every hop's DNS answers are checked and the connection goes to the
 * checked address (no re-resolution, so no DNS rebinding); private, loopback and link-local
 * addresses are refused; credentials go only to allowed hosts over HTTPS (or a test-only host).
 * Resolves with the final response, its body unread.
 */
export async function guardedGet(start: string, policy: GuardPolicy, signal?: AbortSignal): Promise<{ response: IncomingMessage; url: URL }> {
  let url = parseUrl(start);
  if (!hostMatches(url, policy.allowedHosts)) throw refuse(`Recording host ${url.hostname} is not an allowed host; nothing was fetched.`);
  for (let hop = 0; ; hop++) {
    const testHost = hostMatches(url, policy.allowPrivateHosts);
    const address = await checkedAddress(url, testHost, policy.resolve ?? systemResolve);
    const credentials = hostMatches(url, policy.allowedHosts) && (url.protocol === 'https:' || testHost);
    const response = await send(url, address, credentials ? policy.authorization : undefined, policy.timeoutMs, signal);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      if (hop >= policy.maxRedirects) throw new CallwireError('provider_rejected', `Too many redirects fetching the recording (more than ${policy.maxRedirects}).`, { provider: 'exotel' });
      url = parseUrl(new URL(location, url).toString());
      continue;
    }
    return { response, url };
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('The recording URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(`Recording URLs must be http(s), not ${url.protocol}`);
  if (url.username || url.password) throw refuse('Recording URLs must not carry credentials.');
  return url;
}

async function checkedAddress(url: URL, testHost: boolean, resolve: (hostname: string) => Promise<string[]>): Promise<string> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(hostname) ? [hostname] : await resolve(hostname).catch((error: unknown) => {
    throw new CallwireError('provider_error', `Could not resolve the recording host ${hostname}.`, { provider: 'exotel', cause: error });
  });
  const forbidden = addresses.filter((address) => isForbiddenAddress(address));
  if (addresses.length === 0 || (forbidden.length > 0 && !testHost)) {
    throw refuse(`Recording host ${hostname} resolves to a private, loopback or link-local address; refused.`);
  }
  return addresses[0]!;
}

function send(url: URL, address: string, authorization: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<IncomingMessage> {
  const family = isIP(address);
  // Connect to the address that was checked, whatever the resolver would say now.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      lookup,
      signal,
      timeout: timeoutMs,
      headers: { 'user-agent': 'callwire', accept: 'audio/*, */*', ...(authorization ? { authorization } : {}) },
    });
    req.on('response', resolve);
    req.on('timeout', () => req.destroy(new CallwireError('timeout', 'The recording server did not answer in time.', { provider: 'exotel' })));
    req.on('error', reject);
    req.end();
  });
}

import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { CallwireError } from '../../errors.js';
import { hostMatches, isForbiddenAddress, isConfidentialTransport } from './address-policy.js';
import { getOverSocket, type SocketResponse } from './socket-response.js';

/** How {@link guardedGet} may reach hosts and where it sends credentials. */
export interface GuardPolicy {
  /** TEST ONLY: `host:port` entries that may resolve to private or loopback addresses (local fakes). */
  allowPrivateHosts: readonly string[];
  /**
   * The `Authorization` header for the first URL's origin (scheme, host and port), and for no other:
   * a redirect to another origin drops it. Omit it to fetch without credentials.
   */
  authorization?: string;
  maxRedirects: number;
  timeoutMs: number;
  /** Resolves a hostname to its addresses (default: the system resolver). */
  resolve?: (hostname: string) => Promise<string[]>;
}

const systemResolve = async (hostname: string) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A `forbidden` error for a recording URL that is not fetched (permanent). */
export const recordingRefused = (message: string) => new CallwireError('forbidden', message, { provider: 'exotel', retryable: false });

/**
 * GETs a URL under an SSRF guard. The caller has decided that the first URL may be fetched (see
 * `locateRecording`); from there, redirects are followed by hand (each hop re-checked); every hop's
 * DNS answers are checked and the connection goes to the checked address (no re-resolution, so no DNS
 * rebinding); private, loopback and link-local addresses are refused. Credentials go only to the first
 * URL's origin — never to another host after a redirect — and never over plain HTTP (a first URL that
 * would need them over HTTP is refused; the only exception is a loopback test host). Each hop is one
 * GET over {@link getOverSocket} (one reused read buffer per connection). Resolves with the final
 * response, its body unread.
 */
export async function guardedGet(start: string, policy: GuardPolicy, signal?: AbortSignal): Promise<{ response: SocketResponse; url: URL }> {
  const first = parseRecordingUrl(start);
  let url = first;
  for (let hop = 0; ; hop++) {
    const testHost = hostMatches(url, policy.allowPrivateHosts);
    const address = await checkedAddress(url, testHost, policy.resolve ?? systemResolve);
    if (hop === 0 && policy.authorization && !isConfidentialTransport(first, policy.allowPrivateHosts)) {
      throw recordingRefused(`Recording URL ${first.origin} is plain HTTP; credentials are sent over HTTPS only, so nothing was fetched.`);
    }
    const credentials = url.origin === first.origin ? policy.authorization : undefined;
    const response = await send(url, address, credentials, policy.timeoutMs, signal);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      response.close();
      if (hop >= policy.maxRedirects) throw new CallwireError('provider_rejected', `Too many redirects fetching the recording (more than ${policy.maxRedirects}).`, { provider: 'exotel' });
      url = parseRecordingUrl(new URL(location, url).toString());
      continue;
    }
    return { response, url };
  }
}

/** Parses a recording URL: http(s) only, without user name or password; otherwise `forbidden`. */
export function parseRecordingUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw recordingRefused('The recording URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw recordingRefused(`Recording URLs must be http(s), not ${url.protocol}`);
  if (url.username || url.password) throw recordingRefused('Recording URLs must not carry credentials.');
  return url;
}

async function checkedAddress(url: URL, testHost: boolean, resolve: (hostname: string) => Promise<string[]>): Promise<string> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(hostname) ? [hostname] : await resolve(hostname).catch((error: unknown) => {
    throw new CallwireError('provider_error', `Could not resolve the recording host ${hostname}.`, { provider: 'exotel', cause: error });
  });
  const forbidden = addresses.filter((address) => isForbiddenAddress(address));
  if (addresses.length === 0 || (forbidden.length > 0 && !testHost)) {
    throw recordingRefused(`Recording host ${hostname} resolves to a private, loopback or link-local address; refused.`);
  }
  return addresses[0]!;
}

function send(url: URL, address: string, authorization: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<SocketResponse> {
  // Connect to the address that was checked, whatever the resolver would say now.
  return getOverSocket({
    url,
    address,
    timeoutMs,
    signal,
    headers: { 'user-agent': 'callwire', accept: 'audio/*, */*', ...(authorization ? { authorization } : {}) },
  });
}

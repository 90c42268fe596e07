/**
 * SSRF attacks on `recording_url` against the real `exotelRecordings()`: private, loopback,
 * link-local, CGNAT and IPv6 local addresses in every spelling, non-http schemes, URLs with
 * credentials, DNS names that resolve there (an injected resolver), and redirects from the allowed
 * host into all of them. Every attack is refused with `forbidden` before a byte is sent, a listening
 * trap server receives nothing, and the credentials never leave the allowed host. Counted.
 * (test/call/ssrf.test.ts covers the allow-list and one attack through the whole pipeline.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exotelRecordings, isForbiddenAddress } from '@callwire/core/exotel';
import { createFakeExotel, listen, received, type LocalServer, type ReceivedRequest } from '@callwire/core/testing';

const exotel = createFakeExotel();
let server: LocalServer;
let trap: LocalServer;
const trapped: ReceivedRequest[] = [];
let attacks = 0;

beforeAll(async () => {
  server = await exotel.start();
  trap = await listen((req, res) => { trapped.push(received(req)); res.writeHead(200, { 'content-type': 'audio/mpeg' }).end('secret'); });
});
afterAll(async () => {
  await Promise.all([server.close(), trap.close()]);
  console.log(`fault suite: ${attacks} SSRF attacks refused`);
});

const exotelHost = () => new URL(server.url).host;
const source = (overrides: Partial<Parameters<typeof exotelRecordings>[0]> = {}) =>
  exotelRecordings({ apiKey: exotel.apiKey, apiToken: exotel.apiToken, allowedHosts: [exotelHost()], allowPrivateHosts: [exotelHost()], timeoutMs: 2_000, notYetAvailable: { initialDelayMs: 1, maxDelayMs: 1, deadlineMs: 10 }, ...overrides });

async function refused(open: () => Promise<unknown>, name: string): Promise<void> {
  attacks++;
  await expect(open(), name).rejects.toMatchObject({ code: 'forbidden' });
}

/** Loopback, private, link-local, CGNAT, reserved and IPv6-local hosts, in the spellings URLs allow. */
const forbiddenHosts = () => [
  '127.0.0.1', '127.1.2.3', `127.0.0.1:${trap.port}`, '0.0.0.0', '0', '2130706433', '0x7f000001', '0177.0.0.1', '127.1',
  '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.0.1', '192.168.255.255', '169.254.169.254', '169.254.0.1',
  '100.64.0.1', '198.18.0.1', '224.0.0.1', '255.255.255.255',
  '[::1]', `[::1]:${trap.port}`, '[::]', '[fe80::1]', '[fc00::1]', '[fd12:3456::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::ffff:169.254.169.254]', '[::ffff:10.0.0.1]', '[64:ff9b::a9fe:a9fe]',
];
const privateAddresses = ['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.10', '169.254.169.254', '100.100.100.200', '::1', 'fe80::1', 'fd00::1', 'fc00::abcd', '::ffff:127.0.0.1', '::ffff:192.168.0.1'];
/** IPv4 embedded in IPv6 (NAT64, 6to4, Teredo, SIIT, IPv4-compatible) and site-local: each reaches an IPv4 host through a translator or tunnel. */
const embeddingAddresses = [
  '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b::d22:101', '64:ff9b:1::a9fe:a9fe', '64:ff9b:1:ffff::1',
  '2002:7f00:1::1', '2002:a9fe:a9fe::1', '2002:a00:1::',
  '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  '::ffff:0:7f00:1', '::ffff:0:a9fe:a9fe', '::ffff:0:a00:1',
  '::7f00:1', '::a9fe:a9fe', '::a00:1', '::127.0.0.1', '::169.254.169.254',
  'fec0::1', 'fed0::1', 'feff:ffff::1',
];
const badSchemes = ['file:///etc/passwd', 'ftp://recordings.exotel.com/rec.mp3', 'data:audio/mpeg;base64,AAAA', 'gopher://127.0.0.1:70/_x', 'javascript:alert(1)', 'ws://recordings.exotel.com/rec.mp3', 'jar:file:///x!/y', 'not a url', ''];

describe('recording_url SSRF attacks are refused without sending anything', () => {
  it('loopback, private, link-local and IPv6-local hosts, even when the allow-list names them', async () => {
    for (const host of forbiddenHosts()) {
      const url = `http://${host}/exotelrecordings/acme1/c1.mp3`;
      const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
      await refused(() => source({ allowedHosts: [hostname, new URL(url).host], allowPrivateHosts: [] }).open({ url, callId: 'c1' }), url);
      await refused(() => exotelRecordings({ apiKey: 'k', apiToken: 't' }).open({ url, callId: 'c1' }), `${url} (default allow-list)`);
    }
  });

  it('IPv6 forms that embed an IPv4 address, and site-local IPv6, as DNS answers and as https host literals', async () => {
    for (const address of embeddingAddresses) {
      const rebinding = source({ allowedHosts: ['recordings.exotel.com'], allowPrivateHosts: [], resolve: async () => [address] });
      await refused(() => rebinding.open({ url: 'https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3', callId: 'c1' }), `resolves to ${address}`);
      const url = `https://[${address}]/exotelrecordings/acme1/c1.mp3`;
      await refused(() => source({ allowedHosts: [new URL(url).hostname.replace(/^\[|\]$/g, '')], allowPrivateHosts: [] }).open({ url, callId: 'c1' }), url);
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    // Global unicast stays reachable, also IPv4-mapped.
    for (const address of ['13.234.1.1', '2406:da00:ff00::1', '::ffff:13.234.1.1', '2a05:d018::1']) expect(isForbiddenAddress(address), address).toBe(false);
  });

  it('file:, ftp:, data: and other schemes, and URLs carrying credentials', async () => {
    for (const url of [...badSchemes, `http://user:pass@${exotelHost()}/exotelrecordings/acme1/c1.mp3`, `https://${exotel.apiKey}:x@recordings.exotel.com/a.mp3`]) {
      await refused(() => source({ allowedHosts: ['recordings.exotel.com', exotelHost(), '127.0.0.1'] }).open({ url, callId: 'c1' }), url);
    }
  });

  it('DNS names that resolve to private addresses (also when one answer of several is private)', async () => {
    for (const address of privateAddresses) {
      for (const answers of [[address], ['13.234.1.1', address]]) {
        const rebinding = source({ allowedHosts: ['recordings.exotel.com'], allowPrivateHosts: [], resolve: async () => answers });
        await refused(() => rebinding.open({ url: 'https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3', callId: 'c1' }), `${answers.join(',')}`);
      }
    }
    const nothing = source({ allowedHosts: ['recordings.exotel.com'], allowPrivateHosts: [], resolve: async () => [] });
    await refused(() => nothing.open({ url: 'https://recordings.exotel.com/a.mp3', callId: 'c1' }), 'no addresses');
  });

  it('redirects from the allowed host into any of them: the trap hears nothing, credentials stay home', async () => {
    const targets = [
      ...forbiddenHosts().map((host) => `http://${host}/latest/meta-data/`),
      `${trap.url}/stolen.mp3`,
      `http://localhost:${trap.port}/stolen.mp3`,
      `http://[::ffff:127.0.0.1]:${trap.port}/stolen.mp3`,
      'http://rebind.attacker.test/stolen.mp3',
      ...badSchemes.filter((url) => url.includes(':')),
    ];
    const resolve = async () => ['127.0.0.1'];
    for (const [index, target] of targets.entries()) {
      const url = exotel.addRedirect(server, `/exotelrecordings/acme1/redirect-${index}.mp3`, target);
      await refused(() => source({ resolve }).open({ url, callId: `r${index}` }), `redirect → ${target}`);
    }
    // A chain of redirects on the allowed host that finally leaves it is refused too.
    const hop2 = exotel.addRedirect(server, '/exotelrecordings/acme1/hop2.mp3', `${trap.url}/stolen.mp3`);
    const hop1 = exotel.addRedirect(server, '/exotelrecordings/acme1/hop1.mp3', hop2);
    await refused(() => source().open({ url: hop1, callId: 'chain' }), 'redirect chain');

    // The same source still fetches from the allowed host, with its credentials: the refusals are the guard's.
    const audio = await source({ resolve }).open({ url: exotel.addRecording(server, 'allowed'), callId: 'allowed' });
    await audio.stream.cancel();
    expect(exotel.requests.at(-1)!.headers.authorization).toMatch(/^Basic /);
    expect(trapped).toEqual([]);
    const leaked = exotel.requests.filter((request) => !request.path.startsWith('/exotelrecordings/'));
    expect(leaked).toEqual([]);
  });
});

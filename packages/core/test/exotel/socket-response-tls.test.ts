/**
 * The recording client over TLS against a local TLS server with the fake SMTP server's self-signed
 * certificate (CN and SAN `localhost`): refused while the certificate is not trusted (verification is on),
 * and — in a child process that trusts it through NODE_EXTRA_CA_CERTS, which Node reads only at start —
 * the body arrives whole over the connection to the checked address, with the URL's host as server name
 * (SNI), ALPN `http/1.1`, and a name the certificate does not cover refused.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fakeSmtpCertificate, fakeSmtpPrivateKey } from '../../src/testing/fakes/smtp-tls.js';
import { getOverSocket } from '../../src/providers/exotel/socket-response.js';

const body = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7 + 3) % 256));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const seen: { servername: string | false | null; alpn: string | false | null; request: string }[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer({ cert: fakeSmtpCertificate, key: fakeSmtpPrivateKey, ALPNProtocols: ['http/1.1'] }, (socket: TLSSocket) => {
    let text = '';
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1');
      if (!text.includes('\r\n\r\n')) return;
      seen.push({ servername: socket.servername, alpn: socket.alpnProtocol, request: text });
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

it('an untrusted certificate is refused before any request is sent', async () => {
  const before = seen.length;
  await expect(getOverSocket({ url: new URL(`https://localhost:${port}/rec.mp3`), address: '127.0.0.1', headers: {}, timeoutMs: 2_000 }))
    .rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  expect(seen.length).toBe(before);
});

it('a trusted certificate: the whole body, SNI and ALPN from the URL; a name the certificate does not cover is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-tls-'));
  try {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, fakeSmtpCertificate);
    const client = fileURLToPath(new URL('../../src/providers/exotel/socket-response.ts', import.meta.url));
    const script = `
      import { getOverSocket } from ${JSON.stringify(client)};
      import { createHash } from 'node:crypto';
      const get = async (host) => {
        const response = await getOverSocket({ url: new URL('https://' + host + ':${port}/rec.mp3'), address: '127.0.0.1', headers: {}, timeoutMs: 2000 });
        const reader = response.body(Infinity, () => new Error('too large')).getReader({ mode: 'byob' });
        const hash = createHash('sha256');
        let buffer = new ArrayBuffer(65536);
        for (;;) {
          const { value, done } = await reader.read(new Uint8Array(buffer));
          if (done) break;
          hash.update(value);
          buffer = value.buffer;
        }
        return { status: response.status, sha: hash.digest('hex') };
      };
      const ok = await get('localhost');
      const wrongName = await get('recordings.example').then(() => 'fetched', (error) => error.code);
      process.stdout.write(JSON.stringify({ ok, wrongName }));
    `;
    const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, env: { ...process.env, NODE_EXTRA_CA_CERTS: ca } });
    const result = JSON.parse(stdout) as { ok: { status: number; sha: string }; wrongName: string };
    expect(result.ok).toEqual({ status: 200, sha: sha(body) });
    expect(result.wrongName).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ servername: 'localhost', alpn: 'http/1.1' });
    expect(last.request).toMatch(/^GET \/rec\.mp3 HTTP\/1\.1\r\nhost: localhost:\d+\r\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

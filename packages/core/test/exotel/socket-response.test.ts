/**
 * The recording download's own HTTP/1.1 client on the wire: raw TCP servers answer with exactly the
 * bytes each test writes (chunk extensions and trailers, Content-Length, a body ended by the connection,
 * a head too large, a truncated body, a malformed chunk size, a redirect to another origin), and the
 * recording must come out byte for byte, or fail with a clear retryable error — never as a short recording.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { exotelRecordings } from '@callwire/core/exotel';

interface RawServer {
  url: string;
  host: string;
  /** The request heads received, as text. */
  requests: string[];
  /** Sockets that closed (the client's side going away is seen here). */
  closed: number;
}

const servers: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(({ server, sockets }) => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  }));
});

/** A TCP server that reads each request head, then hands the socket to `answer`. */
async function rawServer(answer: (socket: Socket, head: string) => void): Promise<RawServer> {
  const state: RawServer = { url: '', host: '', requests: [], closed: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let text = '';
    let answered = false;
    socket.on('data', (data: Buffer) => {
      if (answered) return;
      text += data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      answered = true;
      state.requests.push(text.slice(0, end));
      answer(socket, text.slice(0, end));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      state.closed++;
    });
  });
  servers.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  state.host = `127.0.0.1:${port}`;
  state.url = `http://${state.host}`;
  return state;
}

const source = (hosts: string[], overrides: Partial<Parameters<typeof exotelRecordings>[0]> = {}) =>
  exotelRecordings({ apiKey: 'key', apiToken: 'token', allowedHosts: hosts, allowPrivateHosts: hosts, timeoutMs: 2_000, notYetAvailable: { initialDelayMs: 1, maxDelayMs: 1, deadlineMs: 10 }, ...overrides });

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const pattern = (length: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 31 + 7) % 251));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('body framing', () => {
  it('chunked, with chunk extensions, upper-case hex and trailer fields, split across writes: the exact bytes', async () => {
    const body = pattern(200_000);
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n');
      socket.write(`${(70_000).toString(16).toUpperCase()};name=value;other="quoted;x"\r\n`);
      socket.write(body.subarray(0, 70_000));
      socket.write(`\r\n${(130_000).toString(16)} ; ext\r\n`);
      socket.write(body.subarray(70_000, 130_001));
      socket.end(Buffer.concat([body.subarray(130_001), Buffer.from('\r\n0;last=1\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n')]));
    });
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'chunked' });
    expect(audio).toMatchObject({ contentType: 'audio/mpeg' });
    expect(audio.size).toBeUndefined();
    expect(sha(await bytesOf(audio.stream))).toBe(sha(body));
  });

  it('head and chunked framing arriving a few bytes at a time: parsed across reads', async () => {
    const wire = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-T: 1\r\n\r\n');
    const server = await rawServer((socket) => {
      socket.setNoDelay(true);
      let at = 0;
      const next = () => {
        if (at >= wire.length) return void socket.end();
        socket.write(wire.subarray(at, at + 3));
        at += 3;
        setTimeout(next, 1);
      };
      next();
    });
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'slow' });
    expect((await bytesOf(audio.stream)).toString()).toBe('abc0123456789abcdef');
  });

  it('a chunked body ending exactly at the last chunk and trailers is complete even if the connection stays open', async () => {
    const server = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'));
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'open' });
    expect((await bytesOf(audio.stream)).toString()).toBe('hello');
  });

  it('Content-Length: the exact bytes, and the size from the header', async () => {
    const body = pattern(300_000);
    const server = await rawServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nContent-Type: audio/wav\r\n\r\n`);
      socket.write(body.subarray(0, 1000));
      setTimeout(() => socket.write(body.subarray(1000)), 5);
    });
    const audio = await source([server.host]).open({ url: `${server.url}/rec.wav`, callId: 'length' });
    expect(audio).toMatchObject({ size: body.length, contentType: 'audio/wav' });
    expect(sha(await bytesOf(audio.stream))).toBe(sha(body));
  });

  it('no length at all: the body runs until the server closes the connection', async () => {
    const body = pattern(150_000);
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n');
      socket.end(body);
    });
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'close' });
    expect(sha(await bytesOf(audio.stream))).toBe(sha(body));
  });

  it('a BYOB reader with small views gets every byte, copied into its own buffers', async () => {
    const body = pattern(100_000);
    const server = await rawServer((socket) => socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body])));
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'byob' });
    const reader = audio.stream.getReader({ mode: 'byob' });
    const parts: Buffer[] = [];
    let buffer = new ArrayBuffer(1000);
    for (;;) {
      const { value, done } = await reader.read(new Uint8Array(buffer, 0, 777));
      if (done) break;
      parts.push(Buffer.from(value));
      buffer = value.buffer as ArrayBuffer;
    }
    expect(sha(Buffer.concat(parts))).toBe(sha(body));
  });

  it('an interim 103 answer before the real one is skipped', async () => {
    const server = await rawServer((socket) => socket.end('HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc'));
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'interim' });
    expect((await bytesOf(audio.stream)).toString()).toBe('abc');
  });
});

describe('malformed or cut answers fail clearly (retryable), never as a short recording', () => {
  it('a head over 64 KiB', async () => {
    const server = await rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\nbody`));
    await expect(source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'bighead' }))
      .rejects.toMatchObject({ code: 'provider_error', retryable: true, message: expect.stringContaining('head over 65536 bytes') });
  });

  it('fewer bytes than Content-Length, then the connection closes', async () => {
    const server = await rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(60_000)}`));
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'short' });
    await expect(bytesOf(audio.stream)).rejects.toMatchObject({ code: 'provider_error', retryable: true, message: expect.stringContaining('after 60000 of 100000 bytes') });
  });

  it('a chunked body cut before its last chunk', async () => {
    const server = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'));
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'cut' });
    await expect(bytesOf(audio.stream)).rejects.toMatchObject({ code: 'provider_error', message: expect.stringContaining('incomplete') });
  });

  it.each([
    ['a chunk size that is not hex', 'zz\r\nhello\r\n0\r\n\r\n', 'malformed chunk size'],
    ['a chunk longer than its size', '3\r\nhello\r\n0\r\n\r\n', 'longer than its size'],
    ['a chunk size line ended by a bare LF', '5\nhello\r\n0\r\n\r\n', 'malformed chunk size'],
    ['a chunk size past 2^52', `${'f'.repeat(14)}\r\n`, 'chunk size too large'],
  ])('%s', async (_name, chunked, message) => {
    const server = await rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`));
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'badchunk' });
    await expect(bytesOf(audio.stream)).rejects.toMatchObject({ code: 'provider_error', retryable: true, message: expect.stringContaining(message) });
  });

  it.each([
    ['a garbled status line', 'HTTP/1.1 OK\r\n\r\n', 'malformed status line'],
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello', 'invalid Content-Length'],
    ['a transfer coding other than chunked', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 'unsupported Transfer-Encoding'],
    ['a folded header line', 'HTTP/1.1 200 OK\r\nX-A: 1\r\n  folded\r\nContent-Length: 0\r\n\r\n', 'folded'],
  ])('%s', async (_name, answer, message) => {
    const server = await rawServer((socket) => socket.end(answer));
    await expect(source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'badhead' }))
      .rejects.toMatchObject({ code: 'provider_error', retryable: true, message: expect.stringContaining(message) });
  });

  it('a connection closed before any answer', async () => {
    const server = await rawServer((socket) => socket.end());
    await expect(source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'nothing' }))
      .rejects.toMatchObject({ code: 'provider_error', message: expect.stringContaining('without answering') });
  });

  it('past maxBytes in a chunked body: payload_too_large; at the limit it passes', async () => {
    const server = await rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'2710\r\n' + 'a'.repeat(10_000) + '\r\n'}${'2710\r\n' + 'b'.repeat(10_000) + '\r\n'}0\r\n\r\n`));
    const over = await source([server.host], { maxBytes: 19_999 }).open({ url: `${server.url}/rec.mp3`, callId: 'over' });
    await expect(bytesOf(over.stream)).rejects.toMatchObject({ code: 'payload_too_large', retryable: false });
    const at = await source([server.host], { maxBytes: 20_000 }).open({ url: `${server.url}/rec.mp3`, callId: 'at' });
    expect((await bytesOf(at.stream)).length).toBe(20_000);
  });
});

describe('the request and the connection', () => {
  it('sends a plain GET with Host, the credential, Accept-Encoding: identity and Connection: close', async () => {
    const server = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const audio = await source([server.host]).open({ url: `${server.url}/exotelrecordings/acme1/c1.mp3?x=1`, callId: 'request' });
    await bytesOf(audio.stream);
    const [line, ...fields] = server.requests[0]!.split('\r\n');
    expect(line).toBe('GET /exotelrecordings/acme1/c1.mp3?x=1 HTTP/1.1');
    expect(fields).toEqual(expect.arrayContaining([
      `host: ${server.host}`,
      `authorization: Basic ${Buffer.from('key:token').toString('base64')}`,
      'accept-encoding: identity',
      'connection: close',
      'user-agent: callwire',
    ]));
  });

  it('a redirect to another origin over the socket client drops the credential; the same origin keeps it', async () => {
    const other = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nother'));
    const first = await rawServer((socket, head) => {
      const same = head.startsWith('GET /same ');
      socket.end(same ? 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nsame' : `HTTP/1.1 302 Found\r\nLocation: ${head.startsWith('GET /to-same ') ? '/same' : `${other.url}/moved.mp3`}\r\nContent-Length: 3\r\n\r\nbye`);
    });
    const recordings = source([first.host, other.host]);
    expect((await bytesOf((await recordings.open({ url: `${first.url}/to-other`, callId: 'r1' })).stream)).toString()).toBe('other');
    expect(other.requests[0]).toMatch(/^GET \/moved\.mp3 HTTP\/1\.1\r\n/);
    expect(other.requests[0]).not.toMatch(/authorization/i);
    expect(first.requests[0]).toMatch(/\r\nauthorization: Basic /);

    expect((await bytesOf((await recordings.open({ url: `${first.url}/to-same`, callId: 'r2' })).stream)).toString()).toBe('same');
    expect(first.requests.at(-1)).toMatch(/^GET \/same HTTP\/1\.1\r\n[^]*authorization: Basic /);
  });

  it('aborting mid-download fails the read and closes the connection', async () => {
    let serverSocketClosed: Promise<void> = Promise.resolve();
    const server = await rawServer((socket) => {
      serverSocketClosed = new Promise((resolve) => socket.on('close', () => resolve()));
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n${'x'.repeat(50_000)}`); // and never the rest
    });
    const controller = new AbortController();
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'abort' }, { signal: controller.signal });
    const reader = audio.stream.getReader();
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0);
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    await serverSocketClosed; // the client closed its side: the server's socket closes
    expect(server.closed).toBe(1);
  });

  it('cancelling the stream closes the connection', async () => {
    let serverSocketClosed: Promise<void> = Promise.resolve();
    const server = await rawServer((socket) => {
      serverSocketClosed = new Promise((resolve) => socket.on('close', () => resolve()));
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n${'x'.repeat(1000)}`);
    });
    const audio = await source([server.host]).open({ url: `${server.url}/rec.mp3`, callId: 'cancel' });
    await audio.stream.cancel();
    await serverSocketClosed;
    expect(server.closed).toBe(1);
  });

  it('a server that stops sending mid-body: a retryable timeout', async () => {
    const server = await rawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc'));
    const audio = await source([server.host], { timeoutMs: 100 }).open({ url: `${server.url}/rec.mp3`, callId: 'stall' });
    await expect(bytesOf(audio.stream)).rejects.toMatchObject({ code: 'timeout', retryable: true });
  });
});

/**
 * Measures the peak RSS added while a recording streams through `exotelRecordings` (`MODE=read`: the
 * byte stream is read to the end with a BYOB reader into one reused buffer — a default reader would get a
 * fresh buffer per chunk, which costs what `bare` costs) or through the fetch step's real path
 * (`MODE=upload`: opened and handed to `assemblyAITranscriber().submit`, which reads the byte stream into
 * two reused buffers and uploads it over node:http), or, for reference, while bare `node:http`
 * reads the same recording and drops every chunk (`MODE=bare`: the floor set by Node's socket reads,
 * each a fresh buffer that only a garbage collection frees), or, to show where that floor comes from, a
 * raw socket reading the same response into one reused buffer (`MODE=reused`: `net`'s `onread`, no
 * allocation per read, the body bytes counted and dropped). Runs in a fresh process with the same
 * modules loaded in every mode; prints JSON, with the peak of `arrayBuffers` (where the excess sits).
 */
import { get } from 'node:http';
import { connect } from 'node:net';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';

const base = process.env.SERVER_URL!;
const host = new URL(base).host;
const recordings = exotelRecordings({ apiKey: 'bench-key', apiToken: 'bench-token', allowedHosts: [host], allowPrivateHosts: [host], maxBytes: 1024 ** 3 });
const transcriber = assemblyAITranscriber({ apiKey: 'bench-key', baseUrl: base });

// Warm up every code path on tiny requests so module loading and JIT are not counted: a JSON POST, a
// streamed upload through the transcriber's fetch path (a plain stream) and its byte-stream path (the
// path MODE=upload takes).
await fetch(`${base}/v2/transcript`, { method: 'POST', body: '{}' }).then((r) => r.text());
const tiny = new ReadableStream<Uint8Array>({ pull(controller) { controller.enqueue(new Uint8Array(1024)); controller.close(); } });
await transcriber.submit({ stream: tiny, contentType: 'audio/mpeg', size: 1024 }, { channels: 1 });
const tinyBytes = new ReadableStream<Uint8Array>({ type: 'bytes', pull(controller) { controller.enqueue(new Uint8Array(1024)); controller.close(); } });
await transcriber.submit({ stream: tinyBytes, contentType: 'audio/mpeg', size: 1024 }, { channels: 1 });
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 100));
const before = process.memoryUsage.rss();
let peak = before;
let arrayBuffers = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage.rss());
  arrayBuffers = Math.max(arrayBuffers, process.memoryUsage().arrayBuffers);
};
const sampler = setInterval(sample, 2);

const started = performance.now();
let bytes = 0;
if (process.env.MODE === 'bare') {
  const authorization = `Basic ${Buffer.from('bench-key:bench-token').toString('base64')}`;
  await new Promise((resolve, reject) => {
    get(`${base}/rec.mp3`, { headers: { authorization } }, (response) => {
      response.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
      response.on('end', resolve).on('error', reject);
    }).on('error', reject);
  });
} else if (process.env.MODE === 'reused') {
  bytes = await readIntoReusedBuffer(new URL(`${base}/rec.mp3`));
} else if (process.env.MODE === 'upload') {
  const audio = await recordings.open({ url: `${base}/rec.mp3`, callId: 'bench' });
  await transcriber.submit(audio, { channels: 1 });
  bytes = audio.size ?? Number.NaN;
} else {
  const audio = await recordings.open({ url: `${base}/rec.mp3`, callId: 'bench' });
  const reader = audio.stream.getReader({ mode: 'byob' });
  let buffer = new ArrayBuffer(64 * 1024);
  for (;;) {
    const { value, done } = await reader.read(new Uint8Array(buffer));
    if (done) break;
    bytes += value.byteLength;
    buffer = value.buffer as ArrayBuffer; // a BYOB read transfers the buffer: the view it returns is the one kept
  }
}
const ms = performance.now() - started;
clearInterval(sampler);
sample();
process.stdout.write(JSON.stringify({ bytes, ms: Math.round(ms), before_mb: before / 2 ** 20, peak_mb: peak / 2 ** 20, added_mb: (peak - before) / 2 ** 20, array_buffers_mb: arrayBuffers / 2 ** 20 }) + '\n');

/** GETs `url` over a plain socket reading into one 64 KiB buffer; resolves the body's length (all bytes after the head). */
function readIntoReusedBuffer(url: URL): Promise<number> {
  const authorization = `Basic ${Buffer.from('bench-key:bench-token').toString('base64')}`;
  let head = '';
  let body = -1;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port),
      onread: {
        buffer: Buffer.allocUnsafeSlow(64 * 1024),
        callback(length: number, buffer: Uint8Array) {
          if (body >= 0) {
            body += length;
          } else {
            head += Buffer.from(buffer.buffer, buffer.byteOffset, length).toString('latin1');
            const end = head.indexOf('\r\n\r\n');
            if (end >= 0) body = head.length - end - 4;
          }
          return true;
        },
      },
    });
    socket.on('connect', () => socket.write(`GET ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: ${authorization}\r\nconnection: close\r\n\r\n`));
    socket.on('close', () => resolve(body)).on('error', reject);
  });
}

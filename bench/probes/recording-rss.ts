/**
 * Measures the peak RSS added while a recording streams through `exotelRecordings` (`MODE=read`: the
 * stream is read to the end) or through the fetch step's real path (`MODE=upload`: opened and handed
 * to `assemblyAITranscriber().submit`, which uploads it). Runs in a fresh process; prints JSON.
 */
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';

const base = process.env.SERVER_URL!;
const host = new URL(base).host;
const recordings = exotelRecordings({ apiKey: 'bench-key', apiToken: 'bench-token', allowedHosts: [host], allowPrivateHosts: [host], maxBytes: 1024 ** 3 });
const transcriber = assemblyAITranscriber({ apiKey: 'bench-key', baseUrl: base });

// Warm up every code path on a tiny request so module loading and JIT are not counted.
await fetch(`${base}/v2/transcript`, { method: 'POST', body: '{}' }).then((r) => r.text());
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 100));
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);

const started = performance.now();
const audio = await recordings.open({ url: `${base}/rec.mp3`, callId: 'bench' });
let bytes = 0;
if (process.env.MODE === 'upload') {
  await transcriber.submit(audio, { channels: 1 });
  bytes = audio.size ?? Number.NaN;
} else {
  for await (const chunk of audio.stream as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
}
const ms = performance.now() - started;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(JSON.stringify({ bytes, ms: Math.round(ms), before_mb: before / 2 ** 20, peak_mb: peak / 2 ** 20, added_mb: (peak - before) / 2 ** 20 }) + '\n');

/**
 * `recording_rss`: the peak RSS added while a 100 MiB recording (generated, served by a local server
 * in its own process with Basic auth) streams through `exotelRecordings` (its own HTTP/1.1 client reading
 * the socket into one reused buffer, the body a Web byte stream), read to the end with a BYOB reader
 * (`read`) and uploaded through `assemblyAITranscriber().submit` as the fetch and transcribe steps do
 * (`upload`: a BYOB reader, two reused buffers, node:http), next to bare
 * `node:http` reading the same bytes (`bare`, the floor: every socket read is a fresh buffer, freed only
 * by a garbage collection, and V8 collects the young generation's buffers once about 32 MiB of them
 * have piled up: `--trace-gc` logs those scavenges as "external memory pressure"), and a raw socket
 * reading into one reused buffer (`reused`: no allocation per read, what is left without that cost).
 * Each measurement runs in a fresh process started with `--expose-gc` (a full collection before the
 * baseline); the modes are interleaved; medians of five.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startScript } from '../load.js';
import { median } from '../stats.js';

const run = promisify(execFile);
const SIZE_MB = 100;
const RUNS = 5;
const server = fileURLToPath(new URL('../servers/recording.ts', import.meta.url));
const probe = fileURLToPath(new URL('../probes/recording-rss.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Probe { bytes: number; ms: number; before_mb: number; peak_mb: number; added_mb: number; array_buffers_mb: number }

export async function runRecordingBench(log: (line: string) => void) {
  const recordings = await startScript(server, { SIZE_MB: String(SIZE_MB) });
  const samples: Record<'bare' | 'reused' | 'read' | 'upload', Probe[]> = { bare: [], reused: [], read: [], upload: [] };
  try {
    for (let index = 0; index < RUNS; index++) {
      for (const mode of ['bare', 'reused', 'read', 'upload'] as const) {
        const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', probe], { cwd: repoRoot, env: { ...process.env, SERVER_URL: recordings.url, MODE: mode } });
        const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Probe;
        if (mode !== 'upload' && result.bytes !== SIZE_MB * 2 ** 20) throw new Error(`recording_rss: read ${result.bytes} bytes`);
        samples[mode].push(result);
      }
    }
  } finally {
    await recordings.stop();
  }
  const mb = (list: Probe[], key: keyof Probe) => Number(median(list.map((p) => p[key])).toFixed(1));
  const result = {
    recording_mb: SIZE_MB,
    rss_added_mb: Math.max(mb(samples.read, 'added_mb'), mb(samples.upload, 'added_mb')),
    read_rss_added_mb: mb(samples.read, 'added_mb'),
    upload_rss_added_mb: mb(samples.upload, 'added_mb'),
    bare_http_rss_added_mb: mb(samples.bare, 'added_mb'),
    reused_buffer_rss_added_mb: mb(samples.reused, 'added_mb'),
    array_buffers_peak_mb: Math.max(mb(samples.read, 'array_buffers_mb'), mb(samples.upload, 'array_buffers_mb')),
    bare_array_buffers_peak_mb: mb(samples.bare, 'array_buffers_mb'),
    reused_array_buffers_peak_mb: mb(samples.reused, 'array_buffers_mb'),
    samples_added_mb: Object.fromEntries(Object.entries(samples).map(([mode, list]) => [mode, list.map((p) => Number(p.added_mb.toFixed(1)))])),
    read_ms: mb(samples.read, 'ms'),
    upload_ms: mb(samples.upload, 'ms'),
    rss_before_mb: mb(samples.read, 'before_mb'),
    runs: RUNS,
    figure: '',
  };
  result.figure = `+${result.rss_added_mb} MB peak RSS (read ${result.read_rss_added_mb}, upload via transcriber.submit ${result.upload_rss_added_mb}; bare node:http read ${result.bare_http_rss_added_mb}, one reused buffer ${result.reused_buffer_rss_added_mb}; arrayBuffers peak ${result.array_buffers_peak_mb}, bare ${result.bare_array_buffers_peak_mb}, reused ${result.reused_array_buffers_peak_mb})`;
  log(`recording_rss: ${result.figure}; ${SIZE_MB} MiB in ${result.read_ms} ms (read), ${result.upload_ms} ms (upload); every run's MB: ${JSON.stringify(result.samples_added_mb)}`);
  return { recording_rss: result };
}

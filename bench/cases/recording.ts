/**
 * `recording_rss`: the peak RSS added while a 100 MiB recording (generated, served by a local server
 * in its own process with Basic auth) streams through `exotelRecordings`, read to the end (`read`) and
 * uploaded through the AssemblyAI SDK as the fetch and transcribe steps do (`upload`). Each
 * measurement runs in a fresh process; medians of three.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startScript } from '../load.js';
import { median } from '../stats.js';

const run = promisify(execFile);
const SIZE_MB = 100;
const RUNS = 3;
const server = fileURLToPath(new URL('../servers/recording.ts', import.meta.url));
const probe = fileURLToPath(new URL('../probes/recording-rss.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Probe { bytes: number; ms: number; before_mb: number; peak_mb: number; added_mb: number }

export async function runRecordingBench(log: (line: string) => void) {
  const recordings = await startScript(server, { SIZE_MB: String(SIZE_MB) });
  const samples: Record<'read' | 'upload', Probe[]> = { read: [], upload: [] };
  try {
    for (let index = 0; index < RUNS; index++) {
      for (const mode of ['read', 'upload'] as const) {
        const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', probe], { cwd: repoRoot, env: { ...process.env, SERVER_URL: recordings.url, MODE: mode } });
        const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Probe;
        if (mode === 'read' && result.bytes !== SIZE_MB * 2 ** 20) throw new Error(`recording_rss: read ${result.bytes} bytes`);
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
    read_ms: mb(samples.read, 'ms'),
    upload_ms: mb(samples.upload, 'ms'),
    rss_before_mb: mb(samples.read, 'before_mb'),
    runs: RUNS,
    figure: '',
  };
  result.figure = `+${result.rss_added_mb} MB peak RSS (read ${result.read_rss_added_mb}, upload via transcriber.submit ${result.upload_rss_added_mb})`;
  log(`recording_rss: ${result.figure}; ${SIZE_MB} MiB in ${result.read_ms} ms (read), ${result.upload_ms} ms (upload)`);
  return { recording_rss: result };
}

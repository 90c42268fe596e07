/**
 * Engine overhead: jobs of the real call pipeline run by the worker with zero-latency in-process
 * providers, on the memory store and on SQLite. The baseline calls the same three providers for each
 * job without the engine (no store, no steps), so the difference is what the engine costs. CPU is
 * `process.cpuUsage()` around `worker.drain()`; intake is not counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCallPipeline, createWorker, type JobStore } from '@callwire/core';
import type { Audio, ChatNotifier, RecordingSource, Transcriber, Transcript } from '@callwire/core';
import { createMemoryStore } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';
import { median } from '../stats.js';

const JOBS = Number(process.env.BENCH_ENGINE_JOBS ?? 2_000);
const ROUNDS = 3;

const transcript: Transcript = {
  id: 't1',
  text: 'Hello. Hi.',
  channels: 1,
  utterances: [
    { speaker: 'A', text: 'Thank you for calling Acme support, this is Asha. How can I help?', start: 0, end: 1_000 },
    { speaker: 'B', text: 'Hi, my order still shows as processing.', start: 1_000, end: 2_000 },
  ],
};
const recordings: RecordingSource = {
  name: 'bench-recordings',
  open: async (): Promise<Audio> => ({ stream: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(16)), c.close()) }), contentType: 'audio/mpeg' }),
};
const transcriber: Transcriber = {
  name: 'bench-transcriber',
  submit: async (audio) => (await audio.stream.cancel(), { id: 't1', channels: 1 }),
  wait: async () => transcript,
};
let posted = 0;
const notifier: ChatNotifier = { name: 'bench-chat', post: async () => (posted++, { parts: 1 }) };

const payload = (index: number) => ({
  call_id: `engine-${index}`,
  from_number: '+919876543210',
  to_number: '09631084471',
  duration: 187,
  recording_url: `https://recordings.exotel.com/exotelrecordings/acme1/engine-${index}.mp3`,
  timestamp: '2026-11-20T09:42:17Z',
  status: 'completed',
  agent_name: 'Asha Verma',
});

const cpuMicros = () => { const usage = process.cpuUsage(); return usage.user + usage.system; };

/** Runs JOBS jobs through a worker; returns jobs/s and CPU µs per job. */
async function throughEngine(store: JobStore): Promise<{ rps: number; cpu: number }> {
  const calls = createCallPipeline({ store, recordings, transcriber, notifier, supportNumbers: ['+919631084471'] });
  for (let index = 0; index < JOBS; index++) await calls.receive(payload(index), 'zapier');
  const worker = createWorker({ pipelines: [calls], concurrency: 4 });
  const before = posted;
  const cpu = cpuMicros();
  const started = process.hrtime.bigint();
  const counts = await worker.drain();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = cpuMicros() - cpu;
  if (counts.succeeded !== JOBS || posted - before !== JOBS) throw new Error(`engine bench: ${counts.succeeded}/${JOBS} jobs succeeded`);
  await store.close();
  return { rps: Math.round(JOBS / seconds), cpu: used / JOBS };
}

/** The same provider calls without the engine. */
async function bare(): Promise<{ rps: number; cpu: number }> {
  const cpu = cpuMicros();
  const started = process.hrtime.bigint();
  for (let index = 0; index < JOBS; index++) {
    const audio = await recordings.open({ url: payload(index).recording_url, callId: payload(index).call_id });
    await transcriber.wait(await transcriber.submit(audio, { channels: 1 }));
    await notifier.post({ kind: 'call-minutes', minutes: {} as never });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rps: Math.round(JOBS / seconds), cpu: (cpuMicros() - cpu) / JOBS };
}

export async function runEngineBench(log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-bench-engine-'));
  const samples = { bare: [] as { rps: number; cpu: number }[], memory: [] as { rps: number; cpu: number }[], sqlite: [] as { rps: number; cpu: number }[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      samples.bare.push(await bare());
      samples.memory.push(await throughEngine(createMemoryStore()));
      samples.sqlite.push(await throughEngine(createSqliteStore({ filename: join(dir, `engine-${round}.db`), synchronous: 'normal' })));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rps = (list: { rps: number }[]) => median(list.map((s) => s.rps));
  const cpu = (list: { cpu: number }[]) => Math.round(median(list.map((s) => s.cpu)));
  const result = {
    baseline_rps: rps(samples.bare),
    callwire_rps: rps(samples.sqlite),
    ratio: Number((rps(samples.sqlite) / rps(samples.bare)).toFixed(3)),
    cpu_us_per_job: cpu(samples.sqlite),
    memory_store_rps: rps(samples.memory),
    memory_store_cpu_us_per_job: cpu(samples.memory),
    baseline_cpu_us_per_job: cpu(samples.bare),
    jobs_per_round: JOBS,
    rounds: ROUNDS,
    worker_concurrency: 4,
    store: 'sqlite (synchronous=normal); memory store reported too',
    figure: '',
  };
  result.figure = `${result.cpu_us_per_job} µs CPU/job on SQLite (memory store ${result.memory_store_cpu_us_per_job}; providers alone ${result.baseline_cpu_us_per_job})`;
  log(`engine: ${result.callwire_rps} jobs/s, ${result.figure}`);
  return { engine: result };
}

/**
 * The job engine end to end on a real SQLite file: three calls are accepted (one of them delivered
 * twice), a flaky "transcription provider" fails once with a 503 and is retried, and every job
 * finishes exactly once. Run: `pnpm demo`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallwireError, createPipeline, createWorker } from '@callwire/core';
import { createSqliteStore } from '@callwire/store-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'callwire-demo-'));
const store = createSqliteStore({ filename: join(dir, 'callwire.db') });
const started = Date.now();
const log = (line: string) => console.log(`${String(Date.now() - started).padStart(5)} ms  ${line}`);

let transcriptionOutages = 1; // the provider answers 503 once
const posted: string[] = [];

const calls = createPipeline<{ callId: string; agent: string }>({
  name: 'calls',
  store,
  retry: { baseDelayMs: 300, maxDelayMs: 1_000 },
  async run(call, { step }) {
    const recording = await step('fetch-recording', () => `recording-of-${call.callId}.mp3`);
    const transcript = await step('transcribe', () => {
      if (transcriptionOutages-- > 0) {
        throw new CallwireError('provider_error', 'Transcription provider answered 503', { provider: 'demo', providerStatus: 503 });
      }
      return `Agent ${call.agent}: Thank you for calling… (${recording})`;
    });
    await step('post-slack', () => posted.push(`${call.callId}: ${transcript}`));
  },
});

calls.events.on('job.queued', ({ key }) => log(`accepted   ${key}`));
calls.events.on('job.duplicate', ({ key, status }) => log(`duplicate  ${key} (already ${status}; nothing new stored)`));
calls.events.on('step.succeeded', ({ key, step }) => log(`step ok    ${key} ${step}`));
calls.events.on('step.reused', ({ key, step }) => log(`step saved ${key} ${step} (not redone)`));
calls.events.on('job.failed', ({ key, error, retryAt }) => log(`retry      ${key} in ${retryAt - Date.now()} ms: ${error.message}`));
calls.events.on('job.succeeded', ({ key, attempt }) => log(`finished   ${key} after ${attempt} attempt(s)`));
calls.events.on('job.dead', ({ key, error }) => log(`DEAD       ${key}: ${error.message}`));

const worker = createWorker({ pipelines: [calls], concurrency: 2, pollIntervalMs: 100 });
worker.start();

const deliveries = [
  { callId: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90', agent: 'Asha' },
  { callId: 'b6cfaf0f7a4b4c1e8f2d9a0c3e5b7d21', agent: 'Ravi' },
  { callId: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90', agent: 'Asha' }, // the sender retried
  { callId: 'e1d2c3b4a5f60718293a4b5c6d7e8f90', agent: 'Meera' },
];
for (const call of deliveries) await calls.enqueue(call.callId, call);

const deadline = Date.now() + 20_000;
while ((await store.stats()).byStatus.succeeded < 3) {
  if (Date.now() > deadline) throw new Error('The demo jobs did not finish within 20 s.');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await worker.stop();
const stats = await store.stats();
await store.close();
rmSync(dir, { recursive: true, force: true });

console.log(`\nPosted ${posted.length} messages:`);
for (const line of posted) console.log(`  ${line}`);
console.log(`\nSummary: ${deliveries.length} deliveries → ${stats.total} jobs, ${stats.byStatus.succeeded} succeeded, ${stats.byStatus.dead} dead; each call posted exactly once.`);
if (posted.length !== 3 || stats.byStatus.succeeded !== 3) process.exit(1);

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createCallPipeline, createWorker } from '@callwire/core';
import { afterEach, expect, it } from 'vitest';
import { startHarness, zapierCall, type Harness } from './harness.js';

const script = fileURLToPath(new URL('./fixtures/crash-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

let h: Harness;
afterEach(async () => { await h.close(); });

it('SIGKILL after transcription and before posting: resumed, one Slack post, no second transcription', async () => {
  h = await startHarness();
  const payload = zapierCall();
  payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
  expect((await h.postJson('/webhook/zapier', payload)).status).toBe(200);

  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: {
      ...process.env, DB_FILE: h.dbFile,
      EXOTEL_KEY: h.exotel.apiKey, EXOTEL_TOKEN: h.exotel.apiToken, EXOTEL_HOST: new URL(h.exotelServer.url).host,
      ASSEMBLY_KEY: h.assembly.apiKey, ASSEMBLY_URL: h.assemblyUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) if (line === 'IN_POST') break;
  child.kill('SIGKILL');
  const [, signal] = await once(child, 'exit');
  expect(signal).toBe('SIGKILL');

  const crashed = await h.job(String(payload.call_id));
  expect(crashed.status).toBe('running');
  expect(crashed.steps.transcribe?.status).toBe('succeeded');
  // The post's intent is recorded before the notifier is called; nothing reached Slack.
  expect(crashed.steps['post-slack']).toMatchObject({ status: 'intent', attempts: 1 });
  expect(h.assembly.submissions).toHaveLength(1);
  expect(h.slack.messages).toHaveLength(0);

  // A new worker in this process, its clock past the dead worker's lease: the job is claimable again.
  const later = createCallPipeline({ ...h.options, clock: () => Date.now() + 120_000 });
  const counts = await createWorker({ pipelines: [later], leaseMs: 10_000 }).drain();
  expect(counts.succeeded).toBe(1);

  const done = await h.job(String(payload.call_id));
  expect(done.status).toBe('succeeded');
  expect(done.attempts).toBe(2);
  expect(done.steps.transcribe?.attempts).toBe(2); // two parked looks before the kill, none after it
  expect(done.steps['fetch-recording']?.attempts).toBe(1);
  expect(h.assembly.submissions).toHaveLength(1);
  expect(h.assembly.uploads).toHaveLength(1);
  expect(h.exotel.requests.filter((r) => r.path.includes('/exotelrecordings/'))).toHaveLength(1);
  expect(h.slack.messages).toHaveLength(1);
}, 60_000);

/**
 * Providers that misbehave on the wire — never answering (timeouts), resetting the connection,
 * 429 with Retry-After, 5xx — behind a fault-injecting proxy in front of each local fake, with the real
 * SDKs and the real call pipeline on SQLite: retried to success with every side effect exactly once.
 * A permanent error makes the job dead with the provider's message, and a re-drive finishes it.
 * (test/call/faults.test.ts covers Slack 429/500, AssemblyAI 500s and permanent AssemblyAI/Slack errors.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCallPipeline, createWorker, type Job } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { createSandbox, sampleJson, type Sandbox } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

const PROVIDER_TIMEOUT_MS = 300;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => { await cleanup?.(); cleanup = undefined; });

/** The call pipeline with every provider reached through its own fault proxy. */
async function start() {
  const sandbox: Sandbox = await createSandbox({ serveAnyRecording: false });
  const { fakes } = sandbox;
  const [exotelProxy, assemblyProxy, slackProxy] = await Promise.all([
    startFaultProxy(fakes.exotelServer.url),
    startFaultProxy(fakes.assemblyaiServer.url),
    startFaultProxy(fakes.slackServer.url),
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'callwire-faults-'));
  const store = createSqliteStore({ filename: join(dir, 'faults.db'), synchronous: 'normal' });
  const proxyHost = new URL(exotelProxy.url).host;
  const calls = createCallPipeline({
    store,
    recordings: exotelRecordings({ apiKey: fakes.exotel.apiKey, apiToken: fakes.exotel.apiToken, allowedHosts: [proxyHost], allowPrivateHosts: [proxyHost], timeoutMs: PROVIDER_TIMEOUT_MS }),
    transcriber: assemblyAITranscriber({ apiKey: fakes.assemblyai.apiKey, baseUrl: assemblyProxy.url, pollIntervalMs: 1, maxPollIntervalMs: 5 }),
    notifier: slackWebhookNotifier({ url: `${slackProxy.url}/services/T000/B000/default`, timeoutMs: PROVIDER_TIMEOUT_MS, minIntervalMs: 0 }),
    supportNumbers: ['+919631084471'],
    retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5, jitter: false, maxRetryAfterMs: 5 },
  });
  const worker = createWorker({ pipelines: [calls], concurrency: 2, leaseMs: 10_000 });
  cleanup = async () => {
    await store.close();
    await Promise.all([exotelProxy.close(), assemblyProxy.close(), slackProxy.close()]);
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  };

  async function settle(): Promise<void> {
    for (let round = 0; round < 400; round++) {
      await worker.drain();
      const { byStatus } = await store.stats();
      if (byStatus.queued + byStatus.running + byStatus.waiting + byStatus.failed === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('jobs did not settle');
  }

  /** Receives the fixture call with its recording on the fake Exotel, reached through the proxy. */
  async function receive(callId: string): Promise<void> {
    const payload = sampleJson('zapierCall');
    payload.call_id = callId;
    const direct = new URL(fakes.exotel.addRecording(fakes.exotelServer, callId));
    payload.recording_url = `${exotelProxy.url}${direct.pathname}`;
    await calls.receive(payload, 'zapier');
  }

  const job = async (callId: string): Promise<Job> => (await store.getByKey('calls', callId))!;
  const uploads = () => fakes.assemblyai.uploads.length;
  return { sandbox, fakes, calls, store, settle, receive, job, uploads, proxies: { exotel: exotelProxy, assembly: assemblyProxy, slack: slackProxy } };
}

function once(h: Awaited<ReturnType<typeof start>>) {
  expect(h.fakes.slack.messages).toHaveLength(1);
  expect(h.fakes.assemblyai.submissions).toHaveLength(1);
}

it('Slack never answering (timeout) and resetting the connection: retried, one message, one transcription', async () => {
  const h = await start();
  h.proxies.slack.plan(['hang', 'reset', { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }]);
  await h.receive('slack-faults');
  await h.settle();
  const job = await h.job('slack-faults');
  expect(job.status).toBe('succeeded');
  expect(job.steps['post-slack']?.attempts).toBe(4);
  expect(job.steps.transcribe?.attempts).toBe(1);
  expect(h.proxies.slack.log.map((entry) => entry.fault)).toEqual(['hang', 'reset', 'status 429', 'pass']);
  once(h);
});

it('the recording server never answering, resetting, and answering 503: retried, fetched and transcribed once', async () => {
  const h = await start();
  h.proxies.exotel.plan(['hang', 'reset', { status: 503 }]);
  await h.receive('exotel-faults');
  await h.settle();
  const job = await h.job('exotel-faults');
  expect(job.status).toBe('succeeded');
  expect(h.proxies.exotel.log.map((entry) => entry.fault)).toEqual(['hang', 'reset', 'status 503', 'pass']);
  expect(h.uploads()).toBe(1);
  once(h);
});

it('AssemblyAI resetting the upload, answering 429 with Retry-After and 500 on the poll: retried, one transcript, one message', async () => {
  const h = await start();
  h.proxies.assembly.plan(['reset', { status: 429, headers: { 'retry-after': '1' }, body: '{"error":"Too many requests"}' }], '/v2/upload');
  h.proxies.assembly.plan(['reset', { status: 500, body: '{"error":"Internal server error"}' }], '/v2/transcript/');
  await h.receive('assembly-faults');
  await h.settle();
  const job = await h.job('assembly-faults');
  expect(job.status).toBe('succeeded');
  expect(h.proxies.assembly.log.filter((entry) => entry.fault !== 'pass')).toHaveLength(4);
  expect(h.uploads()).toBe(1);
  expect(h.fakes.slack.messages).toHaveLength(1);
});

it('a permanent Exotel 403 makes the job dead at once with the provider\'s answer; a re-drive finishes it exactly once', async () => {
  const h = await start();
  h.proxies.exotel.plan([{ status: 403, body: '{"RestException":{"Message":"Authentication failed"}}' }]);
  await h.receive('exotel-403');
  await h.settle();
  const dead = await h.job('exotel-403');
  expect(dead.status).toBe('dead');
  expect(dead.attempts).toBe(1);
  expect(dead.error).toMatchObject({ step: 'fetch-recording', provider: 'exotel', code: 'provider_rejected' });
  expect(dead.error?.message).toContain('403');
  expect(h.fakes.assemblyai.submissions).toHaveLength(0);

  await h.calls.redrive(dead.id);
  await h.settle();
  expect((await h.job('exotel-403')).status).toBe('succeeded');
  once(h);
});

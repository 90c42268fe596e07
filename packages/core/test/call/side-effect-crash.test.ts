import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeAssemblyAI, createFakeExotel, createFakeSlack, createFakeSlackWebApi, type LocalServer } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { killInWindow, resumeAll, type HoldingFake } from '../kill-in-window.js';
import { answeredCall, missedCall, sideEffectCalls, sideEffectChannel, type SideEffectCallsEnv } from './fixtures/side-effect-calls.js';

const script = fileURLToPath(new URL('./fixtures/side-effect-worker.ts', import.meta.url));
const runs = 20;

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const cleanup of cleanups.splice(0).reverse()) await cleanup(); });

/** A SQLite file for the killed workers and the resuming one. */
function sqliteFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-side-effects-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'calls.db');
}

/**
 * `runs` times: a worker process takes a new call, and is SIGKILLed by `fake` once it accepted the step's request
 * and before the answer reaches it — the effect is made, its step not recorded. Then one worker in this process (its
 * clock past the dead workers' leases) resumes every job. Returns the store's jobs and the events of the resume.
 */
async function crashEach(fake: HoldingFake, env: SideEffectCallsEnv, step: string, input: (callId: string) => import('@callwire/core').CallInput = missedCall) {
  const dbFile = sqliteFile();
  const store = createSqliteStore({ filename: dbFile });
  cleanups.push(() => store.close());
  const intake = sideEffectCalls(store, env);
  const calls = sideEffectCalls(store, env, () => Date.now() + 3_600_000);
  const ids = await killInWindow({
    runs, script, fake, env: { ...env, DB_FILE: dbFile } as unknown as Record<string, string>,
    enqueue: async (run) => (await intake.enqueue(`crash-${run}`, input(`crash-${run}`))).job.id,
    afterKill: async (id) => expect((await calls.get(id))?.steps[step]).toMatchObject({ status: 'intent', attempts: 1 }),
  });
  const { drained, count } = await resumeAll(calls, ids);
  expect(drained).toMatchObject({ failed: 0, dead: 0 });
  const jobs = await Promise.all(ids.map(async (id) => (await calls.get(id))!));
  expect(jobs.map((job) => job.status)).toEqual(ids.map(() => 'succeeded'));
  return { jobs, count };
}

/** The Slack crash tests: the post is the step killed in. */
const crashEachPost = (fake: HoldingFake, env: SideEffectCallsEnv) => crashEach(fake, env, 'post-slack');

describe('SIGKILL between Slack accepting a post and the step record', () => {
  it(`Web API notifier: the resumed job finds its post by metadata — ${runs} kills, 0 duplicates`, async () => {
    const slack = createFakeSlackWebApi({ channels: [sideEffectChannel] });
    const server: LocalServer = await slack.start();
    cleanups.push(() => server.close());
    const { jobs, count } = await crashEachPost(slack, { NOTIFIER: 'webapi', SLACK_URL: slack.url(server), SLACK_TOKEN: slack.token });
    const posts = slack.calls('chat.postMessage').length;
    for (const job of jobs) {
      expect(job.status).toBe('succeeded');
      expect(job.steps['post-slack']).toMatchObject({ status: 'succeeded', confirmed: true, attempts: 1 });
      expect(slack.messages.filter((m) => m.metadata?.event_payload.call_id === job.key)).toHaveLength(1);
    }
    expect({ posts, messages: slack.messages.length, confirmed: count('step.confirmed'), maybeDuplicated: count('step.maybe-duplicated') })
      .toEqual({ posts: runs, messages: runs, confirmed: runs, maybeDuplicated: 0 });
  }, 120_000);

  it(`incoming webhook: cannot confirm — every re-post is reported (${runs} kills, ${runs} duplicates, ${runs} events)`, async () => {
    const slack = createFakeSlack();
    const server: LocalServer = await slack.start();
    cleanups.push(() => server.close());
    const { jobs, count } = await crashEachPost(slack, { NOTIFIER: 'webhook', SLACK_URL: `${server.url}/services/T000/B000/crash` });
    for (const job of jobs) {
      expect(job.status).toBe('succeeded');
      expect(job.steps['post-slack']).toMatchObject({ status: 'succeeded', attempts: 2, maybeDuplicated: 1 });
    }
    const duplicates = slack.messages.length - runs;
    expect({ messages: slack.messages.length, duplicates, reported: count('step.maybe-duplicated') }).toEqual({ messages: 2 * runs, duplicates: runs, reported: runs });
  }, 120_000);
});

describe('SIGKILL between AssemblyAI accepting a submission and the step record', () => {
  it(`the resumed job finds its transcript by the marker in its webhook URL — ${runs} kills, 0 second uploads or submissions`, async () => {
    const assembly = createFakeAssemblyAI({ webhookProcessingMs: 1 });
    const exotel = createFakeExotel();
    const slack = createFakeSlackWebApi({ channels: [sideEffectChannel] });
    const [assemblyServer, exotelServer, slackServer] = await Promise.all([assembly.start(), exotel.start(), slack.start()]);
    cleanups.push(() => Promise.all([assemblyServer.close(), exotelServer.close(), slackServer.close()]));
    const env: SideEffectCallsEnv = {
      NOTIFIER: 'webapi', SLACK_URL: slack.url(slackServer), SLACK_TOKEN: slack.token,
      ASSEMBLY_URL: assemblyServer.url, ASSEMBLY_KEY: assembly.apiKey, ASSEMBLY_WEBHOOK: 'http://127.0.0.1:9/webhook/assemblyai',
      EXOTEL_KEY: exotel.apiKey, EXOTEL_TOKEN: exotel.apiToken, EXOTEL_HOST: new URL(exotelServer.url).host,
    };
    const holding: HoldingFake = { beforeAnswering: (hook) => assembly.beforeAnswering(hook) };
    const { jobs, count } = await crashEach(holding, env, 'fetch-recording', (callId) => answeredCall(callId, exotel.addRecording(exotelServer, callId)));
    for (const job of jobs) {
      expect(job.status).toBe('succeeded');
      expect(job.steps['fetch-recording']).toMatchObject({ status: 'succeeded', confirmed: true, attempts: 1 });
      expect(job.steps.transcribe).toMatchObject({ status: 'succeeded' });
    }
    const recordingGets = exotel.requests.filter((r) => r.path.includes('/exotelrecordings/')).length;
    expect({ uploads: assembly.uploads.length, submissions: assembly.submissions.length, recordingGets, posts: slack.messages.length, confirmed: count('step.confirmed'), maybeDuplicated: count('step.maybe-duplicated') })
      .toEqual({ uploads: runs, submissions: runs, recordingGets: runs, posts: runs, confirmed: runs, maybeDuplicated: 0 });
    // Each job's transcript is the one its own submission made.
    const ids = new Set(jobs.map((job) => (job.steps['fetch-recording']!.result as { id: string }).id));
    expect(ids.size).toBe(runs);
  }, 180_000);
});

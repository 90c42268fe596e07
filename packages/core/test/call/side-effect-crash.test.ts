import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createWorker, type PipelineEvents } from '@callwire/core';
import { createFakeSlack, createFakeSlackWebApi, type LocalServer } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { missedCall, sideEffectCalls, sideEffectChannel, type SideEffectCallsEnv } from './fixtures/side-effect-calls.js';

const script = fileURLToPath(new URL('./fixtures/side-effect-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const runs = 20;

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const cleanup of cleanups.splice(0).reverse()) await cleanup(); });

/** A fake that holds its answer to each accepted post until the hook returns. */
interface HoldingFake {
  beforeAnswering(hook: (() => Promise<void>) | undefined): void;
}

/**
 * `runs` times: a worker process takes a new call, and is SIGKILLed by the fake Slack once its post is accepted and
 * before the answer reaches it — the post is made, its step not recorded. Then one worker in this process (its clock
 * past the dead workers' leases) resumes every job. Returns the store's jobs and the events of the resume.
 */
async function crashEachPost(fake: HoldingFake, env: SideEffectCallsEnv) {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-side-effects-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbFile = join(dir, 'calls.db');
  const store = createSqliteStore({ filename: dbFile });
  cleanups.push(() => store.close());
  const intake = sideEffectCalls(store, env);
  const calls = sideEffectCalls(store, env, () => Date.now() + 120_000);
  const ids: string[] = [];
  for (let run = 1; run <= runs; run++) {
    const callId = `crash-${run}`;
    ids.push((await intake.enqueue(callId, missedCall(callId))).job.id);
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...env, DB_FILE: dbFile }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    fake.beforeAnswering(async () => { child.kill('SIGKILL'); await exited; });
    for await (const line of createInterface({ input: child.stdout! })) if (line === 'READY') break;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000); // never hang: a run that does not post fails below
    const [, signal] = await exited;
    clearTimeout(timer);
    fake.beforeAnswering(undefined);
    expect(signal).toBe('SIGKILL');
    expect((await calls.get(ids.at(-1)!))?.steps['post-slack']).toMatchObject({ status: 'intent', attempts: 1 });
  }
  const events: Array<[keyof PipelineEvents, unknown]> = [];
  calls.events.on('*', (type, payload) => events.push([type, payload]));
  expect(await createWorker({ pipelines: [calls], leaseMs: 10_000, concurrency: 4 }).drain()).toMatchObject({ succeeded: runs, failed: 0, dead: 0 });
  const jobs = await Promise.all(ids.map(async (id) => (await calls.get(id))!));
  return { jobs, count: (type: keyof PipelineEvents) => events.filter(([t]) => t === type).length };
}

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

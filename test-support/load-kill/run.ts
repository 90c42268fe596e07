/**
 * The load-and-kill run: many calls delivered over HTTP to a few server processes (intake + worker each, one store)
 * while processes are SIGKILLed at random and replaced; the fake Slack takes `slackLatencyMs` to answer each post
 * after accepting it (a real provider's round trip), which is the window a kill can fall into. At the end every
 * acknowledged call must be stored and posted, and the posts are counted per call.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createFakeSlack, createFakeSlackWebApi, type LocalServer } from '@callwire/core/testing';
import type { Job, JobStore } from '@callwire/core';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';

const workerScript = fileURLToPath(new URL('./worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const channel = 'C0LOADKILL1';

/** What one run does. */
export interface LoadKillOptions {
  store: 'sqlite' | 'postgres';
  /** For `postgres`: the server (each run gets a schema of its own). */
  databaseUrl?: string;
  notifier: 'webapi' | 'webhook';
  /** Calls delivered (default 200). */
  calls?: number;
  /** Server processes running at any time (default 3). */
  processes?: number;
  /** SIGKILLs, at random moments while calls are being processed (default 5). */
  kills?: number;
  /** Deliveries in flight (default 16). */
  concurrency?: number;
  /** How long the fake Slack holds each accepted post before answering, in ms (default 150, a real round trip). */
  slackLatencyMs?: number;
  /** The processes' lease, in ms (default 5 000): a killed process's jobs are taken over after it. */
  leaseMs?: number;
  /** Give up waiting for the jobs after this long, in ms (default 120 000). */
  timeoutMs?: number;
}

/** What one run measured. */
export interface LoadKillResult {
  store: string;
  notifier: string;
  calls: number;
  kills: number;
  /** Deliveries answered 200 (distinct call ids). */
  acked: number;
  /** Jobs stored for the acknowledged call ids. */
  stored: number;
  succeeded: number;
  /** Posts that reached Slack. */
  posts: number;
  /** Posts beyond one per call. */
  duplicated: number;
  /** Calls with no post. */
  missing: number;
  /** Calls whose post was confirmed after a crash (`step.confirmed`). */
  confirmed: number;
  /** `step.maybe-duplicated` events printed by the processes. */
  reported: number;
  /** The `maybeDuplicated` marks on the stored steps. */
  marked: number;
  /** Attempts in live processes that found their lease lost (`job.lease-lost`): their job was taken over while they ran. */
  leaseLost: number;
  durationMs: number;
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One load-and-kill run. */
export async function loadAndKill(options: LoadKillOptions): Promise<LoadKillResult> {
  const started = Date.now();
  const total = options.calls ?? 200;
  const processes = options.processes ?? 3;
  const kills = options.kills ?? 5;
  const latency = options.slackLatencyMs ?? 150;
  const cleanups: Array<() => unknown> = [];
  try {
    // Slack: each accepted post is held `latency` ms before its answer.
    const webapi = options.notifier === 'webapi' ? createFakeSlackWebApi({ channels: [channel] }) : undefined;
    const webhook = options.notifier === 'webhook' ? createFakeSlack() : undefined;
    const slackServer: LocalServer = await (webapi ?? webhook)!.start();
    cleanups.push(() => slackServer.close());
    (webapi ?? webhook)!.beforeAnswering(async () => { await sleep(latency); });
    const slackEnv = webapi
      ? { SLACK_URL: webapi.url(slackServer), SLACK_TOKEN: webapi.token, SLACK_CHANNEL: channel }
      : { SLACK_URL: `${slackServer.url}/services/T000/B000/loadkill` };

    // The store, and what every process is told about it.
    let store: JobStore;
    let storeEnv: Record<string, string>;
    if (options.store === 'postgres') {
      const schema = `cw_lk_${randomBytes(4).toString('hex')}`;
      store = createPostgresStore({ connectionString: options.databaseUrl!, schema });
      storeEnv = { STORE: 'postgres', DATABASE_URL: options.databaseUrl!, SCHEMA: schema };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'callwire-load-kill-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const dbFile = join(dir, 'calls.db');
      store = createSqliteStore({ filename: dbFile });
      storeEnv = { STORE: 'sqlite', DB_FILE: dbFile };
    }
    await store.stats(); // creates the schema before the processes race to
    cleanups.push(() => store.close());

    // The server processes; their side-effect events.
    const events = { 'step.maybe-duplicated': 0, 'step.confirmed': 0, 'job.lease-lost': 0 };
    const live: ServerProcess[] = [];
    const spawnServer = async (): Promise<ServerProcess> => {
      const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
        cwd: repoRoot, env: { ...process.env, ...storeEnv, ...slackEnv, NOTIFIER: options.notifier, LEASE_MS: String(options.leaseMs ?? 5_000) }, stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(child, 'exit');
      const lines = createInterface({ input: child.stdout! });
      const url = await new Promise<string>((resolve, reject) => {
        lines.on('line', (line) => {
          if (line.startsWith('READY ')) resolve(line.slice(6));
          const event = /^EVENT (\S+) /.exec(line)?.[1] as keyof typeof events | undefined;
          if (event && event in events) events[event] += 1;
        });
        void exited.then(() => reject(new Error('a server process exited before it was ready')));
      });
      const server = { child, url, exited };
      live.push(server);
      return server;
    };
    const starting: Promise<ServerProcess>[] = [];
    cleanups.push(async () => {
      await Promise.allSettled(starting);
      for (const server of live) server.child.kill('SIGTERM');
      await Promise.all(live.map((server) => server.exited));
    });
    for (let i = 0; i < processes; i++) await spawnServer();

    // Deliveries: round-robin over the live processes; a failed request (its process died) is sent again elsewhere.
    const acked = new Set<string>();
    let next = 0;
    const deliver = async (callId: string) => {
      const body = JSON.stringify({ call_id: callId, from_number: '+919876543210', to_number: '09631084471', status: 'no-answer', timestamp: '2026-11-20T09:42:17Z', department: 'Sales' });
      for (let attempt = 0; attempt < 50; attempt++) {
        const server = live[next++ % Math.max(1, live.length)];
        if (!server) {
          await sleep(50);
          continue;
        }
        try {
          const response = await fetch(`${server.url}/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          if (response.status === 200) return void acked.add(callId);
        } catch {
          // the process died under the request: the sender retries
        }
        await sleep(50);
      }
    };
    const ids = Array.from({ length: total }, (_, i) => `lk${String(i).padStart(5, '0')}${randomBytes(3).toString('hex')}`);
    let cursor = 0;
    const delivering = Promise.all(Array.from({ length: options.concurrency ?? 16 }, async () => {
      while (cursor < ids.length) await deliver(ids[cursor++]!);
    }));

    // The killer: SIGKILL a random process now and then while work remains, and start a replacement.
    let killed = 0;
    const posts = () => (webapi ? webapi.messages.length : webhook!.messages.length);
    while (killed < kills) {
      await sleep(150 + Math.random() * 400);
      if (posts() >= total) break;
      if (live.length < 2) continue; // keep one process serving while the replacements start
      const victim = live.splice(Math.floor(Math.random() * live.length), 1)[0]!;
      victim.child.kill('SIGKILL');
      await victim.exited;
      killed += 1;
      starting.push(spawnServer()); // in the background: the next kill does not wait for it
    }
    await Promise.all(starting);
    await delivering;

    // Wait for every acknowledged call to be finished.
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    let jobs: (Job | undefined)[] = [];
    while (Date.now() < deadline) {
      jobs = await Promise.all([...acked].map((id) => store.getByKey('calls', id)));
      if (jobs.every((job) => job?.status === 'succeeded' || job?.status === 'dead')) break;
      await sleep(200);
    }
    await sleep(300); // late events

    const perCall = new Map<string, number>();
    if (webapi) for (const m of webapi.messages) perCall.set(String(m.metadata?.event_payload.call_id), (perCall.get(String(m.metadata?.event_payload.call_id)) ?? 0) + 1);
    const succeeded = jobs.filter((job) => job?.status === 'succeeded').length;
    const postCount = posts();
    return {
      store: options.store,
      notifier: options.notifier,
      calls: total,
      kills: killed,
      acked: acked.size,
      stored: jobs.filter(Boolean).length,
      succeeded,
      posts: postCount,
      duplicated: webapi ? [...perCall.values()].reduce((sum, n) => sum + n - 1, 0) : Math.max(0, postCount - succeeded),
      missing: webapi ? [...acked].filter((id) => !perCall.has(id)).length : Math.max(0, succeeded - postCount) + (acked.size - succeeded),
      confirmed: events['step.confirmed'],
      reported: events['step.maybe-duplicated'],
      leaseLost: events['job.lease-lost'],
      marked: jobs.reduce((sum, job) => sum + (job?.steps['post-slack']?.maybeDuplicated ?? 0), 0),
      durationMs: Date.now() - started,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/**
 * `burst`: calls ending at once (200, then 1,000), each recording published R = 6 s after the call, transcribed in
 * T = 9 s, posted to one of four department webhooks Slack paces at 1 message/s each — through a worker at default
 * settings on SQLite, in real time or scaled 1:n (bench/burst-scenario.ts says what is scaled; see runBurstBench).
 * This process plays the providers (the fakes of `@callwire/core/testing`, Slack's pace enforced with 429 +
 * Retry-After) and the callers; the server under test runs in its own process (bench/servers/burst.ts), which
 * reports its CPU, peak RSS and store writes. Every variant is one function taking the same burst.
 */
import { burstThroughSqs } from './burst-sqs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeAssemblyAI, createFakeExotel, createFakeSlack } from '@callwire/core/testing';
import { burst, idealMs, scaled, type BurstServerConfig, type BurstServerStats } from '../burst-scenario.js';
import { startScript } from '../load.js';
import { percentile } from '../stats.js';

const serverScript = fileURLToPath(new URL('../servers/burst.ts', import.meta.url));

/** One run of the burst: how many calls, how fast time runs, how transcripts come back. */
export interface BurstSpec {
  calls: number;
  scale: number;
  transcription: 'webhook' | 'poll';
}

/** The fake providers of one run, this process's side. */
async function startProviders(spec: BurstSpec) {
  const times = scaled(spec.scale);
  const exotel = createFakeExotel();
  const assemblyai = createFakeAssemblyAI({ processingMs: times.transcriptionMs, webhookRetryMs: times.assemblyAIWebhookRetryMs });
  const slack = createFakeSlack({ rateLimit: { perSecond: times.slackPerSecond, fractionalRetryAfter: spec.scale !== 1 } });
  const [exotelServer, assemblyaiServer, slackServer] = await Promise.all([exotel.start(), assemblyai.start(), slack.start()]);
  return {
    exotel, exotelServer, assemblyai, assemblyaiServer, slack, slackServer,
    slackRoutes: Object.fromEntries(burst.routes.map((route) => [route, `${slackServer.url}/services/TBENCH/BBURST/${route.toLowerCase()}`])),
    close: () => Promise.all([exotelServer.close(), assemblyaiServer.close(), slackServer.close()]),
  };
}

/** Departments for `calls` calls: as many on each route, in a shuffled (seeded, so repeatable) order. */
function departments(calls: number): string[] {
  const list = Array.from({ length: calls }, (_, index) => burst.routes[index % burst.routes.length]!);
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let index = list.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [list[index], list[other]] = [list[other]!, list[index]!];
  }
  return list;
}

const callId = (index: number) => `burst${String(index).padStart(5, '0')}`;

/** The burst through a worker at default settings (time-based settings scaled): the budget of docs/bench.md. */
export async function burstThroughWorker(spec: BurstSpec, log: (line: string) => void) {
  const times = scaled(spec.scale);
  const dir = mkdtempSync(join(tmpdir(), 'callwire-bench-burst-'));
  const providers = await startProviders(spec);
  const config: BurstServerConfig = {
    scale: spec.scale,
    dbFile: join(dir, 'burst.db'),
    transcription: spec.transcription,
    exotel: { host: new URL(providers.exotelServer.url).host, apiKey: providers.exotel.apiKey, apiToken: providers.exotel.apiToken },
    assemblyAI: { baseUrl: providers.assemblyaiServer.url, apiKey: providers.assemblyai.apiKey },
    slackRoutes: providers.slackRoutes,
  };
  const server = await startScript(serverScript, { BURST: JSON.stringify(config) });
  try {
    const before = await server.ask<BurstServerStats>('stats');
    const routeOf = departments(spec.calls);
    const bodies = routeOf.map((department, index) => JSON.stringify({
      call_id: callId(index),
      from_number: '+919876543210',
      to_number: '09631084471',
      duration: 187,
      recording_url: `${providers.exotelServer.url}/exotelrecordings/${providers.exotel.accountSid}/${callId(index)}.mp3`,
      timestamp: '2026-11-20T09:42:17Z',
      status: 'completed',
      agent_name: 'Asha Verma',
      department,
    }));
    // Every call ends now; each recording is published R later.
    const endedAt = Date.now();
    for (let index = 0; index < spec.calls; index++) providers.exotel.addRecording(providers.exotelServer, callId(index), { publishedAt: endedAt + times.recordingMs });
    const answers = await Promise.all(bodies.map(async (body) => {
      const response = await fetch(`${server.url}/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.arrayBuffer();
      return response.status;
    }));
    const acceptedMs = Date.now() - endedAt;
    const refused = answers.filter((status) => status >= 300);
    if (refused.length > 0) throw new Error(`burst: ${refused.length} webhooks refused (e.g. ${refused[0]})`);

    // Wait until every job is finished (succeeded or dead), within 10 × the ideal.
    const deadline = endedAt + 10 * idealMs(spec.calls) / spec.scale;
    let stats = before;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stats = await server.ask<BurstServerStats>('stats');
      const finished = (stats.byStatus.succeeded ?? 0) + (stats.byStatus.dead ?? 0);
      if (finished >= spec.calls || Date.now() > deadline) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 4 * times.slackMinIntervalMs)); // a late duplicate would show now
    stats = await server.ask<BurstServerStats>('stats');
    return figures(spec, { endedAt, acceptedMs, before, after: stats, messages: providers.slack.messages, rateLimited: providers.slack.rateLimited }, log);
  } finally {
    await server.stop();
    await providers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BurstObservation {
  endedAt: number;
  acceptedMs: number;
  before: BurstServerStats;
  after: BurstServerStats;
  messages: { path: string; at?: number; body: unknown }[];
  rateLimited: number;
}

/** The case's figures; fails loudly when a call was not posted exactly once. */
function figures(spec: BurstSpec, run: BurstObservation, log: (line: string) => void) {
  const postsByCall = new Map<string, number[]>();
  for (const message of run.messages) {
    const id = /Call ID: `([^`]+)`/.exec(JSON.stringify(message.body))?.[1];
    if (!id) throw new Error(`burst: a Slack message without a call id on ${message.path}`);
    postsByCall.set(id, [...(postsByCall.get(id) ?? []), message.at!]);
  }
  const duplicates = [...postsByCall.values()].filter((posts) => posts.length > 1).length;
  const dead = run.after.byStatus.dead ?? 0;
  const missing = spec.calls - postsByCall.size;
  const latencies = [...postsByCall.values()].map((posts) => (Math.min(...posts) - run.endedAt) / 1000);
  const makespan = Math.max(...latencies);
  const ideal = idealMs(spec.calls) / 1000 / spec.scale;
  const seconds = makespan > 0 ? makespan : 1;
  const writes = Object.values(run.after.writes).reduce((sum, n) => sum + n, 0) - Object.values(run.before.writes).reduce((sum, n) => sum + n, 0);
  const real = (s: number) => Number((s * spec.scale).toFixed(1));
  const result = {
    calls: spec.calls,
    scale: `1:${spec.scale}`,
    transcription: spec.transcription,
    makespan_s: Number(makespan.toFixed(2)),
    makespan_real_s: real(makespan),
    ideal_s: Number(ideal.toFixed(2)),
    ideal_real_s: real(ideal),
    ratio_to_ideal: Number((makespan / ideal).toFixed(2)),
    p50_call_to_post_s: Number(percentile(latencies, 0.5).toFixed(2)),
    p95_call_to_post_s: Number(percentile(latencies, 0.95).toFixed(2)),
    p95_call_to_post_real_s: real(percentile(latencies, 0.95)),
    first_post_s: Number(Math.min(...latencies).toFixed(2)),
    first_post_real_s: real(Math.min(...latencies)),
    /** Posts per second (real-time equivalent) from the first post to the last; 4 routes × 1/s is the most Slack takes. */
    post_rate_real_per_s: Number(((latencies.length - 1) / ((makespan - Math.min(...latencies)) * spec.scale)).toFixed(2)),
    accepted_s: Number((run.acceptedMs / 1000).toFixed(2)),
    peak_rss_mb: run.after.peakRssMb,
    db_writes_per_s: Math.round(writes / seconds),
    db_writes: writes,
    db_writes_by_method: run.after.writes,
    db_empty_claims: run.after.emptyClaims - run.before.emptyClaims,
    db_rows_changed_per_s: Math.round((run.after.rowsChanged - run.before.rowsChanged) / seconds),
    server_cpu_s: Number(((run.after.cpuMicros - run.before.cpuMicros) / 1e6).toFixed(2)),
    /** The server's CPU time over the makespan: the part of the run that time scaling cannot shrink. */
    server_cpu_share: Number(((run.after.cpuMicros - run.before.cpuMicros) / 1e6 / seconds).toFixed(2)),
    max_running: run.after.maxRunning,
    max_waiting: run.after.maxWaiting,
    worker_concurrency: 4,
    dead,
    duplicates,
    missing,
    slack_429s: run.rateLimited,
    slack_slot_s_in_post: Number((run.after.slackPostMs / 1000).toFixed(2)),
    figure: '',
  };
  result.figure = `${result.makespan_s} s for ${spec.calls} calls at 1:${spec.scale} (${result.makespan_real_s} s real; ideal ${result.ideal_real_s} s, ×${result.ratio_to_ideal}); p95 ${result.p95_call_to_post_real_s} s real; ` +
    `first post ${result.first_post_real_s} s real, then ${result.post_rate_real_per_s} posts/s; ${result.peak_rss_mb} MB peak RSS; ${result.db_writes_per_s} DB writes/s; ` +
    `running ≤ ${result.max_running} while ${result.max_waiting} waited; server CPU ${result.server_cpu_s} s (${Math.round(result.server_cpu_share * 100)} % of the run); dead ${dead}, duplicates ${duplicates}`;
  log(`burst ${spec.calls} details: ${JSON.stringify({ ...result, figure: undefined })}`);
  log(`burst ${spec.calls}: ${result.figure}`);
  // The invariant: exactly one post per call. Dead and missing calls are figures, checked against the budget.
  if (duplicates > 0) throw new Error(`burst ${spec.calls}: ${duplicates} calls posted more than once (${JSON.stringify(result)})`);
  return result;
}

/**
 * `BENCH_ONLY=burst`: 200 calls in real time (about 85 s) and 1,000 calls at 1:4 (about 90 s), webhook transcripts.
 * Real time where the run is short enough: the server's CPU time does not shrink with the clock, so the faster the
 * clock, the larger its share (reported as `server_cpu_share`) and the more the intake shifts when jobs first look
 * for their recordings. `BENCH_BURST_CALLS` (e.g. `200`), `BENCH_BURST_SCALE` (one scale for every size) and
 * `BENCH_BURST_TRANSCRIPTION=poll` (no AssemblyAI callback: the job looks, parked between looks) change the runs.
 */
export async function runBurstBench(log: (line: string) => void) {
  const sizes = (process.env.BENCH_BURST_CALLS ?? '200,1000').split(',').map(Number);
  const scaleOf = (calls: number) => Number(process.env.BENCH_BURST_SCALE ?? (calls <= 200 ? 1 : 4));
  const transcription = process.env.BENCH_BURST_TRANSCRIPTION === 'poll' ? 'poll' : 'webhook';
  const cases: Record<string, object> = {};
  for (const calls of sizes) cases[calls === 200 ? 'burst' : `burst_${calls}`] = await burstThroughWorker({ calls, scale: scaleOf(calls), transcription }, log);
  if (process.env.BENCH_BURST_SQS !== '0') cases.burst_sqs = await burstThroughSqs(200, log);
  return cases;
}

/**
 * The HTTP load side of `pnpm bench`: servers under test run in their own child processes (each prints
 * `READY <url>` and answers `cpu` over IPC with its `process.cpuUsage()`), load comes from autocannon's
 * CLI in another child process, and rounds of a baseline and callwire alternate (A B A B …).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const loadClient = fileURLToPath(new URL('./load-client.mjs', import.meta.url));
const serverScript = fileURLToPath(new URL('./servers/intake.ts', import.meta.url));

/** Seconds per measured round, rounds per side, connections (`BENCH_SECONDS`, `BENCH_ROUNDS` override). */
export const load = {
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  connections: 50,
};

/** A server under test, in its own process. */
export interface BenchServer {
  url: string;
  /** The server process's CPU time so far, in µs (user + system). */
  cpuMicros(): Promise<number>;
  /** Sends `question` over IPC and resolves the server's next message (its answer). */
  ask<T>(question: string): Promise<T>;
  stop(): Promise<void>;
}

/** What the intake server script serves (see bench/servers/intake.ts). */
export interface ServerSpec {
  kind: 'bare-node' | 'callwire-node' | 'bare-express' | 'callwire-express';
  store?: 'sqlite' | 'postgres';
  databaseUrl?: string;
  dbFile?: string;
  sqliteSync?: 'full' | 'normal';
  /** The folder of a better-sqlite3 built for `node` when it is not this Node (the Node 24 case). */
  betterSqlite3?: string;
  /** The node binary (default: this one). */
  node?: string;
}

/** Starts bench/servers/intake.ts in a child process and waits for it to listen. */
export function startServer(spec: ServerSpec): Promise<BenchServer> {
  return startScript(serverScript, { KIND: spec.kind, STORE: spec.store ?? '', DATABASE_URL: spec.databaseUrl ?? '', DB_FILE: spec.dbFile ?? '', SQLITE_SYNC: spec.sqliteSync ?? 'full', BETTER_SQLITE3: spec.betterSqlite3 ?? '' }, spec.node);
}

/** Runs a TypeScript server script (it prints `READY <url>`) in a child process and waits for it to listen. */
export async function startScript(script: string, env: Record<string, string>, node = process.execPath): Promise<BenchServer> {
  const child = spawn(node, ['--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await readyUrl(child);
  const ask = async <T>(question: string): Promise<T> => {
    const reply = once(child, 'message') as Promise<[T]>;
    child.send(question);
    return (await reply)[0];
  };
  return {
    url,
    ask,
    async cpuMicros() {
      const usage = await ask<{ user: number; system: number }>('cpu');
      return usage.user + usage.system;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function readyUrl(child: ChildProcess): Promise<string> {
  const failed = once(child, 'exit').then(([code]) => { throw new Error(`bench server exited (${String(code)}) before it was ready`); });
  const ready = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) if (line.startsWith('READY ')) return line.slice(6);
    throw new Error('bench server closed its output before it was ready');
  })();
  const url = await Promise.race([ready, failed]);
  child.stdout!.resume();
  return url;
}

/** One autocannon run. */
export interface Blast {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Server CPU per request, in µs. */
  cpu_us_per_request: number;
}

/** What autocannon is told to send. */
export interface Shot {
  path: string;
  body: string;
  /** Replace `{{id}}` in the body with a unique id per request. */
  uniqueIds?: boolean;
}

/** Runs autocannon (bench/load-client.mjs, in its own process) against `server` for `seconds`. */
export async function blast(server: BenchServer, shot: Shot, seconds = load.seconds): Promise<Blast> {
  const spec = { url: server.url + shot.path, connections: load.connections, duration: seconds, body: shot.body, unique: shot.uniqueIds === true };
  const cpuBefore = await server.cpuMicros();
  const child = spawn(process.execPath, [loadClient], { cwd: repoRoot, env: { ...process.env, LOAD: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.resume();
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`autocannon exited with ${String(code)}`);
  const cpu = (await server.cpuMicros()) - cpuBefore;
  const result = JSON.parse(output) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
    '2xx': number;
  };
  const answered = result['2xx'] + result.non2xx;
  return {
    rps: Math.round(answered / seconds),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: answered,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpu_us_per_request: answered > 0 ? Math.round(cpu / answered) : 0,
  };
}

/** The figures every HTTP case reports. */
export interface HttpCaseResult {
  baseline_rps: number;
  callwire_rps: number;
  ratio: number;
  p50_ms: number;
  p99_ms: number;
  baseline_p50_ms: number;
  baseline_p99_ms: number;
  baseline_cpu_us_per_request: number;
  callwire_cpu_us_per_request: number;
  callwire_non2xx: number;
  errors: number;
  connections: number;
  seconds_per_round: number;
  rounds: number;
  [extra: string]: unknown;
}

/**
 * Measures a baseline server against callwire's, each warmed up first, in `load.rounds` interleaved
 * rounds (baseline, callwire, baseline, …); reports medians.
 */
export async function compare(baseline: BenchServer, callwire: BenchServer, shots: { baseline: Shot; callwire: Shot }): Promise<HttpCaseResult> {
  await blast(baseline, shots.baseline, 1);
  await blast(callwire, shots.callwire, 1);
  const a: Blast[] = [];
  const b: Blast[] = [];
  for (let round = 0; round < load.rounds; round++) {
    a.push(await blast(baseline, shots.baseline));
    b.push(await blast(callwire, shots.callwire));
  }
  const pick = (runs: Blast[], key: keyof Blast) => median(runs.map((run) => run[key]));
  const result: HttpCaseResult = {
    baseline_rps: pick(a, 'rps'),
    callwire_rps: pick(b, 'rps'),
    ratio: 0,
    p50_ms: pick(b, 'p50_ms'),
    p99_ms: pick(b, 'p99_ms'),
    baseline_p50_ms: pick(a, 'p50_ms'),
    baseline_p99_ms: pick(a, 'p99_ms'),
    baseline_cpu_us_per_request: pick(a, 'cpu_us_per_request'),
    callwire_cpu_us_per_request: pick(b, 'cpu_us_per_request'),
    callwire_non2xx: b.reduce((sum, run) => sum + run.non2xx, 0),
    errors: [...a, ...b].reduce((sum, run) => sum + run.errors, 0),
    connections: load.connections,
    seconds_per_round: load.seconds,
    rounds: load.rounds,
  };
  result.ratio = Number((result.callwire_rps / result.baseline_rps).toFixed(2));
  result.figure = `server CPU ${result.callwire_cpu_us_per_request} µs/req (bare ${result.baseline_cpu_us_per_request})`;
  return result;
}

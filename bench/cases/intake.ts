/**
 * HTTP intake: a bare server against callwire's handler, each in its own process, loaded by autocannon
 * with 50 connections. Cases: `intake_node` (node:http vs `toNodeListener`, SQLite store, fsync per commit; `intake_node_sqlite_normal` the same with synchronous=normal),
 * `intake_express` (Express + express.json() vs the Express adapter; again on Node 24 when
 * `npx -y node@24` is at hand, its SQLite opened with better-sqlite3 13), `intake_postgres` (the PostgreSQL store, fsync on), and `duplicates`
 * (one call_id from 50 connections: every request after the first is a duplicate; exactly one job).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '@callwire/store-sqlite';
import { startPostgres } from '../../test-support/postgres.js';
import { newerBetterSqlite3 } from '../../scripts/node-installs.mjs';
import { zapierCall } from '../zapier-call.js';
import { compare, startServer, type BenchServer, type HttpCaseResult, type ServerSpec, type Shot } from '../load.js';

const unique: Shot = { path: '/webhook/zapier', body: zapierCall('bench-{{id}}'), uniqueIds: true };

/** Runs `fn` with two servers started from specs, stopping both afterwards. */
async function withServers<T>(specs: [ServerSpec, ServerSpec], fn: (a: BenchServer, b: BenchServer) => Promise<T>): Promise<T> {
  const a = await startServer(specs[0]);
  try {
    const b = await startServer(specs[1]);
    try {
      return await fn(a, b);
    } finally {
      await b.stop();
    }
  } finally {
    await a.stop();
  }
}

/** A Node 24 binary from `npx -y node@24`, when one can be had (cached or downloadable). */
function node24(): string | undefined {
  try {
    const path = execFileSync('npx', ['-y', 'node@24', '-p', 'process.execPath'], { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A better-sqlite3 for the Node 24 servers, the one the Node 24 test run uses (scripts/node-installs.mjs): the locked 12
 * is built for this Node's ABI and aborts on Node ≥ 24.19, while 13 is Node-API and prebuilt. `undefined` when npm
 * cannot install it.
 */
function betterSqlite3ForNode24(): string | undefined {
  try {
    return newerBetterSqlite3(24);
  } catch {
    return undefined;
  }
}

export async function runIntakeBench(log: (line: string) => void): Promise<Record<string, HttpCaseResult>> {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-bench-intake-'));
  const results: Record<string, HttpCaseResult> = {};
  const report = (name: string, result: HttpCaseResult) => {
    results[name] = result;
    log(`${name}: ${result.callwire_rps} req/s vs ${result.baseline_rps} (ratio ${result.ratio}), p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, CPU/request ${result.callwire_cpu_us_per_request} µs vs ${result.baseline_cpu_us_per_request} µs`);
  };
  const bare = { path: '/webhook/zapier', body: zapierCall('bench-{{id}}'), uniqueIds: true };
  try {
    report('intake_node', {
      ...(await withServers([{ kind: 'bare-node' }, { kind: 'callwire-node', store: 'sqlite', dbFile: join(dir, 'node.db') }], (a, b) => compare(a, b, { baseline: bare, callwire: unique }))),
      store: 'sqlite (synchronous=full)',
      node: process.version,
    });

    report('intake_node_sqlite_normal', {
      ...(await withServers([{ kind: 'bare-node' }, { kind: 'callwire-node', store: 'sqlite', sqliteSync: 'normal', dbFile: join(dir, 'normal.db') }], (a, b) => compare(a, b, { baseline: bare, callwire: unique }))),
      store: 'sqlite (synchronous=normal: no fsync per commit)',
      node: process.version,
    });

    report('intake_express', {
      ...(await withServers([{ kind: 'bare-express' }, { kind: 'callwire-express', store: 'sqlite', dbFile: join(dir, 'express.db') }], (a, b) => compare(a, b, { baseline: bare, callwire: unique }))),
      store: 'sqlite (synchronous=full)',
      node: process.version,
    });

    const other = process.env.BENCH_NODE24 === '0' ? undefined : node24();
    const sqlite24 = other && betterSqlite3ForNode24();
    if (other && sqlite24) {
      report('intake_express_node24', {
        ...(await withServers(
          [{ kind: 'bare-express', node: other }, { kind: 'callwire-express', store: 'sqlite', dbFile: join(dir, 'express24.db'), betterSqlite3: sqlite24, node: other }],
          (a, b) => compare(a, b, { baseline: bare, callwire: unique }),
        )),
        store: 'sqlite (synchronous=full; better-sqlite3 13, prebuilt for Node 24)',
        node: execFileSync(other, ['-v'], { encoding: 'utf8' }).trim(),
      });
    } else {
      log(`intake_express_node24: skipped (${other ? 'npm could not install better-sqlite3 13' : 'npx -y node@24 is not available here'})`);
    }

    const dbFile = join(dir, 'duplicates.db');
    const duplicate: Shot = { path: '/webhook/zapier', body: zapierCall('bench-duplicate-call') };
    const duplicates = await withServers([{ kind: 'bare-node' }, { kind: 'callwire-node', store: 'sqlite', dbFile }], (a, b) => compare(a, b, { baseline: duplicate, callwire: duplicate }));
    const store = createSqliteStore({ filename: dbFile });
    const jobs = (await store.list({ limit: 10 })).length;
    await store.close();
    report('duplicates', { ...duplicates, jobs_after: jobs, exactly_one_job: jobs === 1, figure: `${String(duplicates.figure)}; ${jobs} job${jobs === 1 ? '' : 's'} after`, store: 'sqlite (synchronous=full)', node: process.version });
    if (jobs !== 1) {
      log(`duplicates: FAILED — ${jobs} jobs for one call_id`);
      process.exitCode = 1;
    }

    const postgres = await startPostgres({ durable: true });
    try {
      report('intake_postgres', {
        ...(await withServers([{ kind: 'bare-node' }, { kind: 'callwire-node', store: 'postgres', databaseUrl: postgres.url }], (a, b) => compare(a, b, { baseline: bare, callwire: unique }))),
        store: 'postgres (fsync=on, 20 connections)',
        node: process.version,
      });
    } finally {
      await postgres.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/**
 * Store enqueue throughput: `store.enqueue` of unique jobs against a bare INSERT of the same row through
 * the same driver (the ceiling), in-process, one caller at a time and 50 at once. SQLite (both sync
 * modes) and PostgreSQL (fsync on). Rounds alternate baseline and callwire; medians are reported.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { JobStore } from '@callwire/core';
import { createPostgresStore } from '@callwire/store-postgres';
import { createSqliteStore } from '@callwire/store-sqlite';
import { startPostgres } from '../../test-support/postgres.js';
import { median, throughput } from '../stats.js';

const ROUNDS = 5;
const JOBS = { sequential: 2_000, concurrent: 5_000 } as const;
const input = { call_id: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90', from_number: '+919876543210', to_number: '09631084471', duration: 187 };
const row = () => [randomUUID(), 'calls', randomUUID(), JSON.stringify(input), 5, Date.now(), Date.now()] as const;

interface Target {
  name: string;
  store: JobStore;
  bareInsert(): Promise<unknown>;
  close(): Promise<void>;
}

function sqliteTarget(dir: string, synchronous: 'full' | 'normal'): Target {
  const file = join(dir, `bench-${synchronous}.db`);
  const store = createSqliteStore({ filename: file, synchronous });
  const db = new Database(file);
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(`CREATE TABLE bare (id TEXT PRIMARY KEY, pipeline TEXT, key TEXT, input TEXT, max_attempts INTEGER, run_at INTEGER, created_at INTEGER, UNIQUE (pipeline, key))`);
  const insert = db.prepare(`INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?)`);
  return {
    name: `sqlite_${synchronous}`,
    store,
    bareInsert: async () => insert.run(...row()),
    close: async () => { db.close(); await store.close(); },
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const store = createPostgresStore({ connectionString: url, schema: 'bench', maxConnections: 50 });
  await store.ping();
  const pool = new pg.Pool({ connectionString: url, max: 50 });
  // pool.end() resolves before its connections have closed: one still closing when the server stops must not crash the run.
  pool.on('error', () => {});
  await pool.query(`CREATE TABLE IF NOT EXISTS bench.bare (id TEXT PRIMARY KEY, pipeline TEXT, key TEXT, input TEXT, max_attempts INTEGER, run_at BIGINT, created_at BIGINT, UNIQUE (pipeline, key))`);
  return {
    name: 'postgres',
    store,
    bareInsert: () => pool.query(`INSERT INTO bench.bare VALUES ($1, $2, $3, $4, $5, $6, $7)`, [...row()]),
    close: async () => { await pool.end(); await store.close(); },
  };
}

export interface EnqueueResult {
  baseline_rps: number;
  callwire_rps: number;
  ratio: number;
  in_flight: number;
  jobs_per_round: number;
  rounds: number;
}

export async function runEnqueueBench(log: (line: string) => void): Promise<Record<string, EnqueueResult>> {
  const dir = mkdtempSync(join(tmpdir(), 'callwire-bench-'));
  const postgres = await startPostgres({ durable: true });
  const targets = [sqliteTarget(dir, 'full'), sqliteTarget(dir, 'normal'), await postgresTarget(postgres.url)];
  const results: Record<string, EnqueueResult> = {};
  try {
    for (const [mode, inFlight] of [['sequential', 1], ['concurrent', 50]] as const) {
      const samples = new Map<string, { baseline: number[]; callwire: number[] }>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const target of targets) {
          const entry = samples.get(target.name) ?? { baseline: [], callwire: [] };
          samples.set(target.name, entry);
          entry.baseline.push(await throughput(JOBS[mode], inFlight, () => target.bareInsert()));
          entry.callwire.push(
            await throughput(JOBS[mode], inFlight, () => target.store.enqueue({ pipeline: 'calls', key: randomUUID(), input, maxAttempts: 5, now: Date.now() })),
          );
        }
      }
      for (const [name, { baseline, callwire }] of samples) {
        const result = { baseline_rps: median(baseline), callwire_rps: median(callwire), ratio: 0, in_flight: inFlight, jobs_per_round: JOBS[mode], rounds: ROUNDS };
        result.ratio = Number((result.callwire_rps / result.baseline_rps).toFixed(2));
        results[`enqueue_${name}_${mode}`] = result;
        log(`enqueue_${name}_${mode}: ${result.callwire_rps} jobs/s (bare insert ${result.baseline_rps}/s, ratio ${result.ratio})`);
      }
    }
  } finally {
    for (const target of targets) await target.close();
    await postgres.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

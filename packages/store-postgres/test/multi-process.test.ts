import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPipeline } from '@callwire/core';
import { createPostgresStore } from '@callwire/store-postgres';

const url = inject('databaseUrl');
const admin = new pg.Pool({ connectionString: url, max: 2 });
const workerScript = fileURLToPath(new URL('./fixtures/effect-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const TOTAL = 500;
const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

/** A fresh schema with 500 queued jobs and empty execution and effect logs. */
async function prepare(): Promise<string> {
  const schema = `cw_mp_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  const store = createPostgresStore({ connectionString: url, schema });
  const pipeline = createPipeline({ name: 'effects', store, run: async () => null });
  for (let index = 0; index < TOTAL; index++) await pipeline.enqueue(`job-${index}`, { index });
  await admin.query(`CREATE TABLE "${schema}".executions (job_key TEXT NOT NULL, pid INTEGER NOT NULL)`);
  await admin.query(`CREATE TABLE "${schema}".effects (effect_key TEXT PRIMARY KEY, job_key TEXT NOT NULL, pid INTEGER NOT NULL)`);
  await store.close();
  return schema;
}

function startWorker(schema: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', workerScript], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url, SCHEMA: schema, TOTAL: String(TOTAL), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** The child's exit code, or the signal that ended it. */
async function exitCode(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode!;
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return code ?? signal!;
}

async function logs(schema: string) {
  const executions = (await admin.query<{ job_key: string; pid: number }>(`SELECT job_key, pid FROM "${schema}".executions`)).rows;
  const effects = (await admin.query<{ job_key: string }>(`SELECT job_key FROM "${schema}".effects`)).rows;
  const jobs = (await admin.query<{ key: string; status: string; attempts: number }>(`SELECT key, status, attempts FROM "${schema}".callwire_jobs`)).rows;
  const perJob = new Map<string, number[]>();
  for (const row of executions) perJob.set(row.job_key, [...(perJob.get(row.job_key) ?? []), row.pid]);
  return { executions, effects, jobs, perJob };
}

describe('4 worker processes on one PostgreSQL', () => {
  beforeAll(async () => {
    await admin.query('SELECT 1');
  });

  it('run 500 jobs with every effect exactly once and no job run twice', async () => {
    const schema = await prepare();
    const children = Array.from({ length: 4 }, () => startWorker(schema));
    for (const child of children) child.stdout!.resume();
    expect(await Promise.all(children.map(exitCode))).toEqual([0, 0, 0, 0]);

    const { executions, effects, jobs, perJob } = await logs(schema);
    expect(jobs.filter((j) => j.status === 'succeeded')).toHaveLength(TOTAL);
    expect(effects).toHaveLength(TOTAL);
    expect(new Set(effects.map((e) => e.job_key)).size).toBe(TOTAL);
    expect(executions).toHaveLength(TOTAL); // no job was claimed by two workers
    expect([...perJob.values()].every((pids) => pids.length === 1)).toBe(true);
    expect(new Set(executions.map((e) => e.pid)).size).toBe(4); // all four processes shared the work
  }, 120_000);

  it('finish the jobs of a worker killed mid-step on the others, after its lease expires, still exactly once', async () => {
    const schema = await prepare();
    // The victim's steps are slow, so a kill always lands inside one; the others are quick.
    const victim = startWorker(schema, { STEP_MS: '400' });
    // The survivors start once the victim is inside its first steps: started together, on a loaded machine
    // they could finish every job (and the victim exit 0) before the victim printed its sixth step.
    const survivors: ChildProcess[] = [];
    const inFlight: string[] = [];
    for await (const line of createInterface({ input: victim.stdout! })) {
      inFlight.push(line.replace('STEP ', ''));
      if (inFlight.length === 1) {
        survivors.push(...Array.from({ length: 3 }, () => startWorker(schema)));
        for (const child of survivors) child.stdout!.resume();
      }
      if (inFlight.length === 6) break; // a few jobs done, up to 4 in flight
    }
    victim.kill('SIGKILL');
    expect(await exitCode(victim)).toBe('SIGKILL');
    expect(await Promise.all(survivors.map(exitCode))).toEqual([0, 0, 0]);

    const { effects, jobs, perJob } = await logs(schema);
    expect(jobs.filter((j) => j.status === 'succeeded')).toHaveLength(TOTAL);
    expect(effects).toHaveLength(TOTAL);
    expect(new Set(effects.map((e) => e.job_key)).size).toBe(TOTAL);

    const victimPid = victim.pid!;
    const rerun = [...perJob.entries()].filter(([, pids]) => pids.length > 1);
    // The job the victim was inside when it died was taken over by a survivor.
    const lastStarted = inFlight.at(-1)!;
    expect(perJob.get(lastStarted)).toContain(victimPid);
    expect(perJob.get(lastStarted)!.length).toBe(2);
    expect(jobs.find((j) => j.key === lastStarted)?.attempts).toBe(2);
    // Only the victim's in-flight jobs (at most its concurrency) ran twice, each once by the victim.
    expect(rerun.length).toBeGreaterThanOrEqual(1);
    expect(rerun.length).toBeLessThanOrEqual(4);
    for (const [, pids] of rerun) {
      expect(pids).toHaveLength(2);
      expect(pids.filter((pid) => pid === victimPid)).toHaveLength(1);
    }
  }, 120_000);
});

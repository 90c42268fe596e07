/**
 * The crash tests' harness: worker processes SIGKILLed in the window between a provider's answer and the step's
 * record, made deterministic by the `beforeAnswering` hook of the fakes (the fake has acted, holds its answer, and
 * the test kills the worker there); then one worker in the test process resumes every job, and the events of that
 * resume are counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createWorker, type AnyPipeline, type DrainResult, type PipelineEvents } from '@callwire/core';
import { expect } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A fake that holds its answer to each accepted request until the hook returns. */
export interface HoldingFake {
  beforeAnswering(hook: (() => Promise<void>) | undefined): void;
}

/** What {@link killInWindow} needs. */
export interface KillInWindowOptions {
  runs: number;
  /** The worker script (it prints `READY` once it polls). */
  script: string;
  env: Record<string, string>;
  fake: HoldingFake;
  /** Enqueues run `run`'s job and returns its id. */
  enqueue(run: number): Promise<string>;
  /** Checked after each kill (e.g. the step's intent is recorded). */
  afterKill?(jobId: string): Promise<void>;
}

/** `runs` times: enqueue a job, start a worker process, SIGKILL it when the fake is about to answer. Returns the job ids. */
export async function killInWindow(options: KillInWindowOptions): Promise<string[]> {
  const ids: string[] = [];
  for (let run = 1; run <= options.runs; run++) {
    ids.push(await options.enqueue(run));
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.script], { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    options.fake.beforeAnswering(async () => { child.kill('SIGKILL'); await exited; });
    for await (const line of createInterface({ input: child.stdout! })) if (line === 'READY') break;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000); // never hang: a run that never reached the provider fails below
    // (the killed workers hold their leases for 10 minutes: a later one never resumes an earlier run's job)
    const [, signal] = await exited;
    clearTimeout(timer);
    options.fake.beforeAnswering(undefined);
    expect(signal).toBe('SIGKILL');
    await options.afterKill?.(ids.at(-1)!);
  }
  return ids;
}

/**
 * Resumes the jobs `ids` with one worker in this process (its pipeline's clock past the dead workers' leases) until
 * each is finished — draining again while some are parked (a wait, a not-ready look) — and counts the events.
 */
export async function resumeAll(pipeline: AnyPipeline, ids: readonly string[]): Promise<{ drained: DrainResult; count(type: keyof PipelineEvents): number; events: Array<[keyof PipelineEvents, Record<string, unknown>]> }> {
  const events: Array<[keyof PipelineEvents, Record<string, unknown>]> = [];
  pipeline.events.on('*', (type, payload) => events.push([type, payload as unknown as Record<string, unknown>]));
  const worker = createWorker({ pipelines: [pipeline], leaseMs: 10_000, concurrency: 4, pollIntervalMs: 5 });
  const drained: DrainResult = { succeeded: 0, failed: 0, dead: 0, released: 0, lost: 0, parked: 0 };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const counts = await worker.drain();
    for (const [outcome, n] of Object.entries(counts)) drained[outcome as keyof DrainResult] += n;
    const jobs = await Promise.all(ids.map((id) => pipeline.get(id)));
    if (jobs.every((job) => job?.status === 'succeeded' || job?.status === 'dead')) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { drained, events, count: (type) => events.filter(([t]) => t === type).length };
}

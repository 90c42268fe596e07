import { randomUUID } from 'node:crypto';
import { CallwireError } from '../errors.js';
import { emptyStats } from '../engine/stats.js';
import { inputUpdatableStatuses } from '../engine/types.js';
import type { ClaimRequest, EnqueueResult, FailOutcome, InputUpdate, Job, JobError, JobStore, ListQuery, NewJob, ParkRequest, ParkResult, ScrubRequest, SignalledJob, SignalRequest, StepRecord, StoreStats, UpdateInputOptions, UpdateInputResult } from '../engine/types.js';
import { receivedStepRecord } from '../engine/waits.js';
import { memorySharedRecords } from './memory-shared-records.js';

/**
 * A {@link JobStore} in process memory, for tests and single-process experiments. Values are kept as
 * JSON, exactly as the SQL stores keep them. Nothing survives a restart: use
 * `@callwire/store-sqlite` or `@callwire/store-postgres` for real work.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const calls = createCallPipeline({ store, ... });
 * ```
 */
export function createMemoryStore(): JobStore {
  const jobs = new Map<string, Job>();
  const byKey = new Map<string, string>();
  let sequence = 0;
  const order = new Map<string, number>();
  /** Signals no wait has consumed yet, oldest first, by pipeline and key. */
  const pendingSignals = new Map<string, Array<{ payload: unknown; at: number }>>();
  /** `reserveSlot` paces: key → the next free slot (epoch ms). */
  const paces = new Map<string, number>();
  let closed = false;

  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const open = () => {
    if (closed) throw new CallwireError('store_unavailable', 'The memory store is closed.');
  };
  /** The job if `owner` holds its lease. */
  const held = (id: string, owner: string): Job | undefined => {
    const job = jobs.get(id);
    return job && job.status === 'running' && job.leaseOwner === owner ? job : undefined;
  };
  const dropLease = (job: Job) => {
    delete job.leaseOwner;
    delete job.leaseExpiresAt;
  };
  const signalKey = (pipeline: string, key: string) => `${pipeline}\u0000${key}`;
  /** Records a received event on a job's waiting step and makes the job due now. */
  const receive = (job: Job, step: string, payload: unknown, now: number) => {
    job.steps[step] = copy(receivedStepRecord(job.steps[step], payload, now));
    job.status = 'queued';
    job.runAt = now;
    job.updatedAt = now;
    delete job.wait;
  };

  return {
    ...memorySharedRecords(open),
    async enqueue<TInput>(request: NewJob<TInput>): Promise<EnqueueResult<TInput>> {
      open();
      const existing = byKey.get(`${request.pipeline}\u0000${request.key}`);
      if (existing) return { job: copy(jobs.get(existing)!) as Job<TInput>, created: false };
      const job: Job = {
        id: randomUUID(),
        pipeline: request.pipeline,
        key: request.key,
        input: copy(request.input ?? null),
        status: 'queued',
        attempts: 0,
        maxAttempts: request.maxAttempts,
        steps: {},
        runAt: request.runAt ?? request.now,
        createdAt: request.now,
        updatedAt: request.now,
      };
      jobs.set(job.id, job);
      byKey.set(`${job.pipeline}\u0000${job.key}`, job.id);
      order.set(job.id, sequence++);
      return { job: copy(job) as Job<TInput>, created: true };
    },

    async claim({ owner, leaseMs, now, limit, pipelines, jobId }: ClaimRequest) {
      open();
      const due = [...jobs.values()]
        .filter((job) => (!pipelines || pipelines.includes(job.pipeline)) && (jobId === undefined || job.id === jobId))
        .filter((job) =>
          job.status === 'queued' || job.status === 'failed' || job.status === 'waiting' ? job.runAt <= now : job.status === 'running' && (job.leaseExpiresAt ?? 0) < now,
        )
        .sort((a, b) => a.runAt - b.runAt || order.get(a.id)! - order.get(b.id)!)
        .slice(0, Math.max(0, limit));
      for (const job of due) {
        job.status = 'running';
        job.attempts += 1;
        job.leaseOwner = owner;
        job.leaseExpiresAt = now + leaseMs;
        job.updatedAt = now;
        delete job.wait;
      }
      return due.map(copy);
    },

    async renew(id, owner, leaseMs, now) {
      open();
      const job = held(id, owner);
      if (!job) return false;
      job.leaseExpiresAt = now + leaseMs;
      return true;
    },

    async saveStep(id, owner, name, record: StepRecord, now) {
      open();
      const job = held(id, owner);
      if (!job) return false;
      job.steps[name] = copy(record);
      job.updatedAt = now;
      return true;
    },

    async complete(id, owner, output, now) {
      open();
      const job = held(id, owner);
      if (!job) return false;
      job.status = 'succeeded';
      job.output = copy(output ?? null);
      delete job.error;
      job.finishedAt = now;
      job.updatedAt = now;
      dropLease(job);
      return true;
    },

    async fail(id, owner, error: JobError, outcome: FailOutcome, now) {
      open();
      const job = held(id, owner);
      if (!job) return false;
      job.error = copy(error);
      job.updatedAt = now;
      dropLease(job);
      if ('dead' in outcome) {
        job.status = 'dead';
        job.finishedAt = now;
      } else {
        job.status = 'failed';
        job.runAt = outcome.retryAt;
      }
      return true;
    },

    async release(id, owner, now) {
      open();
      const job = held(id, owner);
      if (!job) return false;
      job.status = 'queued';
      job.attempts = Math.max(0, job.attempts - 1);
      job.runAt = now;
      job.updatedAt = now;
      dropLease(job);
      return true;
    },

    async park(id, owner, { step, record }: ParkRequest, now): Promise<ParkResult> {
      open();
      const job = held(id, owner);
      if (!job) return false;
      job.attempts = Math.max(0, job.attempts - 1);
      dropLease(job);
      const kept = record.wait.key === undefined ? undefined : pendingSignals.get(signalKey(job.pipeline, record.wait.key));
      const signal = kept?.shift();
      if (kept?.length === 0) pendingSignals.delete(signalKey(job.pipeline, record.wait.key!));
      job.steps[step] = copy(record);
      if (signal) {
        receive(job, step, signal.payload, now);
        return 'woken';
      }
      job.status = 'waiting';
      job.runAt = record.wait.until;
      job.wait = copy({ step, ...record.wait });
      job.updatedAt = now;
      return 'waiting';
    },

    async signal({ pipeline, key, payload, now }: SignalRequest): Promise<SignalledJob | undefined> {
      open();
      const job = [...jobs.values()]
        .filter((candidate) => candidate.status === 'waiting' && candidate.pipeline === pipeline && candidate.wait?.key === key)
        .sort((a, b) => order.get(a.id)! - order.get(b.id)!)[0];
      if (!job) {
        const list = pendingSignals.get(signalKey(pipeline, key)) ?? [];
        list.push({ payload: copy(payload ?? null), at: now });
        pendingSignals.set(signalKey(pipeline, key), list);
        return undefined;
      }
      const step = job.wait!.step;
      receive(job, step, payload, now);
      return { jobId: job.id, jobKey: job.key, step };
    },

    async retry(id, now, options = {}) {
      open();
      const job = jobs.get(id);
      if (!job || (job.status !== 'dead' && job.status !== 'failed') || job.scrubbedAt !== undefined) return undefined;
      for (const name of options.resetSteps ?? []) delete job.steps[name];
      job.status = 'queued';
      job.attempts = 0;
      job.runAt = now;
      job.updatedAt = now;
      delete job.finishedAt;
      return copy(job);
    },

    async updateInput<TInput>(id: string, update: InputUpdate<TInput>, { now, runAt }: UpdateInputOptions): Promise<UpdateInputResult<TInput> | undefined> {
      open();
      const job = jobs.get(id) as Job<TInput> | undefined;
      if (!job) return undefined;
      const next = inputUpdatableStatuses.includes(job.status) ? update(copy(job.input), copy(job)) : undefined;
      if (next === undefined) return { job: copy(job), updated: false };
      job.input = copy(next ?? (null as TInput));
      if (runAt !== undefined) job.runAt = runAt;
      job.updatedAt = now;
      return { job: copy(job), updated: true };
    },

    async get(id) {
      open();
      const job = jobs.get(id);
      return job && copy(job);
    },

    async getByKey(pipeline, key) {
      open();
      const id = byKey.get(`${pipeline}\u0000${key}`);
      return id === undefined ? undefined : copy(jobs.get(id)!);
    },

    async list(query: ListQuery = {}) {
      open();
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const before = query.before === undefined ? Infinity : order.get(query.before) ?? -1;
      return [...jobs.values()]
        .filter((job) => (!query.status || job.status === query.status) && (!query.pipeline || job.pipeline === query.pipeline))
        .filter((job) => order.get(job.id)! < before)
        .sort((a, b) => order.get(b.id)! - order.get(a.id)!)
        .slice(0, limit)
        .map(copy);
    },

    async stats(): Promise<StoreStats> {
      open();
      const stats = emptyStats();
      for (const job of jobs.values()) stats.add(job.pipeline, job.status, 1);
      return stats.result();
    },

    async scrub({ pipeline, finishedBefore, now, jobId, keep }: ScrubRequest) {
      open();
      let count = 0;
      for (const job of jobs.values()) {
        if (job.pipeline !== pipeline || (job.status !== 'succeeded' && job.status !== 'dead') || (job.finishedAt ?? Infinity) >= finishedBefore) continue;
        if (jobId === undefined ? job.scrubbedAt !== undefined : job.id !== jobId) continue;
        const kept = jobId === undefined ? undefined : keep;
        job.input = copy(kept?.input ?? null);
        job.output = null;
        for (const [name, record] of Object.entries(job.steps)) if (!kept?.steps?.includes(name)) delete record.result;
        job.scrubbedAt = now;
        count += 1;
      }
      if (jobId === undefined) {
        for (const [key, list] of pendingSignals) {
          if (!key.startsWith(signalKey(pipeline, ''))) continue;
          const kept = list.filter((signal) => signal.at >= finishedBefore);
          if (kept.length === 0) pendingSignals.delete(key);
          else pendingSignals.set(key, kept);
        }
      }
      return count;
    },

    async reserveSlot(key, intervalMs, now) {
      const slot = Math.max(now, paces.get(key) ?? 0);
      paces.set(key, slot + intervalMs);
      return slot;
    },
    async ping() {
      open();
    },

    async close() {
      closed = true;
    },
  };
}

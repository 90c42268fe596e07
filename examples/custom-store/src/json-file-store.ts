import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  CallwireError,
  emptyStats,
  inputUpdatableStatuses,
  receivedStepRecord,
  type EnqueueResult,
  type InputUpdate,
  type Job,
  type JobStore,
  type NewJob,
  type ParkResult,
  type UpdateInputOptions,
  type UpdateInputResult,
} from '@callwire/core';
import { createMutex } from './mutex.js';

/** What the file holds: every job, with its insertion order (for stable claim and list order), and signals no wait took yet. */
interface FileState {
  sequence: number;
  jobs: (Job & { order: number })[];
  /** Absent in files written before durable waits. */
  signals?: { pipeline: string; key: string; payload: unknown; at: number }[];
  /** `reserveSlot` paces: key → the next free slot (epoch ms). */
  paces?: Record<string, number>;
  /** Shared records (console sessions), by namespace then key. */
  records?: Record<string, Record<string, { value: unknown; expiresAt: number }>>;
  /** Fixed-window counters (`countHit`). */
  hits?: Record<string, { count: number; resetAt: number }>;
}

/**
 * A {@link JobStore} kept in one JSON file — the starting point for writing a store of your own.
 * Every operation runs under a mutex, reads the state, and (when it changes something) writes the
 * whole file to a temporary name and renames it over the old one, so a crash leaves the old or the
 * new state, never half of one. One process only: the mutex is in memory. (Real stores get the same
 * guarantees from their database: a unique constraint on `(pipeline, key)`, row locks for claims.)
 *
 * It passes `runStoreConformance()`: see `test/conformance.test.ts`.
 *
 * @example
 * ```ts
 * const store = createJsonFileStore({ filename: './callwire-jobs.json' });
 * const calls = createCallPipeline({ store, ...providers });
 * ```
 */
export function createJsonFileStore({ filename }: { filename: string }): JobStore {
  const exclusive = createMutex();
  let closed = false;

  const load = (): FileState => (existsSync(filename) ? (JSON.parse(readFileSync(filename, 'utf8')) as FileState) : { sequence: 0, jobs: [] });
  const save = (state: FileState) => {
    writeFileSync(`${filename}.tmp`, JSON.stringify(state));
    renameSync(`${filename}.tmp`, filename);
  };
  /** Runs `fn` on the current state under the mutex; saves when `fn` says it changed something. */
  const tx = <T>(fn: (state: FileState) => { value: T; changed?: boolean }): Promise<T> =>
    exclusive(() => {
      if (closed) throw new CallwireError('store_unavailable', 'The JSON file store is closed.');
      const state = load();
      const { value, changed } = fn(state);
      if (changed) save(state);
      return value;
    });
  const find = (state: FileState, id: string) => state.jobs.find((job) => job.id === id);
  /** The job if `owner` holds its lease. */
  const held = (state: FileState, id: string, owner: string) => {
    const job = find(state, id);
    return job && job.status === 'running' && job.leaseOwner === owner ? job : undefined;
  };
  /** A job as callers see it: a copy, without the store's own fields. */
  const out = <T = unknown>({ order: _order, ...job }: Job & { order: number }): Job<T> => structuredClone(job) as Job<T>;
  const dropLease = (job: Job) => {
    delete job.leaseOwner;
    delete job.leaseExpiresAt;
  };
  /** Changes a held job with `change`; `false` when the lease is lost. */
  const onHeld = (id: string, owner: string, change: (job: Job) => void) =>
    tx((state) => {
      const job = held(state, id, owner);
      if (!job) return { value: false };
      change(job);
      return { value: true, changed: true };
    });
  const json = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;
  /** Records a delivered event on the job's waiting step; the job is due at once. */
  const receive = (job: Job, step: string, payload: unknown, now: number) => {
    job.steps[step] = json(receivedStepRecord(job.steps[step], payload, now));
    Object.assign(job, { status: 'queued', runAt: now, updatedAt: now });
    delete job.wait;
  };

  return {
    // Shared records and counters: small, next to the jobs in the same file, under the same mutex.
    putRecord: (namespace, key, value, expiresAt) =>
      tx((state) => {
        ((state.records ??= {})[namespace] ??= {})[key] = { value: json(value), expiresAt };
        return { value: undefined, changed: true };
      }),
    getRecord: (namespace, key, now) =>
      tx((state) => {
        const found = state.records?.[namespace]?.[key];
        return { value: found && found.expiresAt > now ? { key, value: json(found.value), expiresAt: found.expiresAt } : undefined };
      }),
    listRecords: (namespace, now) =>
      tx((state) => {
        const entries = Object.entries(state.records?.[namespace] ?? {});
        const live = entries.filter(([, record]) => record.expiresAt > now);
        if (live.length < entries.length) state.records![namespace] = Object.fromEntries(live);
        const value = live.map(([key, record]) => ({ key, value: json(record.value), expiresAt: record.expiresAt })).sort((a, b) => a.expiresAt - b.expiresAt);
        return { value, changed: live.length < entries.length };
      }),
    deleteRecords: (namespace, key) =>
      tx((state) => {
        const found = state.records?.[namespace];
        if (!found) return { value: 0 };
        if (key === undefined) {
          delete state.records![namespace];
          return { value: Object.keys(found).length, changed: true };
        }
        if (!(key in found)) return { value: 0 };
        delete found[key];
        return { value: 1, changed: true };
      }),
    countHit: (key, windowMs, now, hits = 1) =>
      tx((state) => {
        const current = state.hits?.[key];
        const live = current && current.resetAt > now ? current : undefined;
        if (hits === 0) return { value: live ? { ...live } : { count: 0, resetAt: now + windowMs } };
        const next = live ? { count: live.count + hits, resetAt: live.resetAt } : { count: hits, resetAt: now + windowMs };
        state.hits = Object.fromEntries(Object.entries(state.hits ?? {}).filter(([, counter]) => counter.resetAt > now));
        state.hits[key] = next;
        return { value: { ...next }, changed: true };
      }),

    enqueue: <TInput>(request: NewJob<TInput>) =>
      tx<EnqueueResult<TInput>>((state) => {
        const existing = state.jobs.find((job) => job.pipeline === request.pipeline && job.key === request.key);
        if (existing) return { value: { job: out<TInput>(existing), created: false } };
        const job = {
          id: randomUUID(), pipeline: request.pipeline, key: request.key, input: json(request.input), status: 'queued' as const,
          attempts: 0, maxAttempts: request.maxAttempts, steps: {}, runAt: request.runAt ?? request.now,
          createdAt: request.now, updatedAt: request.now, order: state.sequence++,
        };
        state.jobs.push(job);
        return { value: { job: out<TInput>(job), created: true }, changed: true };
      }),

    claim: ({ owner, leaseMs, now, limit, pipelines, jobId }) =>
      tx((state) => {
        const due = state.jobs
          .filter((job) => (!pipelines || pipelines.includes(job.pipeline)) && (jobId === undefined || job.id === jobId))
          .filter((job) => (['queued', 'failed', 'waiting'].includes(job.status) ? job.runAt <= now : job.status === 'running' && (job.leaseExpiresAt ?? 0) < now))
          .sort((a, b) => a.runAt - b.runAt || a.order - b.order)
          .slice(0, Math.max(0, limit));
        for (const job of due) {
          Object.assign(job, { status: 'running', attempts: job.attempts + 1, leaseOwner: owner, leaseExpiresAt: now + leaseMs, updatedAt: now });
          delete job.wait;
        }
        return { value: due.map((job) => out(job)), changed: due.length > 0 };
      }),

    renew: (id, owner, leaseMs, now) => onHeld(id, owner, (job) => (job.leaseExpiresAt = now + leaseMs)),

    saveStep: (id, owner, name, record, now) =>
      onHeld(id, owner, (job) => {
        job.steps[name] = json(record);
        job.updatedAt = now;
      }),

    complete: (id, owner, output, now) =>
      onHeld(id, owner, (job) => {
        Object.assign(job, { status: 'succeeded', output: json(output), finishedAt: now, updatedAt: now });
        delete job.error;
        dropLease(job);
      }),

    fail: (id, owner, error, outcome, now) =>
      onHeld(id, owner, (job) => {
        Object.assign(job, { error: json(error), updatedAt: now });
        dropLease(job);
        if ('dead' in outcome) Object.assign(job, { status: 'dead', finishedAt: now });
        else Object.assign(job, { status: 'failed', runAt: outcome.retryAt });
      }),

    release: (id, owner, now) =>
      onHeld(id, owner, (job) => {
        Object.assign(job, { status: 'queued', attempts: Math.max(0, job.attempts - 1), runAt: now, updatedAt: now });
        dropLease(job);
      }),

    // Checking for a kept signal and parking happen in one transaction, so a signal is never lost between them.
    park: (id, owner, { step, record }, now) =>
      tx<ParkResult>((state) => {
        const job = held(state, id, owner);
        if (!job) return { value: false };
        const kept = state.signals?.find((signal) => signal.pipeline === job.pipeline && signal.key === record.wait.key);
        Object.assign(job, { attempts: Math.max(0, job.attempts - 1), updatedAt: now });
        dropLease(job);
        job.steps[step] = json(record);
        if (kept) {
          state.signals = state.signals!.filter((signal) => signal !== kept);
          receive(job, step, kept.payload, now);
          return { value: 'woken', changed: true };
        }
        Object.assign(job, { status: 'waiting', runAt: record.wait.until, wait: json({ step, ...record.wait }) });
        return { value: 'waiting', changed: true };
      }),

    reserveSlot: (key, intervalMs, now) =>
      tx((state) => {
        const slot = Math.max(now, state.paces?.[key] ?? 0);
        (state.paces ??= {})[key] = slot + intervalMs;
        return { value: slot, changed: true };
      }),

    signal: ({ pipeline, key, payload, now }) =>
      tx((state) => {
        const job = state.jobs.find((candidate) => candidate.status === 'waiting' && candidate.pipeline === pipeline && candidate.wait?.key === key);
        if (!job) {
          (state.signals ??= []).push({ pipeline, key, payload: json(payload), at: now });
          return { value: undefined, changed: true };
        }
        const step = job.wait!.step;
        receive(job, step, payload, now);
        return { value: { jobId: job.id, jobKey: job.key, step }, changed: true };
      }),

    retry: (id, now, options = {}) =>
      tx((state) => {
        const job = find(state, id);
        if (!job || (job.status !== 'dead' && job.status !== 'failed') || job.scrubbedAt !== undefined) return { value: undefined };
        for (const name of options.resetSteps ?? []) delete job.steps[name];
        Object.assign(job, { status: 'queued', attempts: 0, runAt: now, updatedAt: now });
        delete job.finishedAt;
        return { value: out(job), changed: true };
      }),

    // The update runs under the mutex, between one read and one write of the file: concurrent updates serialise.
    updateInput: <TInput>(id: string, update: InputUpdate<TInput>, { now, runAt }: UpdateInputOptions) =>
      tx<UpdateInputResult<TInput> | undefined>((state) => {
        const job = find(state, id);
        if (!job) return { value: undefined };
        const next = inputUpdatableStatuses.includes(job.status) ? update(out<TInput>(job).input, out<TInput>(job)) : undefined;
        if (next === undefined) return { value: { job: out<TInput>(job), updated: false } };
        Object.assign(job, { input: json(next), updatedAt: now }, runAt === undefined ? {} : { runAt });
        return { value: { job: out<TInput>(job), updated: true }, changed: true };
      }),

    get: (id) => tx((state) => ({ value: ((job) => job && out(job))(find(state, id)) })),

    getByKey: (pipeline, key) => tx((state) => ({ value: ((job) => job && out(job))(state.jobs.find((j) => j.pipeline === pipeline && j.key === key)) })),

    list: (query = {}) =>
      tx((state) => {
        const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
        const before = query.before === undefined ? Infinity : (find(state, query.before)?.order ?? -1);
        const jobs = state.jobs
          .filter((job) => (!query.status || job.status === query.status) && (!query.pipeline || job.pipeline === query.pipeline) && job.order < before)
          .sort((a, b) => b.order - a.order)
          .slice(0, limit);
        return { value: jobs.map((job) => out(job)) };
      }),

    stats: () =>
      tx((state) => {
        const stats = emptyStats();
        for (const job of state.jobs) stats.add(job.pipeline, job.status, 1);
        return { value: stats.result() };
      }),

    // Retention is per pipeline; with jobId, one job, keeping what its pipeline still needs.
    scrub: ({ pipeline, finishedBefore, now, jobId, keep }) =>
      tx((state) => {
        const expired = state.jobs.filter(
          (job) =>
            job.pipeline === pipeline &&
            (job.status === 'succeeded' || job.status === 'dead') &&
            (job.finishedAt ?? Infinity) < finishedBefore &&
            (jobId === undefined ? job.scrubbedAt === undefined : job.id === jobId),
        );
        const kept = jobId === undefined ? undefined : keep;
        for (const job of expired) {
          Object.assign(job, { input: json(kept?.input ?? null), output: null, scrubbedAt: now });
          for (const [name, record] of Object.entries(job.steps)) if (!kept?.steps?.includes(name)) delete record.result;
        }
        const signals = jobId === undefined ? state.signals?.filter((signal) => signal.pipeline !== pipeline || signal.at >= finishedBefore) : state.signals;
        const dropped = (state.signals?.length ?? 0) - (signals?.length ?? 0);
        if (signals) state.signals = signals;
        return { value: expired.length, changed: expired.length > 0 || dropped > 0 };
      }),

    ping: () => tx(() => ({ value: undefined })),

    async close() {
      closed = true;
    },
  };
}

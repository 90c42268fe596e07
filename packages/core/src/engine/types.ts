/**
 * The job model and the {@link JobStore} port. Stores persist jobs; the worker drives them.
 *
 * Lifecycle: `queued` → `running` → `succeeded`, or → `failed` (a retry is scheduled) → `running` …,
 * and after the last attempt → `dead` (kept, with its error, until an operator re-drives it).
 * A running job that waits (a sleep, an event, a step that is not ready) is parked: `running` →
 * `waiting` (no lease, no worker; the attempt is not counted) → `running` again once it is due
 * (`runAt`) or, for an event, once its signal arrives (→ `queued`, due at once).
 */

import type { SharedRecords } from './shared-records.js';

/** Where a job is in its lifecycle. */
export type JobStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'dead';

/** All statuses, in lifecycle order. */
export const jobStatuses: readonly JobStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'dead'];

/** A failure as stored: plain data, safe to serialise. */
export interface JobError {
  message: string;
  code?: string;
  /** The step that failed, when a step failed. */
  step?: string;
  provider?: string;
  providerStatus?: number;
  retryable?: boolean;
  /** Epoch milliseconds. */
  at: number;
}

/** What a parked step waits for: a sleep's end, an event (until its timeout), or its next "ready yet?" check. */
export interface StepWait {
  kind: 'sleep' | 'event' | 'not-ready';
  /** Epoch milliseconds: when the job is due again (the sleep's end, the event's timeout, the next check). */
  until: number;
  /** For `event`: the signal key that wakes the job before `until`. */
  key?: string;
  /** For `not-ready`: when the step was first not ready (epoch ms); its deadline counts from then. */
  since?: number;
}

/** What is stored for one named step of a job. */
export interface StepRecord {
  /**
   * `waiting`: a wait (sleep, event, not-ready step) is in progress; see `wait`. `intent`: a side-effect step
   * (`step(name, fn, { sideEffect: true })`) is about to call its provider, since `intentAt` — a job resumed
   * after a crash finds it there and confirms the effect before running the step again.
   */
  status: 'succeeded' | 'failed' | 'waiting' | 'intent';
  /** The step's return value (only for `succeeded`). */
  result?: unknown;
  /** The last failure (only for `failed`). */
  error?: JobError;
  /** What the step waits for (`waiting`); a step that failed after being not ready keeps it, so its deadline holds. */
  wait?: StepWait;
  /** How many times the step has been run, across attempts and processes. */
  attempts: number;
  /**
   * Epoch milliseconds: when a side-effect step last began its provider call and its outcome is not known — set on
   * an `intent` record, and kept on a `failed` one when the provider gave no answer (the effect may have happened).
   */
  intentAt?: number;
  /** A side-effect step whose interrupted run was found done by its `confirm`: its result is the effect found. */
  confirmed?: boolean;
  /** How many times a side-effect step was run again after an interrupted run it could not confirm (possible duplicates). */
  maybeDuplicated?: number;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Epoch milliseconds. */
  finishedAt: number;
}

/** A durable unit of work. Timestamps are epoch milliseconds. */
export interface Job<TInput = unknown> {
  id: string;
  /** Name of the pipeline that runs it, e.g. `calls`. */
  pipeline: string;
  /** Idempotency key, unique within the pipeline (a call id, a conversation id, …). */
  key: string;
  input: TInput;
  status: JobStatus;
  /** How many times the job has been claimed. */
  attempts: number;
  maxAttempts: number;
  /** Per-step results and errors, by step name. */
  steps: Record<string, StepRecord>;
  /** The final value, once `succeeded`. */
  output?: unknown;
  /** The last failure, kept when the job is `failed` or `dead`. */
  error?: JobError;
  /** When the job is next due to run (for a `waiting` job: when its wait ends). */
  runAt: number;
  /** While `waiting`: the step it waits in, and what for. */
  wait?: JobWait;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  /**
   * Epoch milliseconds: when retention removed the job's data ({@link JobStore.scrub}). A job scrubbed
   * with nothing kept has a `null` input ({@link isScrubbed}); either way it cannot be re-driven.
   */
  scrubbedAt?: number;
}

/** What a `waiting` job waits for: the waiting step's name and its {@link StepWait}. */
export interface JobWait extends StepWait {
  step: string;
}

/** What {@link JobStore.enqueue} needs. */
export interface NewJob<TInput = unknown> {
  pipeline: string;
  key: string;
  input: TInput;
  maxAttempts: number;
  /** Epoch milliseconds; defaults to `now`. */
  runAt?: number;
  /** Epoch milliseconds; the store's clock for this call. */
  now: number;
}

/** The result of {@link JobStore.enqueue}: the stored job and whether this call created it. */
export interface EnqueueResult<TInput = unknown> {
  job: Job<TInput>;
  /** `false` when a job with the same pipeline and key already existed (a duplicate delivery). */
  created: boolean;
}

/** What {@link JobStore.claim} needs. */
export interface ClaimRequest {
  /** A unique id of the claiming worker. */
  owner: string;
  /** How long the lease lasts, in milliseconds. */
  leaseMs: number;
  /** Epoch milliseconds; the store's clock for this call. */
  now: number;
  /** The most jobs to claim. */
  limit: number;
  /** Only claim jobs of these pipelines (all when omitted). */
  pipelines?: readonly string[];
  /** Only claim this job, if it is due (to run a just-enqueued job inline, while its sender waits). */
  jobId?: string;
}

/** How a failed attempt ends: a retry at a time, or a dead job. */
export type FailOutcome = { retryAt: number } | { dead: true };

/** Options of {@link JobStore.retry}. */
export interface RetryOptions {
  /** Step records to remove, so that those steps run again (e.g. a provider job that failed for good). */
  resetSteps?: readonly string[] | undefined;
}

/**
 * Statuses in which a job is not running and not finished, so that its input may still change
 * ({@link JobStore.updateInput}).
 */
export const inputUpdatableStatuses: readonly JobStatus[] = ['queued', 'failed', 'waiting'];

/** A step record of a step that waits. */
export type WaitingStepRecord = StepRecord & { status: 'waiting'; wait: StepWait };

/** What {@link JobStore.park} records: the waiting step and its record. */
export interface ParkRequest {
  step: string;
  record: WaitingStepRecord;
}

/**
 * How {@link JobStore.park} ended: `waiting` (parked until `record.wait.until` or its signal), `woken`
 * (a signal for its key was already kept: it was consumed, the step recorded as received and the job
 * is due at once), or `false` when the owner no longer holds the lease.
 */
export type ParkResult = 'waiting' | 'woken' | false;

/** What {@link JobStore.signal} needs. */
export interface SignalRequest {
  /** Wait keys are scoped to one pipeline. */
  pipeline: string;
  key: string;
  /** JSON-serialisable; handed to the wait as its event. */
  payload: unknown;
  /** Epoch milliseconds; the store's clock for this call. */
  now: number;
}

/** The job a signal woke. */
export interface SignalledJob {
  jobId: string;
  /** The job's idempotency key. */
  jobKey: string;
  /** The waiting step that received the event. */
  step: string;
}

/** What {@link JobStore.updateInput} needs besides the job id and the update. */
export interface UpdateInputOptions {
  /** Epoch milliseconds; the store's clock for this call. */
  now: number;
  /** Epoch milliseconds: when the input is updated, the job is also due at this time (e.g. `now`). */
  runAt?: number | undefined;
}

/** The result of {@link JobStore.updateInput}. */
export interface UpdateInputResult<TInput = unknown> {
  /** The job as stored after the call. */
  job: Job<TInput>;
  /** `false` when the job is running or finished, or the update returned `undefined`. */
  updated: boolean;
}

/**
 * Computes a job's new input from its stored input, or returns `undefined` to change nothing. It must
 * be synchronous and pure: a store may call it inside a transaction, under a row lock, and more than once.
 */
export type InputUpdate<TInput> = (input: TInput, job: Job<TInput>) => TInput | undefined;

/** Filters for {@link JobStore.list}. */
export interface ListQuery {
  status?: JobStatus;
  pipeline?: string;
  /** At most this many jobs, newest first (default 50, at most 500). */
  limit?: number;
  /** Only jobs created before this job id's creation (for paging). */
  before?: string;
}

/** What {@link JobStore.scrub} removes: the data of one pipeline's jobs that finished before a time. */
export interface ScrubRequest {
  /** Only jobs (and kept signals) of this pipeline: each pipeline has its own retention. */
  pipeline: string;
  /** Jobs that finished (`succeeded` or `dead`) before this epoch ms. */
  finishedBefore: number;
  /** Epoch milliseconds; the store's clock for this call, recorded as the jobs' `scrubbedAt`. */
  now: number;
  /**
   * Only this job, when it qualifies — also when it was scrubbed before with something kept. Without
   * `jobId`, jobs already scrubbed are left alone and kept signals received before the cut-off are dropped.
   */
  jobId?: string;
  /**
   * With `jobId`: what the pipeline still needs, kept instead of nothing — `input` replaces the job's input
   * (e.g. an appointment's phone, e-mail, time), and the results of the named `steps` stay (e.g. the calendar
   * event id). Without `keep` the input becomes `null`.
   */
  keep?: { input: unknown; steps?: readonly string[] };
}

/** Counts of jobs by status, overall and per pipeline. */
export interface StoreStats {
  total: number;
  byStatus: Record<JobStatus, number>;
  byPipeline: Record<string, Record<JobStatus, number>>;
}

/**
 * The persistence port. A store is correct when it passes `runStoreConformance()` from
 * `@callwire/core/testing`.
 *
 * Every method that changes a running job takes the lease `owner` and changes nothing (returning
 * `false`) when that owner no longer holds the lease: a worker whose lease expired cannot overwrite
 * the work of the worker that reclaimed the job.
 */
export interface JobStore extends SharedRecords {
  /** Insert a job, or return the existing one with the same pipeline and key. Atomic under any concurrency. */
  enqueue<TInput>(job: NewJob<TInput>): Promise<EnqueueResult<TInput>>;
  /**
   * Lease up to `limit` due jobs: `queued`, `failed` or `waiting` with `runAt <= now`, or `running`
   * with an expired lease. Each claimed job becomes `running` (its `wait` cleared), its `attempts`
   * grows by one. Two concurrent claims never return the same job.
   */
  claim(request: ClaimRequest): Promise<Job[]>;
  /** Extend a lease the owner still holds. */
  renew(id: string, owner: string, leaseMs: number, now: number): Promise<boolean>;
  /** Save one step's record on a job the owner holds. */
  saveStep(id: string, owner: string, name: string, record: StepRecord, now: number): Promise<boolean>;
  /** Mark a held job `succeeded` with its output and drop the lease. */
  complete(id: string, owner: string, output: unknown, now: number): Promise<boolean>;
  /** Record a failed attempt on a held job: schedule a retry, or make it `dead`. */
  fail(id: string, owner: string, error: JobError, outcome: FailOutcome, now: number): Promise<boolean>;
  /** Give a held job back without counting the attempt (graceful shutdown). It is due at once. */
  release(id: string, owner: string, now: number): Promise<boolean>;
  /**
   * Park a held job that waits, atomically: save `request.record` as the step's record, drop the
   * lease, uncount the attempt (a park is not an attempt), and make the job `waiting`, due at
   * `record.wait.until` with `wait` set. For an event wait (`record.wait.key`), a signal already kept
   * for that key (see {@link JobStore.signal}) is consumed instead: the step is recorded as succeeded
   * with `{ timedOut: false, event: payload }` ({@link receivedStepRecord}), the job is `queued` and
   * due at `now`, and the result is `woken`. Checking for the signal and parking are one atomic step
   * with respect to `signal`, so an event is never lost between them.
   */
  park(id: string, owner: string, request: ParkRequest, now: number): Promise<ParkResult>;
  /**
   * Deliver an event to the job of `pipeline` waiting on `key`, exactly once: its waiting step is
   * recorded as succeeded with `{ timedOut: false, event: payload }` ({@link receivedStepRecord}), its
   * `wait` is cleared and it is `queued`, due at `now`. Resolves that job, or `undefined` when no job
   * waits on the key — then the signal is kept, and the next {@link JobStore.park} on that key
   * consumes it. Each signal is delivered to one wait at most (the longest-waiting one when several
   * wait on a key); kept signals received before a `scrub` cut-off are removed by `scrub`.
   */
  signal(request: SignalRequest): Promise<SignalledJob | undefined>;
  /**
   * Books the next free slot of a shared pace (a provider's rate limit, e.g. one Slack message a second per
   * webhook), not before `now`: atomically, `slot = max(now, next[key])` and `next[key] = slot + intervalMs`; resolves `slot`
   * (epoch ms). Every process and container sharing the store shares the pace, so concurrent callers
   * always get slots `intervalMs` apart.
   */
  reserveSlot(key: string, intervalMs: number, now: number): Promise<number>;
  /**
   * Re-drive a `dead` or `failed` job that was not scrubbed: due now, attempts reset, completed steps kept so they are not
   * redone — except the records named in `resetSteps`, which are removed so those steps run afresh.
   * Returns the updated job, or `undefined` when there is no such job or it is not re-drivable (scrubbed included).
   */
  retry(id: string, now: number, options?: RetryOptions): Promise<Job | undefined>;
  /**
   * Atomically replaces the input of a job that is not running — status `queued`, `failed` or
   * `waiting` (see {@link inputUpdatableStatuses}): `update` receives the stored input and job and returns the new
   * input, or `undefined` to change nothing. With `runAt`, an updated job is also made due at that time.
   * Concurrent updates of one job are serialised (a transaction with a row lock in SQL stores), so none
   * is lost. Resolves `{ job, updated }`, or `undefined` when there is no such job. `updated` is `false`
   * when the job is running or finished, or `update` returned `undefined`; then nothing changed.
   */
  updateInput<TInput>(id: string, update: InputUpdate<TInput>, options: UpdateInputOptions): Promise<UpdateInputResult<TInput> | undefined>;
  /** A job by id, or `undefined`. */
  get(id: string): Promise<Job | undefined>;
  /** A job by pipeline and idempotency key, or `undefined`. */
  getByKey(pipeline: string, key: string): Promise<Job | undefined>;
  /** Jobs, newest first, filtered by `query`. */
  list(query?: ListQuery): Promise<Job[]>;
  /** Job counts by status, and the oldest due job. */
  stats(): Promise<StoreStats>;
  /**
   * Retention, one pipeline at a time: remove `input`, `output` and step results (which hold payloads and
   * transcripts) from the jobs of `request.pipeline` that finished (`succeeded` or `dead`) before
   * `finishedBefore` and were not scrubbed yet, set their `scrubbedAt`, and delete that pipeline's kept signals
   * received before then that no wait consumed. Other pipelines' jobs are never touched. With `jobId`, only that
   * job (see {@link ScrubRequest.keep} for what it may keep). Returns how many jobs were scrubbed.
   */
  scrub(request: ScrubRequest): Promise<number>;
  /** Check the store answers (for health checks). */
  ping(): Promise<void>;
  /** Release connections. Calling it twice is harmless. */
  close(): Promise<void>;
}

/** Whether retention removed a job's data and kept nothing ({@link JobStore.scrub}): its input is gone. */
export const isScrubbed = (job: Pick<Job, 'scrubbedAt' | 'input'>): boolean => job.scrubbedAt !== undefined && job.input === null;

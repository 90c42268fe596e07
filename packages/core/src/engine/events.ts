import { createRequire } from 'node:module';
import type { Emitter } from 'mitt';
import type { JobError, JobStatus, StepWait } from './types.js';

/** Identifies a job in every event. Events never carry a job's input (it may hold personal data). */
export interface JobRef {
  jobId: string;
  pipeline: string;
  key: string;
}

/** The events every pipeline emits, by name. */
export type PipelineEvents = {
  /** A new job was stored; it is due at `runAt` (epoch ms). */
  'job.queued': JobRef & { runAt: number };
  /** A delivery matched an existing job; nothing new was stored. */
  'job.duplicate': JobRef & { status: JobStatus };
  /** A worker claimed the job and starts an attempt. */
  'job.started': JobRef & { attempt: number };
  /** A step ran and its result was saved. */
  'step.succeeded': JobRef & { step: string; attempt: number; durationMs: number };
  /** A step had already succeeded on an earlier attempt; its saved result was reused. */
  'step.reused': JobRef & { step: string };
  /**
   * A side-effect step found in `intent` (its process stopped after it began its provider call) was confirmed
   * done by its provider: the effect found is its result; it was not run again.
   */
  'step.confirmed': JobRef & { step: string; attempt: number; intentAt: number };
  /**
   * A side-effect step found in `intent` could not be confirmed (it has no `confirm`) and runs again: its effect
   * may now happen twice. `count` is how many times this step was re-run so (also stored as `maybeDuplicated`).
   */
  'step.maybe-duplicated': JobRef & { step: string; attempt: number; intentAt: number; count: number };
  'step.failed': JobRef & { step: string; attempt: number; durationMs: number; error: JobError };
  'job.succeeded': JobRef & { attempt: number; durationMs: number };
  /** The attempt failed and a retry is scheduled. */
  'job.failed': JobRef & { attempt: number; error: JobError; retryAt: number };
  /** The job failed for good (permanent error, or no attempts left). */
  'job.dead': JobRef & { attempt: number; error: JobError };
  /** A job's stored input was replaced while it was not running (`pipeline.updateInput`); `runAt` when it was also made due then. */
  'job.updated': JobRef & { runAt?: number };
  /** An operator re-drove a dead or failed job. */
  'job.redriven': JobRef;
  /**
   * The job parked: it waits, holding no worker and no lease, until `until` — or, for an event, until
   * its signal (`waitKey`) arrives. The attempt is not counted.
   */
  'job.waiting': JobRef & { attempt: number; step: string; wait: StepWait['kind']; until: number; waitKey?: string };
  /**
   * The job's wait ended: `signal` when its event arrived (emitted by the process that signalled, or
   * by the worker that parked it when the signal came first), `time` when a resumed attempt found the
   * wait's time over.
   */
  'job.woken': JobRef & { step: string; by: 'signal' | 'time'; waitKey?: string };
  /** A stopping worker handed the job back unfinished. */
  'job.released': JobRef;
  /** The worker lost its lease (it expired and another worker may hold the job now). */
  'job.lease-lost': JobRef & { attempt: number };
};

/** A pipeline's typed event emitter (mitt). */
export type PipelineEmitter = Emitter<PipelineEvents>;

type Mitt = typeof import('mitt').default;
let mitt: Mitt | undefined;
/** mitt, loaded with the first emitter rather than on `import '@callwire/core'` (~2 ms of a cold start). */
const loadMitt = (): Mitt => {
  // mitt's types say ESM while its `require` entry is CommonJS; take the function in either form.
  const loaded = createRequire(import.meta.url)('mitt') as Mitt | { default: Mitt };
  return 'default' in loaded ? loaded.default : loaded;
};

/** A new, empty event emitter for a pipeline. */
export const createEmitter = (): PipelineEmitter => (mitt ??= loadMitt())<PipelineEvents>();

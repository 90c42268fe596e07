/**
 * Delivery reports of sent texts, kept in the job store through its existing operations only — so
 * every store that passes the conformance suite keeps them, including for jobs that already finished.
 *
 * Each (job, step, state) is one record: a job of the pipeline `<appointments>.deliveries`, under the
 * idempotency key `<jobId>:<step>:<state>`, holding the report as its input, completed at once (no
 * worker claims that pipeline). A repeated callback finds its record already there; callbacks that
 * arrive out of order each add their own state; the view shows the furthest state recorded. No
 * record is ever updated, so concurrent callbacks cannot lose one another.
 */
import { nodeCrypto } from '../node-builtins.js';
import type { Job } from '../engine/types.js';
import type { DeliveryReport, DeliveryStatus } from './ports.js';
import type { AppointmentRuntime } from './runtime.js';
import { stepNames, type Delivery } from './types.js';

/** How far along each state is; a report only shows when nothing further was recorded. */
const rank: Record<DeliveryStatus, number> = { queued: 0, sent: 1, undelivered: 2, failed: 2, delivered: 3, read: 4 };
const states = Object.keys(rank) as DeliveryStatus[];

/** The pipeline name delivery records are stored under. */
export const deliveryPipeline = (rt: AppointmentRuntime): string => `${rt.pipelineName}.deliveries`;

const recordKey = (jobId: string, step: string, status: DeliveryStatus): string => `${jobId}:${step}:${status}`;

/** What one record holds. */
interface DeliveryRecord {
  kind: 'delivery-report';
  report: DeliveryReport;
}

/**
 * Stores a verified report for a job of this pipeline's text step. Returns `false` (and stores
 * nothing) when it names no such job or step.
 */
export async function recordDelivery(rt: AppointmentRuntime, report: DeliveryReport): Promise<boolean> {
  const { jobId, step } = report.ref;
  if (step !== stepNames.sms) return false;
  const job = await rt.store.get(jobId);
  if (!job || job.pipeline !== rt.pipelineName) return false;
  const pipeline = deliveryPipeline(rt);
  const now = rt.clock();
  const input: DeliveryRecord = { kind: 'delivery-report', report };
  const { job: record, created } = await rt.store.enqueue({ pipeline, key: recordKey(jobId, step, report.status), input, maxAttempts: 1, now });
  if (created) {
    // Finish the record at once, so it never counts as queued work.
    const owner = `delivery-${nodeCrypto().randomUUID()}`;
    const [claimed] = await rt.store.claim({ owner, leaseMs: 60_000, now, limit: 1, pipelines: [pipeline], jobId: record.id });
    if (claimed) await rt.store.complete(claimed.id, owner, { status: report.status }, now);
  }
  return true;
}

/** The furthest delivery state recorded for a job's text step, or `undefined` when none was. */
export async function loadDelivery(rt: AppointmentRuntime, jobId: string, step: string = stepNames.sms): Promise<Delivery | undefined> {
  const pipeline = deliveryPipeline(rt);
  const records = await Promise.all(states.map((status) => rt.store.getByKey(pipeline, recordKey(jobId, step, status))));
  let best: Job | undefined;
  for (const record of records) {
    const status = reportOf(record)?.status;
    if (!status) continue;
    const bestStatus = reportOf(best)?.status;
    if (!bestStatus || rank[status] > rank[bestStatus] || (rank[status] === rank[bestStatus] && record!.createdAt < best!.createdAt)) best = record;
  }
  const report = reportOf(best);
  if (!best || !report) return undefined;
  return {
    status: report.status,
    channel: report.channel,
    messageId: report.messageId,
    ...(report.errorCode !== undefined ? { errorCode: report.errorCode } : {}),
    ...(report.reason ? { reason: report.reason } : {}),
    at: new Date(best.createdAt).toISOString(),
  };
}

function reportOf(job: Job | undefined): DeliveryReport | undefined {
  const input = job?.input as DeliveryRecord | null | undefined;
  return input?.kind === 'delivery-report' ? input.report : undefined;
}

/** The delivery of each job's text step, for the jobs of one appointment (empty when the sender reports none). */
export async function loadDeliveries(rt: AppointmentRuntime, jobs: readonly Job[]): Promise<Map<string, Delivery>> {
  const deliveries = new Map<string, Delivery>();
  if (!rt.sms?.deliveryReports) return deliveries;
  await Promise.all(
    jobs.map(async (job) => {
      const delivery = await loadDelivery(rt, job.id);
      if (delivery) deliveries.set(job.id, delivery);
    }),
  );
  return deliveries;
}

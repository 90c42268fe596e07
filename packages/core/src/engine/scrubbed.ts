import { CallwireError } from '../errors.js';
import type { Job } from './types.js';

/**
 * The answer about a job whose data retention removed (`410 gone`): what it was, and when it was removed.
 * `what` names it for the reader, e.g. `Call 4c1f…` or `Appointment 7d2e…`.
 */
export function scrubbedError(what: string, job: Pick<Job, 'scrubbedAt'>): CallwireError {
  const when = job.scrubbedAt === undefined ? '' : ` on ${new Date(job.scrubbedAt).toISOString()}`;
  return new CallwireError('gone', `${what}: its data was removed by the retention policy${when}.`);
}

/** The answer to re-driving a job retention scrubbed (`410 gone`): it has nothing left to run on. */
export function scrubbedRedriveError(job: Pick<Job, 'id' | 'scrubbedAt'>): CallwireError {
  return scrubbedError(`Job ${job.id} cannot be re-driven`, job);
}

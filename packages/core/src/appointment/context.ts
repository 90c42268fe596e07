import type { Pipeline } from '../engine/pipeline.js';
import type { CountryCode } from '../phone.js';
import type { DataCollectionIds } from './intake-post-call.js';
import type { AppointmentJobOutput } from './run-job.js';
import type { AppointmentRuntime } from './runtime.js';
import type { AppointmentJobInput } from './types.js';
import type { ValidationContext } from './validate.js';

/** What the intake, change and availability functions share. */
export interface AppointmentContext {
  rt: AppointmentRuntime;
  pipeline: Pipeline<AppointmentJobInput, AppointmentJobOutput>;
  toolDeadlineMs: number;
  defaultRegion: CountryCode;
  elevenLabs: { webhookSecret: string; toleranceSeconds: number; ids: DataCollectionIds } | undefined;
}

/** The validation context at this moment. */
export const validationContext = (ctx: AppointmentContext): ValidationContext => ({ schedule: ctx.rt.schedule, now: ctx.rt.clock(), defaultRegion: ctx.defaultRegion });

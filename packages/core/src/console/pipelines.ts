import type { AppointmentPipeline } from '../appointment/create-appointment-pipeline.js';
import type { CallPipeline } from '../call/pipeline.js';
import type { HandlerPipeline } from '../http/builtin-routes.js';

/** The call pipelines among a handler's pipelines (they can preview their Slack minutes). */
export const isCallPipeline = (pipeline: HandlerPipeline): pipeline is CallPipeline & HandlerPipeline =>
  typeof (pipeline as Partial<CallPipeline>).minutes === 'function' && typeof (pipeline as Partial<CallPipeline>).receive === 'function';

/** The appointment pipelines among a handler's pipelines. */
export const isAppointmentPipeline = (pipeline: HandlerPipeline): pipeline is AppointmentPipeline & HandlerPipeline =>
  typeof (pipeline as Partial<AppointmentPipeline>).getAppointment === 'function' && typeof (pipeline as Partial<AppointmentPipeline>).cancel === 'function';

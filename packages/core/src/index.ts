/**
 * @callwire/core — durable, exactly-once pipelines for telephony and voice-agent webhooks.
 * Provider integrations live in subpaths (`@callwire/core/slack`, …) so that only what you use is loaded.
 */
export { CallwireError, errorCodes, isCallwireError } from './errors.js';
export type { CallwireErrorOptions, ErrorCode, FieldIssue } from './errors.js';
export { maskNames, redactText, silentLogger } from './logger.js';
export type { RedactOptions } from './logger.js';
export type { Logger } from './logger.js';

export { createPipeline } from './engine/pipeline.js';
export type { AnyPipeline, EnqueueOptions, JobContext, Pipeline, PipelineOptions, PipelineUpdateInputOptions, StepContext, StepIntent, StepOptions } from './engine/pipeline.js';
export { createWorker } from './engine/worker.js';
export type { DrainOptions, DrainResult, StopOptions, Worker, WorkerOptions } from './engine/worker.js';
export { announceJobs } from './engine/announcer.js';
export type { AnnouncedJob, AnnounceJobsOptions, Announcements, JobAnnouncer } from './engine/announcer.js';
export type { AttemptOutcome } from './engine/execute-job.js';
export { isNotReady, notReady, notReadyBackoff, NotReadyError, receivedStepRecord } from './engine/waits.js';
export type { NotReadyOptions, WaitForEventResult } from './engine/waits.js';
export { classifyError, parseRetryAfter } from './engine/classify-error.js';
export type { ErrorVerdict } from './engine/classify-error.js';
export { defaultRetryPolicy, retryDelay } from './engine/retry-policy.js';
export type { RetryPolicy } from './engine/retry-policy.js';
export { emptyStats } from './engine/stats.js';
export { purgeAll } from './engine/retention-timer.js';
export type { HitCount, SharedRecord, SharedRecords } from './engine/shared-records.js';
export { scrubbedError } from './engine/scrubbed.js';
export { jobFromColumns, queuedJob } from './engine/job-columns.js';
export { newJobId } from './engine/job-id.js';
export type { JobColumns } from './engine/job-columns.js';
export type { JobRef, PipelineEmitter, PipelineEvents } from './engine/events.js';
export { inputUpdatableStatuses, isScrubbed, jobStatuses } from './engine/types.js';
export type {
  ClaimRequest,
  EnqueueResult,
  FailOutcome,
  InputUpdate,
  Job,
  JobError,
  JobWait,
  JobStatus,
  JobStore,
  ListQuery,
  NewJob,
  ParkRequest,
  ParkResult,
  RetryOptions,
  ScrubRequest,
  SignalledJob,
  SignalRequest,
  StepRecord,
  StepWait,
  StoreStats,
  UpdateInputOptions,
  UpdateInputResult,
  WaitingStepRecord,
} from './engine/types.js';
export { json } from './http/route.js';
export type { HttpContribution, Route, RouteAuth, RouteInput, RouteMethod, ServiceState } from './http/route.js';
export { isValidPhoneNumber, samePhoneNumber, toE164 } from './phone.js';
export { cleanText } from './text/clean.js';
export type { CleanTextOptions } from './text/clean.js';
export type { CountryCode, E164 } from './phone.js';
export { createHandler } from './http/handler.js';
export type { CallwireHandler, ErrorContext, HandlerLimits, HandlerOptions, RequestContext } from './http/handler.js';
export type { ConsoleOptions } from './console/options.js';
export type { AuthOptions } from './http/auth.js';
export type { HandlerPipeline } from './http/builtin-routes.js';
export type { TrustProxy } from './http/client-ip.js';
export { sendWebResponse, serveNode, serveNodeRequest, toNodeListener, toWebRequest } from './http/node.js';
export type { ToWebRequestOptions, WebHandler } from './http/node.js';
export { createCallPipeline } from './call/pipeline.js';
export type { CallOutput, CallPipeline, CallPipelineOptions } from './call/pipeline.js';
export type { ReceiveResult } from './call/receive.js';
export type { Audio, CallHistory, CallRecord, CallRecords, ChatMessage, ChatNotifier, PortCallOptions, PostOptions, PostResult, RecordingRef, RecordingSource, SubmittedQuery, TranscribeOptions, Transcriber, TranscriptionHandle } from './call/ports.js';
export type { AgentHint, CallDirection, CallInput, CallMinutes, CallSource, KnownCall, SpeakerRole, Transcript, TranscriptLine, Utterance } from './call/types.js';
export type { AgentEntry } from './call/agents.js';
export { firstSpeakerHeuristic } from './call/roles.js';
export type { RoleHeuristic } from './call/roles.js';
export type { ReconcileResult } from './call/reconcile.js';
export { createAppointmentPipeline } from './appointment/create-appointment-pipeline.js';
export type { AppointmentPipeline } from './appointment/create-appointment-pipeline.js';
export type { AppointmentPipelineOptions } from './appointment/options.js';
export type { AppointmentRetention } from './appointment/retention.js';
export type {
  Busy,
  Calendar,
  CalendarEvent,
  CallOptions,
  DeliveryReceiver,
  DeliveryReport,
  DeliveryReportRequest,
  DeliveryStatus,
  IcsAttachment,
  Mail,
  Mailer,
  MessageRef,
  NewCalendarEvent,
  SendOptions,
  SentQuery,
  SmsSender,
} from './appointment/ports.js';
export type { Appointment, AppointmentChange, AppointmentStatus, StepView } from './appointment/view.js';
export type { ToolResponse } from './appointment/tool-response.js';
export type { Availability, AvailabilityQuery } from './appointment/availability.js';
export type { BookOptions, PostCallDelivery, PostCallResult } from './appointment/book.js';
export type { ChangeOptions } from './appointment/changes.js';
export type { NotificationContext, NotificationTemplates, EmailContent } from './appointment/templates.js';
export type { BusinessHours } from './appointment/schedule.js';
export type { DataCollectionIds } from './appointment/intake-post-call.js';
export type { AppointmentJobInput, Booking, CalendarOutcome, ChannelOutcome, Delivery } from './appointment/types.js';
export type { AppointmentJobOutput } from './appointment/run-job.js';
export { escapeHtml, html, SafeHtml } from './appointment/html.js';
export { verifyElevenLabsSignature } from './appointment/signature.js';
export { elevenLabsBookingTool, elevenLabsDataCollection } from './appointment/elevenlabs-tool.js';
export type { ElevenLabsSchemaProperty, ElevenLabsToolOptions, ElevenLabsWebhookTool } from './appointment/elevenlabs-tool.js';
export { bookingToolJsonSchema } from './appointment/booking-json-schema.js';
export type { BookingToolJsonSchema } from './appointment/booking-json-schema.js';
export { answerInvalidAsParameter } from './appointment/tool-invalid.js';
export type { InvalidToolAnswer } from './appointment/tool-invalid.js';
export { runInline } from './engine/run-inline.js';
export type { InlineResult, RunInlineOptions } from './engine/run-inline.js';

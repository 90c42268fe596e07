/**
 * @callwire/core/testing — what tests of callwire and of code built on it need: an in-memory store,
 * the store conformance suite for store authors, and local fake provider servers.
 */
export { createMemoryStore } from '../testing/memory-store.js';
export { runStoreConformance, storeConformanceChecks } from '../testing/store-conformance.js';
export type { ConformanceContext, MakeStore, StoreCheck, StoreConformanceOptions, TestRegistrar } from '../testing/store-conformance.js';
export { adapterConformanceChecks, appRoutes, conformanceBodyLimit, runAdapterConformance } from '../testing/adapter-conformance.js';
export type { AdapterConformanceOptions, AdapterHarness, AdapterTraits, AppAnswer, ServeSetup } from '../testing/adapter-conformance.js';
export { directSender, fetchSender, readResponse, toFetchRequest } from '../testing/adapter-clients.js';
export type { ConformanceRequest, ConformanceResponse, SendRequest } from '../testing/adapter-clients.js';
export { listen, readBody, received, sendJson } from '../testing/http-server.js';
export type { LocalServer, ReceivedRequest } from '../testing/http-server.js';
export { createFakeAssemblyAI } from '../testing/fakes/assemblyai-server.js';
export type { FakeAssemblyAI, FakeAssemblyAIOptions, FakeTranscriptScript, FakeUtterance, FakeWebhookDelivery } from '../testing/fakes/assemblyai-server.js';
export { createFakeSlack } from '../testing/fakes/slack-server.js';
export type { FakeSlack, FakeSlackMessage, FakeSlackOptions, SlackWebhookErrorCode } from '../testing/fakes/slack-server.js';
export { slackWebhookErrors } from '../testing/fakes/slack-server.js';
export { createFakeSlackWebApi } from '../testing/fakes/slack-web-api.js';
export type { FakeSlackApiMessage, FakeSlackApiRequest, FakeSlackChannel, FakeSlackWebApi, FakeSlackWebApiOptions } from '../testing/fakes/slack-web-api.js';
export { fakeSlackRules, slackContentError } from '../testing/fakes/slack-blocks.js';
export type { FakeSlackMessageBody, SlackContentError } from '../testing/fakes/slack-blocks.js';
export { createFakeExotel } from '../testing/fakes/exotel-server.js';
export type { FakeCallPublishing, FakeExotel, FakeExotelCall, FakeExotelOptions } from '../testing/fakes/exotel-server.js';
export { createFakeS3Recordings } from '../testing/fakes/s3-recordings.js';
export type { FakeS3Recordings, FakeS3RecordingsOptions } from '../testing/fakes/s3-recordings.js';
export { startFakeGoogleCalendar } from '../testing/fakes/google-calendar.js';
export type { FakeCalendarEvent, FakeCalendarRequest, FakeGoogleCalendar, FakeGoogleCalendarOptions } from '../testing/fakes/google-calendar.js';
export { startFakeTwilio } from '../testing/fakes/twilio.js';
export type { FakeMessageStatus, FakeTwilio, FakeTwilioCallback, FakeTwilioMessage } from '../testing/fakes/twilio.js';
export type { ContentTemplate } from '../testing/fakes/twilio-content.js';
export { twilioSignature } from '../testing/fakes/twilio-signature.js';
export { twilioForwardingClient } from '../testing/fakes/twilio-http-client.js';
export { startFakeSmtp } from '../testing/fakes/smtp.js';
export type { CapturedMail, FakeSmtp, FakeSmtpOptions } from '../testing/fakes/smtp.js';
export { parseMime } from '../testing/fakes/smtp-mime.js';
export type { MimePart } from '../testing/fakes/smtp-mime.js';
export { signElevenLabsBody } from '../appointment/signature.js';
export { fromLambdaResult, lambdaEvent, lambdaSampleEvents } from '../testing/lambda-events.js';
export type { LambdaEventKind, LambdaResultLike } from '../testing/lambda-events.js';
export { createSandbox, sandboxDialogue, slackMessageText } from '../testing/sandbox.js';
export { sandboxPackages } from '../testing/sandbox-packages.js';
export type { Sandbox, SandboxFakes, SandboxOptions } from '../testing/sandbox.js';
export { sampleForm, sampleJson, samplePayloads } from '../testing/samples.js';
export type { JsonSampleName, SampleName, SamplePayload } from '../testing/samples.js';

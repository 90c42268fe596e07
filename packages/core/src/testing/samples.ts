/**
 * Sample payloads as the senders really deliver them: the Zapier zap of existing integrations, Exotel's
 * StatusCallback and Passthru, the ElevenLabs server-tool call and post-call webhook. callwire's own tests,
 * its demo and its docs use these (and nothing outside the repository), and so can the tests of your code.
 *
 * Provenance: captured from the integrations callwire replaces and checked field by field against each
 * provider's documentation (linked on each sample). Numbers are Indian (`IN`) or US test numbers; e-mail
 * domains are `example.com`-style; ids are random. Each value is the exact text of the body, byte for byte.
 *
 * @example
 * ```ts
 * import { samplePayloads, sampleJson } from '@callwire/core/testing';
 * await fetch(`${url}/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: samplePayloads.zapierCall.body });
 * const flat = sampleJson('appointmentFlat'); // a fresh, mutable copy
 * ```
 */

/** One sample: the body text, its content type, the route it is sent to, and the file name it is known by. */
export interface SamplePayload {
  /** The file name the sample is known by in docs (e.g. `zapier-call.json`). */
  readonly file: string;
  /** Where it is delivered, e.g. `POST /webhook/zapier`. */
  readonly route: string;
  /** `application/json`, `application/x-www-form-urlencoded`, or `text/plain` for a query string. */
  readonly contentType: string;
  /** The body (or, for a GET, the query string without `?`), exactly as delivered. */
  readonly body: string;
}

/** The name of a sample in {@link samplePayloads}. */
export type SampleName = 'zapierCall' | 'exotelStatusCallback' | 'exotelPassthru' | 'appointmentFlat' | 'elevenLabsPostCall';

/** Every sample, by name. */
export const samplePayloads: { readonly [Name in SampleName]: SamplePayload } = {
  /** A Zapier zap's call payload, as existing users' zaps send it to `POST /webhook/zapier` (the field names of the hand-rolled services callwire replaces): an incoming call to support number 09631084471. */
  zapierCall: {
    file: 'zapier-call.json',
    route: 'POST /webhook/zapier',
    contentType: 'application/json',
    body: `{
  "call_id": "c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90",
  "from_number": "+919876543210",
  "to_number": "09631084471",
  "duration": 187,
  "recording_url": "https://recordings.exotel.com/exotelrecordings/acme1/c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90.mp3",
  "timestamp": "2026-11-20T09:42:17Z",
  "status": "completed",
  "agent_name": "Asha Verma",
  "agent_slack_handle": "@asha.verma",
  "department": "Customer Success",
  "customer_segment": "General"
}`,
  },
  /** An Exotel Connect-API StatusCallback (`POST /webhook/exotel`, form-encoded) of an account that subscribes `StatusCallbackEvents[]=terminal`: the default fields (`CallSid`, `Status`, `RecordingUrl`, `DateUpdated`) plus `EventType`, `From`, `To`, `PhoneNumberSid`, `Direction=outbound-api`, times and `Legs[n][…]`, as listed at https://developer.exotel.com/api/statuscallback. */
  exotelStatusCallback: {
    file: 'exotel-status-callback.form',
    route: 'POST /webhook/exotel',
    contentType: 'application/x-www-form-urlencoded',
    body: `CallSid=e1d2c3b4a5f60718293a4b5c6d7e8f90&Status=completed&RecordingUrl=https%3A%2F%2Frecordings.exotel.com%2Fexotelrecordings%2Facme1%2Fe1d2c3b4a5f60718293a4b5c6d7e8f90.mp3&DateUpdated=2026-11-20+16%3A05%3A44&EventType=terminal&DateCreated=2026-11-20+16%3A01%3A10&To=09876543210&From=09631084471&PhoneNumberSid=09631084471&StartTime=2026-11-20+16%3A01%3A12&EndTime=2026-11-20+16%3A05%3A40&ConversationDuration=241&Direction=outbound-api&CustomField=agent%3Dravi%40acme.in&Legs%5B0%5D%5BOnCallDuration%5D=248&Legs%5B0%5D%5BStatus%5D=completed&Legs%5B1%5D%5BOnCallDuration%5D=241&Legs%5B1%5D%5BStatus%5D=completed`,
  },
  /** An Exotel Passthru applet request (`GET /webhook/exotel?…`) placed after a Connect applet (`CallType=completed`), with the parameters Exotel documents for the Passthru applet (https://support.exotel.com/support/solutions/articles/48283-working-with-passthru-applet). */
  exotelPassthru: {
    file: 'exotel-passthru.query',
    route: 'GET /webhook/exotel',
    contentType: 'text/plain',
    body: `CallSid=b6cfaf0f7a4b4c1e8f2d9a0c3e5b7d21&CallFrom=09876543210&CallTo=09631084471&Direction=incoming&Created=Fri%2C+20+Nov+2026+15%3A10%3A02&DialCallDuration=143&StartTime=2026-11-20+15%3A10%3A02&EndTime=1970-01-01+05%3A30%3A00&CallType=completed&DialWhomNumber=09811122233&flow_id=228431&tenant_id=acme1&From=09876543210&To=09631084471&RecordingUrl=https%3A%2F%2Frecordings.exotel.com%2Fexotelrecordings%2Facme1%2Fb6cfaf0f7a4b4c1e8f2d9a0c3e5b7d21.mp3&CurrentTime=2026-11-20+15%3A12%3A31&DialCallStatus=completed`,
  },
  /** An ElevenLabs server (webhook) tool call (`POST /webhook`) with the flat body schema existing agents are configured with: caller, name, summary, transcript, intent, ISO 8601 callback time with offset, e-mail. */
  appointmentFlat: {
    file: 'appointment-flat.json',
    route: 'POST /webhook',
    contentType: 'application/json',
    body: `{
  "caller": "+14155550123",
  "customer_name": "Jordan Lee",
  "summary": "Wants a follow-up call about upgrading to the annual plan.",
  "transcript": "Agent: Hi, this is Maxi, how can I help?\\nCaller: I'd like someone to call me back about the annual plan tomorrow at 3pm.\\nAgent: Sure, I have booked a callback for tomorrow at 3 PM.",
  "intent": "callback_request",
  "callback_time": "2026-11-24T15:00:00-08:00",
  "email": "jordan.lee@example.com"
}`,
  },
  /** An ElevenLabs post-call webhook body (`POST /webhook/elevenlabs`, `type: post_call_transcription`), shaped as documented at https://elevenlabs.io/docs/agents-platform/workflows/post-call-webhooks, with `data_collection_results` for the booking fields. */
  elevenLabsPostCall: {
    file: 'elevenlabs-post-call.json',
    route: 'POST /webhook/elevenlabs',
    contentType: 'application/json',
    body: `{
  "type": "post_call_transcription",
  "event_timestamp": 1795456900,
  "data": {
    "agent_id": "agent_7101k2f8y0q3e9w4r5t6y7u8i9o0",
    "conversation_id": "conv_3201k2g9a1b2c3d4e5f6g7h8j9k0",
    "status": "done",
    "user_id": null,
    "transcript": [
      { "role": "agent", "message": "Hi, this is Maxi from Acme. How can I help you today?", "time_in_call_secs": 0, "tool_calls": [], "tool_results": [], "interrupted": false },
      { "role": "user", "message": "Hi, I'm Jordan Lee. Could someone call me back tomorrow at 3 PM about the annual plan?", "time_in_call_secs": 4, "tool_calls": [], "tool_results": [], "interrupted": false },
      { "role": "agent", "message": "Of course. What email should I send the confirmation to?", "time_in_call_secs": 11, "tool_calls": [], "tool_results": [], "interrupted": false },
      { "role": "user", "message": "jordan.lee@example.com", "time_in_call_secs": 15, "tool_calls": [], "tool_results": [], "interrupted": false },
      { "role": "agent", "message": "You're booked for tomorrow, November 24th, at 3 PM Pacific. You'll get a text and an email.", "time_in_call_secs": 19, "tool_calls": [], "tool_results": [], "interrupted": false }
    ],
    "metadata": {
      "start_time_unix_secs": 1795456800,
      "call_duration_secs": 26,
      "termination_reason": "end_call tool was called.",
      "main_language": "en",
      "timezone": "America/Los_Angeles",
      "phone_call": {
        "type": "twilio",
        "direction": "inbound",
        "phone_number_id": "phnum_0101k2g0z9y8x7w6v5u4t3s2r1",
        "agent_number": "+14155550100",
        "external_number": "+14155550123",
        "stream_sid": "MZ0123456789abcdef0123456789abcdef",
        "call_sid": "CA0123456789abcdef0123456789abcdef"
      }
    },
    "analysis": {
      "call_successful": "success",
      "transcript_summary": "Jordan Lee asked for a callback about upgrading to the annual plan; a callback was booked for Nov 24 at 3 PM Pacific.",
      "call_summary_title": "Callback about annual plan",
      "evaluation_criteria_results": {},
      "data_collection_results": {
        "customer_name": { "data_collection_id": "customer_name", "value": "Jordan Lee", "json_schema": { "type": "string", "description": "Caller's full name" }, "rationale": "The caller introduced themselves." },
        "callback_time": { "data_collection_id": "callback_time", "value": "2026-11-24T15:00:00-08:00", "json_schema": { "type": "string", "description": "Requested callback time, ISO 8601 with offset" }, "rationale": "The caller asked for tomorrow at 3 PM." },
        "email": { "data_collection_id": "email", "value": "jordan.lee@example.com", "json_schema": { "type": "string", "description": "Caller's email" }, "rationale": "The caller spelled their email." },
        "intent": { "data_collection_id": "intent", "value": "callback_request", "json_schema": { "type": "string", "description": "Why the caller called" }, "rationale": "Asked for a callback." }
      }
    },
    "conversation_initiation_client_data": {
      "dynamic_variables": { "system__caller_id": "+14155550123", "system__called_number": "+14155550100", "system__conversation_id": "conv_3201k2g9a1b2c3d4e5f6g7h8j9k0" }
    },
    "has_audio": true,
    "has_user_audio": true,
    "has_response_audio": true
  }
}`,
  },
};

/** The JSON samples. */
export type JsonSampleName = 'zapierCall' | 'appointmentFlat' | 'elevenLabsPostCall';

/** A fresh, mutable copy of a JSON sample, parsed. */
export function sampleJson<T = Record<string, unknown>>(name: JsonSampleName): T {
  return JSON.parse(samplePayloads[name].body) as T;
}

/** A form or query sample (Exotel) as a record of its fields, decoded. */
export function sampleForm(name: 'exotelStatusCallback' | 'exotelPassthru'): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(samplePayloads[name].body));
}

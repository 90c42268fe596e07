import { optionError, withDefaults, type Overrides } from '../options.js';
import { bookingFields } from './booking-fields.js';
import { bookingToolJsonSchema } from './booking-json-schema.js';
import { defaultDataCollectionIds, type DataCollectionIds } from './intake-post-call.js';
import { answerInvalidAsParameter } from './tool-invalid.js';

/** What {@link elevenLabsBookingTool} needs. */
export interface ElevenLabsToolOptions {
  /** The public URL of callwire's `POST /webhook`, e.g. `https://api.acme.com/webhook` (HTTPS). */
  url: string;
  /** The tool's name, as the agent's prompt refers to it (default `book_appointment`). */
  name?: string | undefined;
  /** The id of the ElevenLabs workspace secret that holds callwire's webhook secret, sent as `X-Callwire-Secret`. */
  secretId?: string | undefined;
  /** The pipeline's `toolDeadlineMs` (default 8 000): the tool's timeout leaves room for it. */
  toolDeadlineMs?: number | undefined;
}

/** A property of an ElevenLabs tool schema: filled by the LLM (`description`), a dynamic variable, or a constant. */
export type ElevenLabsSchemaProperty =
  | { type: 'string'; description: string }
  | { type: 'string'; dynamic_variable: string }
  | { type: 'string'; constant_value: string };

/** An ElevenLabs webhook (server) tool, as its JSON is pasted or sent to `POST /v1/convai/tools` as `tool_config`. */
export interface ElevenLabsWebhookTool {
  type: 'webhook';
  name: string;
  description: string;
  response_timeout_secs: number;
  tool_error_handling_mode: 'auto' | 'summarized' | 'passthrough' | 'hide';
  api_schema: {
    url: string;
    method: 'POST';
    request_headers?: Record<string, { secret_id: string }>;
    query_params_schema: { properties: Record<string, ElevenLabsSchemaProperty>; required: string[] };
    request_body_schema: { type: 'object'; description: string; properties: Record<string, ElevenLabsSchemaProperty>; required: string[] };
  };
}

const toolName = /^[A-Za-z0-9_-]{1,64}$/;

function validate(options: ElevenLabsToolOptions): void {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw optionError('elevenLabsBookingTool', 'url', 'must be the absolute HTTPS URL of POST /webhook');
  }
  if (url.protocol !== 'https:') throw optionError('elevenLabsBookingTool', 'url', 'must use https:// (ElevenLabs calls it over the internet)');
  if (url.search !== '') throw optionError('elevenLabsBookingTool', 'url', 'must have no query string (the tool definition sets its query parameters)');
  if (options.name !== undefined && !toolName.test(options.name)) throw optionError('elevenLabsBookingTool', 'name', 'must be 1–64 letters, digits, "_" or "-"');
  if (options.secretId !== undefined && (typeof options.secretId !== 'string' || options.secretId.trim() === '')) {
    throw optionError('elevenLabsBookingTool', 'secretId', 'must be the id of an ElevenLabs workspace secret');
  }
  const deadline = options.toolDeadlineMs;
  if (deadline !== undefined && (!Number.isFinite(deadline) || deadline <= 0 || deadline > 110_000)) {
    throw optionError('elevenLabsBookingTool', 'toolDeadlineMs', 'must be above 0 and at most 110 000 (ms)');
  }
}

/**
 * The ElevenLabs server-tool definition for booking through callwire's `POST /webhook`: the body schema
 * is {@link bookingToolJsonSchema} — derived from the zod schema the validator uses — in ElevenLabs' form
 * (`caller` and `conversation_id` from ElevenLabs' system dynamic variables, the rest described for the
 * LLM), and the tool is set up so that the agent
 * hears why a booking was refused:
 *
 * - the query parameter `answer_invalid_as=result` makes callwire answer an invalid booking with a 200
 *   `{ status: 'invalid', issues, agent_message }`, which ElevenLabs hands to the agent like any tool
 *   result, whatever the error-handling mode. (Other clients, without the parameter, still get a 422.)
 * - `tool_error_handling_mode: 'passthrough'` ("sends the raw error" to the agent) for what is left: an
 *   authentication failure, a 5xx. ElevenLabs' default, `auto`, means `hide` for webhook tools — the
 *   agent would learn nothing. Source: the `ToolErrorHandlingMode` / `WebhookToolConfigInput` types of
 *   the official SDK, https://github.com/elevenlabs/elevenlabs-js (src/api/types/WebhookToolConfigInput.ts).
 * - `response_timeout_secs` (5–120, same source) leaves five seconds beyond the pipeline's inline deadline,
 *   and is never below ElevenLabs' default of 20.
 *
 * @example
 * ```ts
 * import { elevenLabsBookingTool } from '@callwire/core';
 * console.log(JSON.stringify(elevenLabsBookingTool({ url: 'https://api.acme.com/webhook', secretId: 'sec_123' }), null, 2));
 * ```
 */
export function elevenLabsBookingTool(options: ElevenLabsToolOptions): ElevenLabsWebhookTool {
  validate(options);
  const schema = bookingToolJsonSchema();
  const properties: Record<string, ElevenLabsSchemaProperty> = {};
  for (const field of Object.values(bookingFields)) {
    const name = field.aliases[0]!;
    const property = schema.properties[name];
    if (!property) continue;
    properties[name] = field.dynamicVariable ? { type: 'string', dynamic_variable: field.dynamicVariable } : { type: 'string', description: property.description };
  }
  const required = schema.required;
  const deadlineSeconds = Math.ceil((options.toolDeadlineMs ?? 8_000) / 1000);
  return {
    type: 'webhook',
    name: options.name ?? 'book_appointment',
    description:
      'Books the appointment once the caller has confirmed the time, their name and, if they want an e-mail, their address. ' +
      'Read out agent_message from the answer. When status is "invalid" or "conflict", tell the caller why and ask for what is missing or another time.',
    response_timeout_secs: Math.min(120, Math.max(20, deadlineSeconds + 5)),
    tool_error_handling_mode: 'passthrough',
    api_schema: {
      url: options.url,
      method: 'POST',
      ...(options.secretId ? { request_headers: { 'X-Callwire-Secret': { secret_id: options.secretId } } } : {}),
      query_params_schema: { properties: { [answerInvalidAsParameter]: { type: 'string', constant_value: 'result' } }, required: [answerInvalidAsParameter] },
      request_body_schema: { type: 'object', description: schema.description, properties, required },
    },
  };
}

const dataCollectionDescriptions: Record<keyof DataCollectionIds, string> = {
  time: 'The appointment start the caller agreed to, as ISO 8601 with the UTC offset, e.g. 2026-11-24T15:00:00-08:00. Empty if none was agreed.',
  name: "The caller's full name.",
  email: "The caller's e-mail address, as confirmed. Empty if they gave none.",
  intent: 'appointment, or callback_request when the caller asked to be called back.',
  phone: "The caller's phone number with the country code, when they gave one (used when the call has no caller id).",
  timezone: "The caller's IANA time zone if it differs from the business's, e.g. America/New_York.",
};

/**
 * The data-collection items the post-call webhook reads (Agent → Analysis → Data collection), keyed by
 * their ids (`elevenLabs.dataCollectionIds`, defaults `callback_time`, `customer_name`, `email`, `intent`,
 * `phone`, `timezone`), each a string with the description to give ElevenLabs' analysis.
 *
 * @example
 * ```ts
 * import { elevenLabsDataCollection } from '@callwire/core';
 * const items = elevenLabsDataCollection({ time: 'slot' }); // { slot: { type: 'string', description: … }, customer_name: …, … }
 * ```
 */
export function elevenLabsDataCollection(ids: Overrides<DataCollectionIds> = {}): Record<string, { type: 'string'; description: string }> {
  const resolved = withDefaults(defaultDataCollectionIds, ids);
  return Object.fromEntries(
    (Object.keys(dataCollectionDescriptions) as (keyof DataCollectionIds)[]).map((key) => [resolved[key], { type: 'string' as const, description: dataCollectionDescriptions[key] }]),
  );
}

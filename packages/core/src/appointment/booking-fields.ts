import type { BookingSchemaField } from './booking-schema.js';

/** Where one booking field of the server-tool payload may arrive, and who fills it; its type, rules and description are in `bookingSchema()`. */
export interface BookingField {
  /** Accepted parameter names; the first is the one callwire's tool definition uses. */
  aliases: readonly string[];
  /** An ElevenLabs system dynamic variable that fills it instead of the LLM (`dynamic_variable`). */
  dynamicVariable?: string;
  /** Whether the tool definition asks for it (the transcript comes with the post-call webhook instead). */
  inTool: boolean;
}

/**
 * The names the booking fields of `POST /webhook` arrive under: `readToolPayload()` reads payloads by these
 * aliases, and `bookingToolJsonSchema()` / `elevenLabsBookingTool()` build the tool's parameters from
 * `bookingSchema()` with these names, so the two cannot drift.
 */
export const bookingFields: { readonly [K in BookingSchemaField]: BookingField } = {
  caller: {
    aliases: ['caller', 'phone', 'phone_number', 'caller_id', 'system__caller_id'],
    // https://elevenlabs.io/docs/agents-platform/customization/personalization/dynamic-variables (system__caller_id: the caller's number on phone calls)
    dynamicVariable: 'system__caller_id',
    inTool: true,
  },
  customer_name: { aliases: ['customer_name', 'name'], inTool: true },
  email: { aliases: ['email', 'customer_email'], inTool: true },
  callback_time: { aliases: ['callback_time', 'appointment_time', 'start_time', 'time'], inTool: true },
  summary: { aliases: ['summary'], inTool: true },
  transcript: { aliases: ['transcript'], inTool: false },
  intent: { aliases: ['intent'], inTool: true },
  timezone: { aliases: ['timezone', 'time_zone', 'customer_timezone'], inTool: true },
  conversation_id: {
    aliases: ['conversation_id', 'system__conversation_id'],
    // Same page: system__conversation_id, the id of the current conversation.
    dynamicVariable: 'system__conversation_id',
    inTool: true,
  },
};

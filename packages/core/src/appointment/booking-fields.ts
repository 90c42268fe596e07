import type { RawBooking } from './validate.js';

/** One booking field of the server-tool payload: the names it may arrive under, and how an agent fills it. */
export interface BookingField {
  /** Accepted parameter names; the first is the one callwire's tool definition uses. */
  aliases: readonly string[];
  /** Whether validation refuses a booking without it. */
  required: boolean;
  /** What the LLM is told to put there (ElevenLabs `description`: "the LLM will provide the value"). */
  description: string;
  /** An ElevenLabs system dynamic variable that fills it instead of the LLM (`dynamic_variable`). */
  dynamicVariable?: string;
  /** Whether the ElevenLabs tool definition asks for it (the transcript comes with the post-call webhook instead). */
  inTool: boolean;
}

/**
 * The booking fields of `POST /webhook`, in one place: `readToolPayload()` reads payloads by these
 * aliases, and `elevenLabsBookingTool()` builds the tool's body schema from them, so the two cannot drift.
 * The descriptions repeat the rules `validateBooking()` applies, so the agent sends what passes.
 */
export const bookingFields: { readonly [K in keyof RawBooking]-?: BookingField } = {
  caller: {
    aliases: ['caller', 'phone', 'phone_number', 'caller_id', 'system__caller_id'],
    required: true,
    description: "The caller's phone number in international format with the country code, e.g. +14155550123.",
    // https://elevenlabs.io/docs/agents-platform/customization/personalization/dynamic-variables (system__caller_id: the caller's number on phone calls)
    dynamicVariable: 'system__caller_id',
    inTool: true,
  },
  customer_name: { aliases: ['customer_name', 'name'], required: false, description: "The caller's full name, as they said it.", inTool: true },
  email: {
    aliases: ['email', 'customer_email'],
    required: false,
    description: "The caller's e-mail address for the confirmation, spelled back to them and confirmed. Leave empty if they gave none.",
    inTool: true,
  },
  callback_time: {
    aliases: ['callback_time', 'appointment_time', 'start_time', 'time'],
    required: true,
    description:
      'The start of the appointment as an ISO 8601 date and time with the UTC offset, e.g. 2026-11-24T15:00:00-08:00. Within business hours and in the future.',
    inTool: true,
  },
  summary: { aliases: ['summary'], required: false, description: 'One or two sentences on what the caller needs.', inTool: true },
  transcript: { aliases: ['transcript'], required: false, description: 'The conversation so far.', inTool: false },
  intent: { aliases: ['intent'], required: false, description: 'What the caller wants: appointment, or callback_request when they asked to be called back.', inTool: true },
  timezone: {
    aliases: ['timezone', 'time_zone', 'customer_timezone'],
    required: false,
    description: "The caller's IANA time zone when they are in another zone than the business, e.g. America/New_York. Leave empty otherwise.",
    inTool: true,
  },
  conversation_id: {
    aliases: ['conversation_id', 'system__conversation_id'],
    required: false,
    description: 'The conversation id.',
    // Same page: system__conversation_id, the id of the current conversation.
    dynamicVariable: 'system__conversation_id',
    inTool: true,
  },
};

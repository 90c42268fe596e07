import { CallwireError } from '../errors.js';
import { bookingFields } from './booking-fields.js';
import type { FieldPaths, RawBooking } from './validate.js';

/** A tool-call payload read into raw booking fields, with where each field was found. */
export interface ToolPayload {
  raw: RawBooking;
  paths: FieldPaths;
  /** Extra parameters (e.g. a date for availability), as sent. */
  parameters: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an ElevenLabs server-tool payload: the flat form existing agents send
 * (`{ caller, customer_name, callback_time, … }`), or the wrapped form
 * (`{ tool_call_id, tool_name, parameters: {…}, conversation_id }`).
 */
export function readToolPayload(body: unknown): ToolPayload {
  if (!isRecord(body)) throw new CallwireError('invalid_payload', 'The request body must be a JSON object.', { issues: [{ path: '', message: 'Expected a JSON object.' }] });
  const wrapped = isRecord(body.parameters);
  const parameters = wrapped ? (body.parameters as Record<string, unknown>) : body;
  const prefix = wrapped ? 'parameters.' : '';
  const raw: RawBooking = {};
  const paths: FieldPaths = {};
  for (const field of Object.keys(bookingFields) as (keyof RawBooking)[]) {
    const name = bookingFields[field].aliases.find((candidate) => parameters[candidate] !== undefined && parameters[candidate] !== null);
    if (name === undefined) continue;
    raw[field] = parameters[name];
    paths[field] = prefix + name;
  }
  if (wrapped && raw.conversation_id === undefined && typeof body.conversation_id === 'string') {
    raw.conversation_id = body.conversation_id;
    paths.conversation_id = 'conversation_id';
  }
  return { raw, paths, parameters };
}

import * as z from 'zod';
import { bookingFields } from './booking-fields.js';
import { bookingSchema } from './booking-schema.js';

/** A JSON Schema (draft 2020-12) object, as `z.toJSONSchema` writes it. */
export interface BookingToolJsonSchema {
  $schema: string;
  type: 'object';
  description: string;
  properties: Record<string, { type: 'string'; description: string; maxLength?: number; minLength?: number; pattern?: string }>;
  required: string[];
}

/**
 * The JSON Schema of the booking tool's parameters — the body of `POST /webhook` — derived from the same zod
 * schema that validates it (only the fields the tool asks for: the transcript comes with the post-call
 * webhook). Paste it wherever a tool's parameters are asked for as JSON Schema, or print it with
 * `npx callwire-booking-schema`.
 *
 * @example
 * ```ts
 * import { bookingToolJsonSchema } from '@callwire/core';
 * bookingToolJsonSchema().required; // ['caller', 'callback_time']
 * ```
 */
export function bookingToolJsonSchema(): BookingToolJsonSchema {
  const generated = z.toJSONSchema(bookingSchema(), { io: 'input', unrepresentable: 'any' }) as unknown as BookingToolJsonSchema;
  const inTool = (name: string) => bookingFields[name as keyof typeof bookingFields]?.inTool === true;
  return {
    $schema: generated.$schema,
    type: 'object',
    description: 'The booking the caller confirmed.',
    properties: Object.fromEntries(Object.entries(generated.properties).filter(([name]) => inTool(name))),
    required: (generated.required ?? []).filter(inTool),
  };
}

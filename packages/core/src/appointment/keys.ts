import { nodeCrypto } from '../node-builtins.js';
import type { Booking } from './types.js';

const base32hexAlphabet = '0123456789abcdefghijklmnopqrstuv';

/** Lower-case base32hex (RFC 4648 §7) without padding: the alphabet Google Calendar event ids allow. */
export function base32hex(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32hexAlphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += base32hexAlphabet[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The calendar event id of a booking job: the job key hashed and written in base32hex, so a retried
 * insert reuses the id and the calendar answers 409 ("already booked") instead of booking twice.
 *
 * @example
 * ```ts
 * eventIdFor('appointments', 'conversation:conv_123'); // 32 characters of [0-9a-v]
 * ```
 */
export function eventIdFor(pipeline: string, jobKey: string): string {
  return base32hex(nodeCrypto().createHash('sha256').update(`${pipeline}\u0000${jobKey}`).digest().subarray(0, 20));
}

/** The idempotency key of a post-call webhook: its conversation. */
export const postCallKey = (conversationId: string): string => `conversation:${conversationId}`;

/**
 * The idempotency key of a tool call: the conversation and slot when the conversation is known (so a
 * caller who picks another slot after a conflict can book it), else a hash of caller and slot.
 */
export function toolCallKey(booking: Pick<Booking, 'phone' | 'start' | 'conversationId'>): string {
  if (booking.conversationId) return `conversation:${booking.conversationId}:${booking.start}`;
  return `caller-slot:${nodeCrypto().createHash('sha256').update(`${booking.phone}|${booking.start}`).digest('hex').slice(0, 40)}`;
}

/** Every key a tool call for this booking may have used (checked before a post-call books again). */
export function toolCallKeys(booking: Pick<Booking, 'phone' | 'start' | 'conversationId'>): string[] {
  const keys = [toolCallKey({ phone: booking.phone, start: booking.start })];
  if (booking.conversationId) keys.unshift(toolCallKey(booking));
  return keys;
}

/** The key of the `sequence`th change (reschedule or cancel) of an appointment. */
export const changeKey = (appointmentId: string, sequence: number): string => `change:${appointmentId}:${sequence}`;

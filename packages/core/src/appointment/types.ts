import type { E164 } from '../phone.js';
import type { FieldIssue } from '../errors.js';
import type { DeliveryStatus } from './ports.js';

/** A validated booking: who, when, and what it is about. Instants are ISO 8601 UTC. */
export interface Booking {
  phone: E164;
  name?: string;
  email?: string;
  start: string;
  end: string;
  /** The zone the customer is addressed in (SMS and e-mail times). */
  customerTimeZone: string;
  summary?: string;
  transcript?: string;
  intent?: string;
  conversationId?: string;
}

/** Where a booking came from. */
export type BookingSource = 'tool' | 'post-call';

/** The input of an appointment job. */
export type AppointmentJobInput =
  | { kind: 'booking'; source: BookingSource; booking: Booking }
  | { kind: 'no-booking'; conversationId: string; reason: string; issues?: FieldIssue[] }
  | { kind: 'reschedule'; appointmentId: string; sequence: number; start: string; end: string; previous: { start: string; end: string } }
  | { kind: 'cancel'; appointmentId: string; sequence: number; start: string; end: string; reason?: string };

/** What the calendar step recorded. */
export type CalendarOutcome =
  | { status: 'created' | 'updated' | 'cancelled'; eventId: string; link?: string; attendeesIncluded?: boolean; alreadyExisted?: boolean; note?: string }
  | { status: 'conflict'; alternatives: { start: string; end: string }[] }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; code?: string; retrying?: boolean };

/**
 * What became of a sent text, as the provider last reported it (Twilio status callbacks). States only
 * move forward: a late `sent` never replaces `delivered`, `undelivered` or `failed`.
 */
export interface Delivery {
  status: DeliveryStatus;
  channel: 'sms' | 'whatsapp';
  /** The provider's message id (Twilio `MessageSid`). */
  messageId: string;
  /** For `undelivered` and `failed`: the provider's code (e.g. 30003, 63016) and what it means. */
  errorCode?: number;
  reason?: string;
  /** When callwire recorded this state (ISO 8601). */
  at: string;
}

/** What a notification step recorded; a sent text also shows its {@link Delivery} once reported. */
export type ChannelOutcome =
  | { status: 'sent'; id: string; delivery?: Delivery }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; code?: string; retrying?: boolean }
  | { status: 'pending' };

/** The names of the three steps of every appointment job. */
export const stepNames = {
  booking: 'create-event',
  reschedule: 'update-event',
  cancel: 'cancel-event',
  sms: 'send-sms',
  email: 'send-email',
} as const;

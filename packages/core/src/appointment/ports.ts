/**
 * The provider ports of the appointment pipeline. `googleCalendar()`, `twilioSms()` and
 * `smtpMailer()` implement them; any object with the same shape works (tests, other providers).
 */
import type { E164 } from '../phone.js';

/** A busy range as calendars report it (ISO 8601 instants). */
export interface Busy {
  start: string;
  end: string;
}

/** An event to create. `id` is chosen by callwire (base32hex), so a retried insert is recognised. */
export interface NewCalendarEvent {
  id: string;
  summary: string;
  description: string;
  /** ISO 8601 instant. */
  start: string;
  /** ISO 8601 instant. */
  end: string;
  /** IANA zone the event is shown in. */
  timeZone: string;
  attendees: { email: string; displayName?: string }[];
  /** Popup/e-mail reminders, minutes before the start. */
  reminderMinutes: readonly number[];
}

/** An event as the calendar holds it. */
export interface CalendarEvent {
  id: string;
  /** A link to open the event (Google's `htmlLink`). */
  link?: string;
  status?: 'confirmed' | 'tentative' | 'cancelled';
  start?: string;
  end?: string;
  /** Whether the attendees were added (a service account without delegation cannot invite). */
  attendeesIncluded: boolean;
  /** True when the event already existed (a retried insert). */
  alreadyExisted?: boolean;
  /** Anything the caller should know, e.g. why attendees were left out. */
  note?: string;
}

/** Options every provider call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** A calendar the pipeline books into. */
export interface Calendar {
  freeBusy(range: { start: string; end: string }, options?: CallOptions): Promise<Busy[]>;
  createEvent(event: NewCalendarEvent, options?: CallOptions): Promise<CalendarEvent>;
  /** The event with this id, or `undefined` when there is none. */
  getEvent?(id: string, options?: CallOptions): Promise<CalendarEvent | undefined>;
  updateEvent?(id: string, change: { start: string; end: string; timeZone: string; description?: string }, options?: CallOptions): Promise<CalendarEvent>;
  cancelEvent?(id: string, options?: CallOptions): Promise<void>;
}

/** Sends text messages (SMS or WhatsApp). */
export interface SmsSender {
  send(to: E164, body: string, options?: CallOptions): Promise<{ id: string }>;
}

/** An iCalendar attachment. */
export interface IcsAttachment {
  method: 'REQUEST' | 'CANCEL';
  content: string;
  filename?: string;
}

/** An e-mail to send. */
export interface Mail {
  to: string;
  subject: string;
  html: string;
  text: string;
  ics?: IcsAttachment;
}

/** Sends e-mail. */
export interface Mailer {
  send(mail: Mail, options?: CallOptions): Promise<{ id: string }>;
}

/**
 * The provider ports of the appointment pipeline. `googleCalendar()`, `twilioSms()` and
 * `smtpMailer()` implement them; any object with the same shape works (tests, other providers).
 */
import type { E164 } from '../phone.js';
import type { NotificationContext } from './templates.js';

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
  /** Aborts the provider call (the step's deadline or the worker stopping). */
  signal?: AbortSignal | undefined;
}

/** A calendar the pipeline books into. */
export interface Calendar {
  /** The busy intervals of the calendar within `range` (ISO 8601). */
  freeBusy(range: { start: string; end: string }, options?: CallOptions): Promise<Busy[]>;
  /** Creates the event; an event with the same id already there counts as created (`alreadyExisted`). */
  createEvent(event: NewCalendarEvent, options?: CallOptions): Promise<CalendarEvent>;
  /** The event with this id, or `undefined` when there is none. */
  getEvent?(id: string, options?: CallOptions): Promise<CalendarEvent | undefined>;
  /** Moves an event (reschedule). Optional: without it, rescheduling is refused. */
  updateEvent?(id: string, change: { start: string; end: string; timeZone: string; description?: string }, options?: CallOptions): Promise<CalendarEvent>;
  /** Cancels an event. Optional: without it, cancelling is refused. */
  cancelEvent?(id: string, options?: CallOptions): Promise<void>;
}

/** Which message a delivery report is about: the job and the step that sent it. */
export interface MessageRef {
  /** The job the message belongs to. */
  jobId: string;
  /** The step that sends it. */
  step: string;
}

/** Options of {@link SmsSender.send}. */
export interface SendOptions extends CallOptions {
  /** The job and step sending this message; a sender that reports deliveries sends it back with each report. */
  ref?: MessageRef | undefined;
  /**
   * What the body was written from. Senders that must send a pre-approved template instead of free
   * text (WhatsApp outside the 24-hour window) fill the template's variables from it.
   */
  notification?: NotificationContext | undefined;
}

/**
 * Where a sent message stands, as the provider last reported it, in lifecycle order: `queued` →
 * `sent` → `delivered` (→ `read`, WhatsApp), or `undelivered` / `failed`.
 */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'undelivered' | 'failed';

/** One verified delivery report (a Twilio status callback). */
export interface DeliveryReport {
  ref: MessageRef;
  /** The provider's message id (Twilio `MessageSid`). */
  messageId: string;
  channel: 'sms' | 'whatsapp';
  status: DeliveryStatus;
  /** The provider's error code, for `undelivered` and `failed` (e.g. Twilio 30003, 63016). */
  errorCode?: number;
  /** The error code in words, with the provider's page about it. */
  reason?: string;
}

/** A delivery-report request, as the HTTP handler received it. */
export interface DeliveryReportRequest {
  /** The URL the request reached (only its query is used; the sender knows its own public URL). */
  url: URL;
  /** The body exactly as received. */
  rawBody: string;
  headers: { get(name: string): string | null };
}

/** Receives a sender's delivery reports over HTTP; the appointment pipeline serves it as a route. */
export interface DeliveryReceiver {
  /** The route's path below the handler's base path, e.g. `/webhook/twilio/status`. */
  readonly path: string;
  /**
   * Verifies the request came from the provider, then reads it. Throws `CallwireError('unauthorized')`
   * when it is not signed by the provider; resolves `undefined` for a report callwire did not ask
   * for (no job reference) or a status it does not track.
   */
  receive(request: DeliveryReportRequest): DeliveryReport | undefined;
}

/** Sends text messages (SMS or WhatsApp). */
export interface SmsSender {
  /** Sends one text; answers the provider's message id. */
  send(to: E164, body: string, options?: SendOptions): Promise<{ id: string }>;
  /** How the provider reports what became of each message, when it does (`twilioSms({ publicUrl })`). */
  readonly deliveryReports?: DeliveryReceiver | undefined;
  /**
   * Finds a message with this `body` sent to `to` since `since` (epoch ms) — by a run interrupted after the
   * provider accepted it and before its step was recorded — and returns what `send()` returned for it, or
   * `undefined` when there is none. With it, a resumed appointment job does not text the customer twice
   * (`twilioSms` lists the recipient's messages); without it, a repeat is reported (`step.maybe-duplicated`).
   */
  findSent?(to: E164, body: string, options: SentQuery): Promise<{ id: string } | undefined>;
}

/** Options of {@link SmsSender.findSent}. */
export interface SentQuery extends CallOptions {
  /** Epoch ms: when the interrupted run began its call. */
  since: number;
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
  /**
   * The `Message-ID` (`<…@…>`), the same every time this e-mail is sent again: a repeat after a crash is then
   * recognisably the same message (clients and Gmail thread and de-duplicate by it). Mailers should send it as is.
   */
  messageId?: string;
}

/** Sends e-mail. */
export interface Mailer {
  /** Sends one e-mail; answers the message id. */
  send(mail: Mail, options?: CallOptions): Promise<{ id: string }>;
}

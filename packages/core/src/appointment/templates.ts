import { html } from './html.js';

/** What a notification template is given. Times are already written in the customer's time zone. */
export interface NotificationContext {
  /** Which notification this is. */
  kind: 'booked' | 'rescheduled' | 'cancelled';
  /** The appointment id (`/appointments/:id`). */
  appointmentId: string;
  /** The business, as `businessName` configures it. */
  businessName: string;
  /** The customer's name, when they gave one. */
  customerName?: string | undefined;
  /** The appointment time for people, e.g. `Tuesday, November 24 at 3:00 PM PST`. */
  when: string;
  /** The earlier time, for a reschedule. */
  previousWhen?: string | undefined;
  /** ISO 8601 instants. */
  start: string;
  /** The end of the appointment, ISO 8601 UTC. */
  end: string;
  /** The customer's IANA zone. */
  timeZone: string;
  /** What the caller needs, as the agent summarised it. */
  summary?: string | undefined;
  /** What the caller wants (`appointment`, `callback_request`). */
  intent?: string | undefined;
  /** A link to the calendar event, when the calendar gave one. */
  calendarLink?: string | undefined;
}

/** A rendered e-mail. */
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

/** The notification templates; replace any of them in `createAppointmentPipeline({ templates })`. */
export interface NotificationTemplates {
  /** The text message (SMS or WhatsApp) for a booking, a change or a cancellation; plain text. */
  sms(context: NotificationContext): string;
  /** Build HTML with the `html` tag (or `escapeHtml`): customer strings must be escaped. */
  email(context: NotificationContext): EmailContent;
}

const headline = (c: NotificationContext): string =>
  c.kind === 'cancelled' ? 'Your appointment is cancelled' : c.kind === 'rescheduled' ? 'Your appointment has moved' : 'Your appointment is confirmed';

function smsText(c: NotificationContext): string {
  const greeting = c.customerName ? `Hi ${c.customerName}, ` : '';
  if (c.kind === 'cancelled') return `${greeting}your appointment with ${c.businessName} on ${c.when} is cancelled.`;
  if (c.kind === 'rescheduled') return `${greeting}your appointment with ${c.businessName} has moved to ${c.when}.`;
  return `${greeting}your appointment with ${c.businessName} is confirmed for ${c.when}. We'll see you then.`;
}

function emailContent(c: NotificationContext): EmailContent {
  const title = headline(c);
  const lines = [
    c.customerName ? `Hi ${c.customerName},` : 'Hello,',
    '',
    c.kind === 'cancelled'
      ? `Your appointment with ${c.businessName} on ${c.when} is cancelled.`
      : c.kind === 'rescheduled'
        ? `Your appointment with ${c.businessName} has moved${c.previousWhen ? ` from ${c.previousWhen}` : ''} to ${c.when}.`
        : `Your appointment with ${c.businessName} is confirmed for ${c.when}.`,
    ...(c.summary ? ['', `About: ${c.summary}`] : []),
    ...(c.kind !== 'cancelled' ? ['', 'The attached invitation adds it to your calendar.'] : []),
    '',
    `Reference: ${c.appointmentId}`,
  ];
  const body = html`<!doctype html>
<html><body style="font-family: system-ui, sans-serif; color: #1f2933">
<h1 style="font-size: 20px">${title}</h1>
<p>${c.customerName ? html`Hi ${c.customerName},` : 'Hello,'}</p>
<p>${lines[2]}</p>
${c.summary ? html`<p><strong>About:</strong> ${c.summary}</p>` : ''}
${c.kind !== 'cancelled' ? html`<p>The attached invitation adds it to your calendar.</p>` : ''}
<p style="color: #616e7c; font-size: 12px">Reference: ${c.appointmentId}</p>
</body></html>`;
  return { subject: `${title}: ${c.when}`, html: body.value, text: lines.join('\n') };
}

/** The templates used when none are given. */
export const defaultTemplates: NotificationTemplates = { sms: smsText, email: emailContent };

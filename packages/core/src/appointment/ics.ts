import { cleanText } from '../text/clean.js';

/** What goes into an iCalendar invitation. */
export interface IcsEvent {
  uid: string;
  method: 'REQUEST' | 'CANCEL';
  /** Increases with each change of the event (0 for the first invitation). */
  sequence: number;
  /** ISO 8601 instants. */
  start: string;
  end: string;
  stamp: number;
  summary: string;
  description?: string;
  organizer: { email: string; name?: string };
  attendee?: { email: string; name?: string };
}

/**
 * iCalendar TEXT escaping (RFC 5545 §3.3.11) of cleaned text: no control character is left (a bare CR
 * would end the content line and start a forged one), and each line break is the escape `\n`.
 */
const escapeText = (text: string): string => cleanText(text).replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');
/** A parameter value, quoted, on one line, without the `"` a quoted parameter cannot hold (RFC 5545 §3.1 QSAFE-CHAR). */
const quoteParam = (text: string): string => `"${cleanText(text, { newlines: false }).replace(/"/g, '')}"`;
/** A value that must stay one token (UID, an address): cleaned to one line. */
const oneLine = (text: string): string => cleanText(text, { newlines: false });
const utc = (instant: number): string => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/**
 * An iCalendar (RFC 5545) invitation that mail clients can add or remove: METHOD:REQUEST for a new or
 * moved appointment, METHOD:CANCEL for a cancellation (same UID, higher SEQUENCE).
 *
 * @example
 * ```ts
 * buildIcs({ uid: 'abc@callwire', method: 'REQUEST', sequence: 0, start, end, stamp: Date.now(), summary: 'Callback', organizer: { email: 'desk@acme.test' } });
 * ```
 */
export function buildIcs(event: IcsEvent): string {
  const person = (role: 'ORGANIZER' | 'ATTENDEE', who: { email: string; name?: string }, extra = '') =>
    `${role}${who.name ? `;CN=${quoteParam(who.name)}` : ''}${extra}:mailto:${oneLine(who.email)}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//callwire//appointments//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${oneLine(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(Date.parse(event.start))}`,
    `DTEND:${utc(Date.parse(event.end))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    person('ORGANIZER', event.organizer),
    ...(event.attendee ? [person('ATTENDEE', event.attendee, ';ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE')] : []),
    `STATUS:${event.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

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

/** iCalendar TEXT escaping (RFC 5545 §3.3.11). */
const escapeText = (text: string): string => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
/** A parameter value, quoted, without characters a quoted parameter cannot hold. */
const quoteParam = (text: string): string => `"${text.replace(/["\r\n]/g, '')}"`;
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
    `${role}${who.name ? `;CN=${quoteParam(who.name)}` : ''}${extra}:mailto:${who.email}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//callwire//appointments//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
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

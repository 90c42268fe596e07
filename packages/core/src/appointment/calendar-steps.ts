import { CallwireError } from '../errors.js';
import type { CallOptions, CalendarEvent } from './ports.js';
import type { AppointmentRuntime } from './runtime.js';
import { nearestFreeSlots, overlaps, searchRange, withoutInterval, type Interval } from './schedule.js';
import type { Booking, CalendarOutcome } from './types.js';

const toInterval = (range: { start: string; end: string }): Interval => ({ start: Date.parse(range.start), end: Date.parse(range.end) });
const toRange = (interval: Interval) => ({ start: new Date(interval.start).toISOString(), end: new Date(interval.end).toISOString() });

/** Free/busy for `wanted`: the nearest free alternatives when it is taken, else `undefined`. */
async function conflictAlternatives(rt: AppointmentRuntime, wanted: Interval, own: Interval | undefined, options: CallOptions) {
  const calendar = rt.calendar!;
  const busyHere = (await calendar.freeBusy(toRange(wanted), options)).map(toInterval);
  const blocking = own ? withoutInterval(busyHere, own) : busyHere;
  if (!blocking.some((b) => overlaps(b, wanted))) return undefined;
  const range = searchRange(wanted);
  const busyAround = (await calendar.freeBusy(toRange(range), options)).map(toInterval);
  const busy = own ? withoutInterval(busyAround, own) : busyAround;
  return nearestFreeSlots(wanted, busy, rt.schedule, rt.clock(), rt.alternatives).map(toRange);
}

/** The event description: who, why, and what was said. */
export function eventDescription(booking: Booking, appointmentId: string): string {
  return [
    booking.name && `Customer: ${booking.name}`,
    `Phone: ${booking.phone}`,
    booking.email && `Email: ${booking.email}`,
    booking.intent && `Intent: ${booking.intent}`,
    booking.summary && `\nSummary:\n${booking.summary}`,
    booking.transcript && `\nTranscript:\n${booking.transcript}`,
    `\nAppointment id: ${appointmentId} (booked by callwire)`,
  ]
    .filter(Boolean)
    .join('\n');
}

const created = (event: CalendarEvent, status: 'created' | 'updated'): CalendarOutcome => ({
  status,
  eventId: event.id,
  ...(event.link ? { link: event.link } : {}),
  attendeesIncluded: event.attendeesIncluded,
  ...(event.alreadyExisted ? { alreadyExisted: true } : {}),
  ...(event.note ? { note: event.note } : {}),
});

/**
 * Books the slot: an event that already exists under this id counts as booked (a retry); a busy slot
 * returns the nearest free alternatives; otherwise the event is inserted.
 */
export async function createEventStep(rt: AppointmentRuntime, booking: Booking, eventId: string, appointmentId: string, options: CallOptions): Promise<CalendarOutcome> {
  const calendar = rt.calendar;
  if (!calendar) return { status: 'skipped', reason: 'No calendar is configured.' };
  const existing = await calendar.getEvent?.(eventId, options);
  if (existing && existing.status !== 'cancelled') return created({ ...existing, alreadyExisted: true }, 'created');
  const alternatives = await conflictAlternatives(rt, toInterval(booking), undefined, options);
  if (alternatives) return { status: 'conflict', alternatives };
  const event = await calendar.createEvent(
    {
      id: eventId,
      summary: `${booking.intent === 'callback_request' ? 'Callback' : 'Appointment'}: ${booking.name ?? 'caller'}`,
      description: eventDescription(booking, appointmentId),
      start: booking.start,
      end: booking.end,
      timeZone: rt.schedule.timeZone,
      attendees: booking.email ? [{ email: booking.email, ...(booking.name ? { displayName: booking.name } : {}) }] : [],
      reminderMinutes: rt.reminderMinutes,
    },
    options,
  );
  return created(event, 'created');
}

/** Moves the event, unless the new slot is taken (then the nearest free alternatives). */
export async function updateEventStep(
  rt: AppointmentRuntime,
  eventId: string | undefined,
  change: { start: string; end: string; previous: { start: string; end: string }; description?: string },
  options: CallOptions,
): Promise<CalendarOutcome> {
  const calendar = rt.calendar;
  if (!calendar || !eventId) return { status: 'skipped', reason: calendar ? 'The appointment has no calendar event.' : 'No calendar is configured.' };
  if (!calendar.updateEvent) throw new CallwireError('provider_rejected', 'The calendar cannot move events.', { retryable: false });
  const alternatives = await conflictAlternatives(rt, toInterval(change), toInterval(change.previous), options);
  if (alternatives) return { status: 'conflict', alternatives };
  const event = await calendar.updateEvent(eventId, { start: change.start, end: change.end, timeZone: rt.schedule.timeZone, ...(change.description ? { description: change.description } : {}) }, options);
  return created(event, 'updated');
}

/** Cancels the event. */
export async function cancelEventStep(rt: AppointmentRuntime, eventId: string | undefined, options: CallOptions): Promise<CalendarOutcome> {
  const calendar = rt.calendar;
  if (!calendar || !eventId) return { status: 'skipped', reason: calendar ? 'The appointment has no calendar event.' : 'No calendar is configured.' };
  if (!calendar.cancelEvent) throw new CallwireError('provider_rejected', 'The calendar cannot cancel events.', { retryable: false });
  await calendar.cancelEvent(eventId, options);
  return { status: 'cancelled', eventId };
}

import type { CalendarOutcome, ChannelOutcome } from './types.js';
import { formatForPeople, toZonedIso } from '../time/format.js';
import type { Appointment, StepView } from './view.js';

/** The answer to a tool call: the shape existing integrations read, plus `agent_message` for the LLM. */
export interface ToolResponse {
  status: 'success' | 'conflict' | 'error';
  message: string;
  data: { calendar_created: boolean; sms_sent: boolean; email_sent: boolean; calendar_event_id: string | null; calendar_link: string | null };
  customer: { name: string | null; phone: string; email: string | null };
  appointment_time: string;
  appointment_id: string;
  alternatives?: { start: string; end: string; label: string }[];
  agent_message: string;
}

const sent = (outcome: StepView<ChannelOutcome>) => outcome.status === 'sent';

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** Builds the tool response from an appointment as it stands (after the inline wait). */
export function toolResponse(appointment: Appointment): ToolResponse {
  const calendar = appointment.calendar as StepView<CalendarOutcome>;
  const eventId = 'eventId' in calendar ? calendar.eventId : null;
  const link = 'link' in calendar && calendar.link ? calendar.link : null;
  const when = formatForPeople(Date.parse(appointment.start), appointment.customerTimeZone);
  const base = {
    data: { calendar_created: calendar.status === 'created', sms_sent: sent(appointment.sms), email_sent: sent(appointment.email), calendar_event_id: eventId, calendar_link: link },
    customer: { name: appointment.customer.name ?? null, phone: appointment.customer.phone, email: appointment.customer.email ?? null },
    appointment_time: appointment.appointmentTime,
    appointment_id: appointment.id,
  };
  if (calendar.status === 'conflict') {
    const alternatives = calendar.alternatives.map((slot) => ({
      start: toZonedIso(Date.parse(slot.start), appointment.timeZone),
      end: toZonedIso(Date.parse(slot.end), appointment.timeZone),
      label: formatForPeople(Date.parse(slot.start), appointment.customerTimeZone),
    }));
    const offer = alternatives.length > 0 ? ` The nearest free times are ${joinWords(alternatives.map((a) => a.label))}. Which would suit?` : ' Please suggest another day.';
    return { status: 'conflict', message: 'The requested time is not available', ...base, alternatives, agent_message: `${when} is already taken.${offer}` };
  }
  if (appointment.status === 'failed') {
    return { status: 'error', message: 'The booking could not be completed', ...base, agent_message: `I could not complete the booking for ${when} right now; the team will follow up to confirm.` };
  }
  const channels = [sent(appointment.sms) && 'text message', sent(appointment.email) && 'email'].filter((c): c is string => Boolean(c));
  const confirmation = channels.length > 0 ? ` A confirmation was sent by ${channels.join(' and ')}.` : ' A confirmation will follow shortly.';
  if (appointment.status === 'booked') {
    return { status: 'success', message: 'Appointment booked', ...base, agent_message: `The appointment is booked for ${when}.${confirmation}` };
  }
  return { status: 'success', message: 'Appointment request received', ...base, agent_message: `The request for ${when} is saved and being booked now; a confirmation will follow shortly.` };
}

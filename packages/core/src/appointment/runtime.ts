import type { JobStore } from '../engine/types.js';
import type { Calendar, Mailer, SmsSender } from './ports.js';
import type { Schedule } from './schedule.js';
import type { NotificationTemplates } from './templates.js';

/** The resolved settings every part of the appointment pipeline reads. */
export interface AppointmentRuntime {
  pipelineName: string;
  store: JobStore;
  schedule: Schedule;
  calendar: Calendar | undefined;
  sms: SmsSender | undefined;
  mailer: Mailer | undefined;
  templates: NotificationTemplates;
  businessName: string;
  /** Organizer of the `.ics` invitations. */
  organizer: { email: string; name?: string };
  reminderMinutes: readonly number[];
  /** How many alternative slots a conflict offers. */
  alternatives: number;
  clock: () => number;
}

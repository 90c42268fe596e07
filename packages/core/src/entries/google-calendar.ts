/** @callwire/core/google-calendar — book appointments in Google Calendar (`@googleapis/calendar`). */
export { googleCalendar, parseServiceAccount } from '../providers/google-calendar/index.js';
export type { GoogleCalendarOptions, ServiceAccountKey } from '../providers/google-calendar/index.js';

import { auth as googleAuth, calendar as calendarApi, type calendar_v3 } from '@googleapis/calendar';
import type { Busy, Calendar, CalendarEvent, CallOptions, NewCalendarEvent } from '../../appointment/ports.js';
import { checkGoogleCalendarOptions } from './check-options.js';
import { googleTokenUrl, parseServiceAccount, type ServiceAccountKey } from './credentials.js';
import { freeBusyError, googleFailure, toCallwireError as toError } from './errors.js';

/** What {@link googleCalendar} needs. */
export interface GoogleCalendarOptions {
  /** A service-account key: the object, its JSON, or the JSON in base64. */
  credentials: string | ServiceAccountKey;
  /** The calendar to book into (e.g. `bookings@acme.com`, or `primary` with `subject`). */
  calendarId: string;
  /** A user to act as, for domain-wide delegation (lets the service account invite attendees). */
  subject?: string | undefined;
  /** The API root (default `https://www.googleapis.com/`); tests point it at a local fake. */
  rootUrl?: string | undefined;
  /** Invite the customer as an attendee when an e-mail is known (default true). */
  inviteAttendees?: boolean | undefined;
  /** Whether Google e-mails attendees about changes (default `all`). */
  sendUpdates?: 'all' | 'externalOnly' | 'none' | undefined;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number | undefined;
}

const scope = 'https://www.googleapis.com/auth/calendar';

/** A JWT client whose token exchange goes to the key's `token_uri` (Google's by default). */
function serviceAccountAuth(key: ServiceAccountKey, subject: string | undefined) {
  const jwt = new googleAuth.JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [scope], subject });
  const tokenUri = key.token_uri;
  if (tokenUri && tokenUri !== googleTokenUrl) {
    jwt.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (String(config.url) === googleTokenUrl) config.url = new URL(tokenUri);
        return config;
      },
    });
  }
  return jwt;
}

const toEvent = (data: calendar_v3.Schema$Event, attendeesIncluded: boolean, extra: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id: data.id ?? '',
  ...(data.htmlLink ? { link: data.htmlLink } : {}),
  ...(data.status ? { status: data.status as CalendarEvent['status'] } : {}),
  ...(data.start?.dateTime ? { start: new Date(data.start.dateTime).toISOString() } : {}),
  ...(data.end?.dateTime ? { end: new Date(data.end.dateTime).toISOString() } : {}),
  attendeesIncluded,
  ...extra,
});

/**
 * Google Calendar through `@googleapis/calendar` with a service account: free/busy, insert with a
 * client-chosen id (a 409 on retry means "already booked"), reminders, and attendees when the
 * account may invite them (without domain-wide delegation Google answers 403
 * `forbiddenForServiceAccounts`: the event is booked without attendees and the result says so).
 *
 * @example
 * ```ts
 * import { googleCalendar } from '@callwire/core/google-calendar';
 * const calendar = googleCalendar({ credentials: process.env.GOOGLE_SERVICE_ACCOUNT_B64!, calendarId: 'bookings@acme.com' });
 * ```
 */
export function googleCalendar(options: GoogleCalendarOptions): Calendar {
  checkGoogleCalendarOptions(options);
  const key = parseServiceAccount(options.credentials);
  const api = calendarApi({
    version: 'v3',
    auth: serviceAccountAuth(key, options.subject),
    ...(options.rootUrl ? { rootUrl: options.rootUrl.endsWith('/') ? options.rootUrl : `${options.rootUrl}/` } : {}),
    retry: false,
    timeout: options.timeoutMs ?? 10_000,
  });
  const calendarId = options.calendarId;
  const toCallwireError = (error: unknown, action: string) => toError(error, action, key.client_email);
  const sendUpdates = options.sendUpdates ?? 'all';
  const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toCallwireError(error, action);
    }
  };
  const absent = (error: unknown) => [404, 410].includes(googleFailure(error).status ?? 0);

  async function getEvent(id: string, { signal }: CallOptions = {}): Promise<CalendarEvent | undefined> {
    try {
      const { data } = await api.events.get({ calendarId, eventId: id }, { signal });
      return toEvent(data, (data.attendees?.length ?? 0) > 0);
    } catch (error) {
      if (absent(error)) return undefined;
      throw toCallwireError(error, 'get event');
    }
  }

  async function insert(event: NewCalendarEvent, withAttendees: boolean, signal: AbortSignal | undefined) {
    const requestBody: calendar_v3.Schema$Event = {
      id: event.id,
      summary: event.summary,
      description: event.description,
      start: { dateTime: event.start, timeZone: event.timeZone },
      end: { dateTime: event.end, timeZone: event.timeZone },
      reminders: { useDefault: false, overrides: event.reminderMinutes.map((minutes) => ({ method: 'popup', minutes })) },
      ...(withAttendees ? { attendees: event.attendees } : {}),
    };
    return api.events.insert({ calendarId, sendUpdates: withAttendees ? sendUpdates : 'none', requestBody }, { signal });
  }

  return {
    async freeBusy(range, { signal } = {}): Promise<Busy[]> {
      const { data } = await call('free/busy', () => api.freebusy.query({ requestBody: { timeMin: range.start, timeMax: range.end, items: [{ id: calendarId }] } }, { signal }));
      const entry = data.calendars?.[calendarId];
      // Never read a missing or failed entry as "free": a calendar the account cannot see comes back as a 200 with errors.
      if (!entry) throw freeBusyError(calendarId, [{ reason: 'missing' }], key.client_email);
      if (entry.errors?.length) throw freeBusyError(calendarId, entry.errors, key.client_email);
      return (entry.busy ?? []).filter((b) => b.start && b.end).map((b) => ({ start: b.start!, end: b.end! }));
    },

    async createEvent(event, { signal } = {}) {
      const invite = (options.inviteAttendees ?? true) && event.attendees.length > 0;
      try {
        const { data } = await insert(event, invite, signal);
        return toEvent(data, invite);
      } catch (error) {
        const { status, reason } = googleFailure(error);
        if (status === 409) {
          const existing = await getEvent(event.id, { signal });
          if (existing) return { ...existing, alreadyExisted: true };
        }
        if (invite && status === 403 && reason === 'forbiddenForServiceAccounts') {
          const { data } = await call('insert event', () => insert(event, false, signal));
          return toEvent(data, false, { note: 'Booked without attendees: the service account may not invite them (no domain-wide delegation); the customer is told by e-mail instead.' });
        }
        throw toCallwireError(error, 'insert event');
      }
    },

    getEvent,

    async updateEvent(id, change, { signal } = {}) {
      const { data } = await call('patch event', () =>
        api.events.patch(
          { calendarId, eventId: id, sendUpdates, requestBody: { start: { dateTime: change.start, timeZone: change.timeZone }, end: { dateTime: change.end, timeZone: change.timeZone }, ...(change.description ? { description: change.description } : {}) } },
          { signal },
        ),
      );
      return toEvent(data, (data.attendees?.length ?? 0) > 0);
    },

    async cancelEvent(id, { signal } = {}) {
      try {
        await api.events.delete({ calendarId, eventId: id, sendUpdates }, { signal });
      } catch (error) {
        if (!absent(error)) throw toCallwireError(error, 'delete event');
      }
    },
  };
}

export { parseServiceAccount, type ServiceAccountKey } from './credentials.js';

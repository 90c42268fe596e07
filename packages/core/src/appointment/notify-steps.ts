import { nodeCrypto } from '../node-builtins.js';
import type { StepOptions } from '../engine/pipeline.js';
import { cleanText } from '../text/clean.js';
import { loadDelivery } from './delivery.js';
import { permanentAsResult } from './deliver.js';
import { buildIcs } from './ics.js';
import type { CallOptions } from './ports.js';
import type { AppointmentRuntime } from './runtime.js';
import type { NotificationContext } from './templates.js';
import { formatForPeople } from '../time/format.js';
import { stepNames, type Booking, type ChannelOutcome } from './types.js';

/** What the templates get for one notification. */
export function notificationContext(
  rt: AppointmentRuntime,
  kind: NotificationContext['kind'],
  booking: Booking,
  appointmentId: string,
  extra: { calendarLink?: string; previousStart?: string } = {},
): NotificationContext {
  const zone = booking.customerTimeZone;
  return {
    kind,
    appointmentId,
    businessName: rt.businessName,
    ...(booking.name ? { customerName: booking.name } : {}),
    when: formatForPeople(Date.parse(booking.start), zone),
    ...(extra.previousStart ? { previousWhen: formatForPeople(Date.parse(extra.previousStart), zone) } : {}),
    start: booking.start,
    end: booking.end,
    timeZone: zone,
    ...(booking.summary ? { summary: booking.summary } : {}),
    ...(booking.intent ? { intent: booking.intent } : {}),
    ...(extra.calendarLink ? { calendarLink: extra.calendarLink } : {}),
  };
}

/**
 * Sends the SMS; a permanent refusal (e.g. Twilio 21211, 21610) is saved as `failed`, a transient one
 * throws. `jobId` goes with the message, so that the provider's delivery reports find this step again.
 */
export async function smsStep(rt: AppointmentRuntime, booking: Booking, context: NotificationContext, jobId: string, options: CallOptions): Promise<ChannelOutcome> {
  const sms = rt.sms;
  if (!sms) return { status: 'skipped', reason: 'No SMS sender is configured.' };
  const sendOptions = { ...options, ref: { jobId, step: stepNames.sms }, notification: context };
  return permanentAsResult(async () => ({ status: 'sent' as const, id: (await sms.send(booking.phone, smsBody(rt, context), sendOptions)).id }), [booking.name]);
}

const smsBody = (rt: AppointmentRuntime, context: NotificationContext): string => cleanText(rt.templates.sms(context));

/**
 * The side-effect options of the SMS step (a text is not idempotent at the provider): its intent is recorded
 * before the send, and a job resumed after a crash in between confirms first — by a delivery report already
 * received for this job's text, else by finding the text in the recipient's messages (`findSent`). A sender
 * that cannot look (`findSent` absent) re-sends, and the repeat is reported (`step.maybe-duplicated`).
 */
export function smsStepOptions(rt: AppointmentRuntime, booking: Booking, context: NotificationContext, jobId: string): StepOptions<ChannelOutcome> | undefined {
  const sms = rt.sms;
  if (!sms) return undefined;
  if (!sms.findSent) return { sideEffect: true };
  const findSent = sms.findSent.bind(sms);
  return {
    async confirm({ since, signal }): Promise<ChannelOutcome | undefined> {
      const reported = sms.deliveryReports ? await loadDelivery(rt, jobId) : undefined;
      if (reported) return { status: 'sent', id: reported.messageId };
      const found = await findSent(booking.phone, smsBody(rt, context), { since, signal });
      return found ? { status: 'sent', id: found.id } : undefined;
    },
  };
}

/** The invitation of an e-mail: which event, and whether it is new, moved or cancelled. */
export interface InviteRef {
  eventId: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
}

/** Sends the e-mail with its `.ics` invitation; skipped when the customer gave no address. */
/** The `Message-ID` of the e-mail a step sends: derived from the step's idempotency key, the same on every repeat. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${nodeCrypto().createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@callwire>`;
}

export async function emailStep(
  rt: AppointmentRuntime,
  booking: Booking,
  context: NotificationContext,
  invite: InviteRef,
  options: CallOptions & { idempotencyKey: string },
): Promise<ChannelOutcome> {
  const mailer = rt.mailer;
  if (!mailer) return { status: 'skipped', reason: 'No mailer is configured.' };
  const to = booking.email;
  if (!to) return { status: 'skipped', reason: 'The customer gave no email address.' };
  const rendered = rt.templates.email(context);
  // Whatever a (custom) template returns, no control, bidi or zero-width character reaches the mail.
  const content = { subject: cleanText(rendered.subject, { newlines: false }), html: cleanText(rendered.html), text: cleanText(rendered.text) };
  const ics = buildIcs({
    uid: `${invite.eventId}@callwire`,
    method: invite.method,
    sequence: invite.sequence,
    start: booking.start,
    end: booking.end,
    stamp: rt.clock(),
    summary: `${rt.businessName}: ${booking.intent === 'callback_request' ? 'callback' : 'appointment'}`,
    ...(booking.summary ? { description: booking.summary } : {}),
    organizer: rt.organizer,
    attendee: { email: to, ...(booking.name ? { name: booking.name } : {}) },
  });
  return permanentAsResult(async () => ({
    status: 'sent' as const,
    id: (await mailer.send({ to, ...content, ics: { method: invite.method, content: ics, filename: 'invite.ics' }, messageId: messageIdFor(options.idempotencyKey) }, { signal: options.signal })).id,
  }), [booking.name]);
}

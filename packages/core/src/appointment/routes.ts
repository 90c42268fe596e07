import { CallwireError } from '../errors.js';
import { json, type Route, type RouteInput } from '../http/route.js';
import { getAppointment } from './appointments.js';
import { findAvailability } from './availability.js';
import { bookFromTool, receivePostCall } from './book.js';
import { cancelAppointment, rescheduleAppointment } from './changes.js';
import type { AppointmentContext } from './context.js';
import { answerTool } from './tool-invalid.js';
import { recordDelivery } from './delivery.js';
import { pathIdentifier } from '../text/identifier.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A tool body's parameters: `parameters` when wrapped, else the body itself. */
function parametersOf(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) return {};
  return isRecord(body.parameters) ? body.parameters : body;
}

const idOf = (input: RouteInput): string => pathIdentifier(input.params);

/**
 * The route of the text sender's delivery reports (`POST /webhook/twilio/status` for `twilioSms({
 * publicUrl })`), when it has one. The sender verifies each request (401 and nothing stored when the
 * signature does not match); a verified report about one of this pipeline's texts is recorded.
 */
function deliveryRoutes(ctx: AppointmentContext): Route[] {
  const receiver = ctx.rt.sms?.deliveryReports;
  if (!receiver) return [];
  return [
    {
      method: 'POST',
      path: receiver.path,
      auth: 'signature',
      handle: async ({ url, rawBody, request }) => {
        const report = receiver.receive({ url, rawBody, headers: request.headers });
        return json({ recorded: report ? await recordDelivery(ctx.rt, report) : false });
      },
    },
  ];
}

/** The HTTP routes of the appointment pipeline (listed in docs/http.md). */
export function appointmentRoutes(ctx: AppointmentContext): Route[] {
  return [
    // Tool routes: an invalid payload is a 422 with field paths, or with ?answer_invalid_as=result a 200 the agent hears (tool-invalid.ts).
    { method: 'POST', path: '/webhook', auth: 'webhook', handle: ({ body, url }) => answerTool(url, async () => json(await bookFromTool(ctx, body))) },
    {
      method: 'POST',
      path: '/webhook/elevenlabs',
      auth: 'signature',
      handle: async ({ body, rawBody, request }) => json(await receivePostCall(ctx, { body, rawBody, signature: request.headers.get('elevenlabs-signature') })),
    },
    {
      method: 'POST',
      path: '/tools/availability',
      auth: 'webhook',
      handle: ({ body, url }) =>
        answerTool(url, async () => {
          const p = parametersOf(body);
          return json(await findAvailability(ctx, { date: p.date as string | undefined, from: p.from as string | undefined, to: p.to as string | undefined, limit: p.limit as number | undefined }));
        }),
    },
    {
      method: 'POST',
      path: '/appointments/:id/reschedule',
      auth: 'webhook',
      handle: (input) =>
        answerTool(input.url, async () => {
          const p = parametersOf(input.body);
          return json(await rescheduleAppointment(ctx, idOf(input), { time: p.time ?? p.callback_time ?? p.start }));
        }),
    },
    {
      method: 'POST',
      path: '/appointments/:id/cancel',
      auth: 'webhook',
      handle: async (input) => json(await cancelAppointment(ctx, idOf(input), { reason: parametersOf(input.body).reason as string | undefined })),
    },
    {
      method: 'GET',
      path: '/appointments/:id',
      auth: 'operator',
      handle: async (input) => {
        const appointment = await getAppointment(ctx, idOf(input));
        if (!appointment) throw new CallwireError('not_found', `No appointment ${input.params.id}.`);
        return json(appointment);
      },
    },
    ...deliveryRoutes(ctx),
  ];
}

import { html } from '../../appointment/html.js';
import type { AppointmentPipeline } from '../../appointment/create-appointment-pipeline.js';
import type { Delivery } from '../../appointment/types.js';
import type { Appointment } from '../../appointment/view.js';
import { availableActions } from '../actions.js';
import { noticeFor, type ViewContext } from '../context.js';
import { badge, errorBox, facts, table, when, type Cell } from '../format.js';
import { page } from '../layout.js';

/** A step outcome (event, SMS or e-mail): its status, and the id, link or reason that goes with it. */
function outcome(value: unknown): { status: string; detail: string } {
  const o = (value ?? {}) as { status?: string; eventId?: string; id?: string; reason?: string; retrying?: boolean; alternatives?: unknown[] };
  const status = o.status === 'failed' && o.retrying ? 'retrying' : (o.status ?? 'pending');
  const detail = o.eventId ?? o.id ?? o.reason ?? (o.alternatives ? `${o.alternatives.length} other slots offered` : '');
  return { status, detail };
}

/** A text's delivery, as the provider last reported it (Twilio status callbacks), when it did. */
const deliveryOf = (value: unknown): Delivery | undefined => (value as { delivery?: Delivery } | undefined)?.delivery;

const outcomeCell = (value: unknown) => {
  const { status, detail } = outcome(value);
  const delivery = deliveryOf(value);
  const reported = delivery
    ? html` → ${badge(delivery.status)} <span class="muted">${delivery.channel}${delivery.reason ? html`: ${delivery.reason}` : ''}</span>`
    : '';
  return html`${badge(status)}${detail ? html` <span class="muted">${detail}</span>` : ''}${reported}`;
};

/** The furthest a text got: its delivery state once reported, else the step's status. */
const textStatus = (value: unknown): string => deliveryOf(value)?.status ?? outcome(value).status;

/** The newest bookings of every appointment pipeline, with their event, SMS and e-mail outcomes. */
export async function appointmentsPage(ctx: ViewContext, pipelines: readonly AppointmentPipeline[]): Promise<Response> {
  const rows: Cell[][] = [];
  for (const pipeline of pipelines) {
    for (const job of await ctx.store.list({ pipeline: pipeline.name, limit: ctx.pageSize })) {
      if ((job.input as { kind?: string } | null)?.kind !== 'booking') continue;
      const a = await pipeline.getAppointment(job.id);
      if (!a) continue;
      rows.push([
        html`<a class="mono" href="${ctx.frame.base}/appointments/${encodeURIComponent(a.id)}">${a.id}</a>`,
        a.customer.name ?? '—',
        when(a.start),
        badge(a.status),
        badge(outcome(a.calendar).status),
        badge(textStatus(a.sms)),
        badge(outcome(a.email).status),
      ]);
    }
  }
  const body = table('Appointments, newest first', ['Appointment', 'Customer', 'Starts', 'Status', 'Event', 'SMS', 'E-mail'], rows, 'No appointments yet.');
  return page({ ...ctx.frame, section: 'appointments' }, 'Appointments', body);
}

/** One appointment: who and when, the event/SMS/e-mail outcomes of the booking and of each change, and Cancel. */
export async function appointmentPage(ctx: ViewContext, pipeline: AppointmentPipeline, a: Appointment, url: URL): Promise<Response> {
  const notice = noticeFor(url);
  const job = await pipeline.get(a.id);
  const outcomes = table('Booking outcomes', ['Channel', 'Outcome'], [
    ['Calendar event', outcomeCell(a.calendar)],
    ['SMS', outcomeCell(a.sms)],
    ['E-mail', outcomeCell(a.email)],
  ], '', { rowHeaders: true });
  const changes = table('Changes', ['#', 'Change', 'Status', 'Slot', 'Event', 'SMS', 'E-mail'], a.changes.map((c) => [{ num: c.sequence }, c.kind, badge(c.status), when(c.start), outcomeCell(c.calendar), outcomeCell(c.sms), outcomeCell(c.email)]), 'No reschedules or cancellations.');
  const body = html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<div class="card">${facts([
    ['Status', badge(a.status)],
    ['Customer', a.customer.name ?? '—'],
    ['Phone', a.customer.phone],
    ['E-mail', a.customer.email],
    ['Starts', html`${when(a.start)} <span class="muted">(${a.appointmentTime}, ${a.timeZone})</span>`],
    ['Ends', when(a.end)],
    ['Summary', a.summary],
    ['Source', a.source],
    ['Job', html`<a href="${ctx.frame.base}/jobs/${encodeURIComponent(a.job.id)}">${a.job.id}</a> ${badge(a.job.status)}`],
  ])}${errorBox(a.job.error)}</div>
${job ? await availableActions(ctx, job, pipeline, ['cancel', 'redrive']) : ''}
<h2>Outcomes</h2>
${outcomes}
<h2>Changes</h2>
${changes}`;
  return page({ ...ctx.frame, section: 'appointments' }, `Appointment ${a.id}`, body);
}

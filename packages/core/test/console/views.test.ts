import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSlackMessage } from '../../src/console/block-kit.js';
import { startConsoleApp, OPERATOR_SECRET, type ConsoleApp } from './app.js';
import { consoleClient } from './client.js';

let app: ConsoleApp;
let client: ReturnType<typeof consoleClient>;

beforeAll(async () => {
  app = await startConsoleApp();
  client = consoleClient(app.handler);
  await client.login(OPERATOR_SECRET);
});
afterAll(() => app.close());

/** A dead call: Slack refused its minutes with 400 invalid_blocks. */
async function deadCall(callId: string) {
  app.slack.broken = true;
  const job = await app.call(callId);
  app.slack.broken = false;
  expect(job.status).toBe('dead');
  return job;
}

describe('console views', () => {
  it('counts jobs by status and filters by pipeline and status', async () => {
    const ok = await app.call('views-ok');
    const dead = await deadCall('views-dead');
    const booking = await app.book();
    const all = await client.get('/jobs');
    expect(all.text).toMatch(/<span>dead<\/span><strong>1<\/strong>/);
    expect(all.text).toMatch(/<span>succeeded<\/span><strong>2<\/strong>/);
    for (const id of [ok.id, dead.id, booking.id]) expect(all.text).toContain(`href="/console/jobs/${id}"`);
    const deadOnly = await client.get('/jobs?status=dead');
    expect(deadOnly.text).toContain(`href="/console/jobs/${dead.id}"`);
    expect(deadOnly.text).not.toContain(`href="/console/jobs/${ok.id}"`);
    expect(deadOnly.text).toContain('Slack answered 400: invalid_blocks');
    const appointmentsOnly = await client.get('/jobs?pipeline=appointments');
    expect(appointmentsOnly.text).toContain(`href="/console/jobs/${booking.id}"`);
    expect(appointmentsOnly.text).not.toContain(`href="/console/jobs/${ok.id}"`);
    expect(appointmentsOnly.text).toMatch(/<span>all<\/span><strong>1<\/strong>/);
    const ignored = await client.get('/jobs?status=bogus&pipeline=%3Cscript%3E');
    expect(ignored.status).toBe(200);
    expect(ignored.text).toContain(`href="/console/jobs/${ok.id}"`);
  });

  it("shows a job's step timeline: runs, durations, and the provider's message", async () => {
    const dead = await deadCall('views-timeline');
    const { text } = await client.get(`/jobs/${dead.id}`);
    const order = ['fetch-recording', 'transcribe', 'post-slack'].map((step) => text.indexOf(`<strong>${step}</strong>`));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toMatch(/<strong>post-slack<\/strong> <span class="badge s-failed">failed<\/span>\n<div class="muted">1 run · last started <time[^>]*>[^<]+<\/time> · took \d/);
    expect(text).toContain('Slack answered 400: invalid_blocks');
    expect(text).toContain('step post-slack · provider slack · HTTP 400 · code provider_rejected · permanent');
    expect(text).toContain(`href="/console/jobs/${dead.id}/redrive"`);
    expect(text).toContain(`href="/console/calls/${dead.id}/repost"`);
  });

  it('previews a call: direction, agent, and the very Block Kit message Slack received, drawn in HTML', async () => {
    const before = app.sandbox.fakes.slack.messages.length;
    const job = await app.call('views-preview');
    const posted = app.sandbox.fakes.slack.messages[before]!;
    const { text } = await client.get(`/calls/${job.id}`);
    expect(text).toMatch(/<dt>Direction<\/dt><dd>incoming<\/dd>/);
    expect(text).toMatch(/<dt>Agent<\/dt><dd>Asha Verma<\/dd>/);
    expect(text).toContain(renderSlackMessage(posted.body).value);
    expect(text).toContain('<span class="sk-mention">@U04ASHA123</span> (Asha Verma)');
    expect(text).toContain('<pre class="sk-pre"><code>Agent: Thank you for calling Acme support');
    const list = await client.get('/calls');
    expect(list.text).toMatch(new RegExp(`href="/console/calls/${job.id}">views-preview</a></td><td data-label="Direction">incoming</td><td data-label="Agent">Asha Verma</td>`));
  });

  it('shows appointments with their event, SMS and e-mail outcomes', async () => {
    const appointment = await app.book();
    const { text } = await client.get(`/appointments/${appointment.id}`);
    expect(text).toMatch(/<th scope="row" data-label="Channel">Calendar event<\/th><td data-label="Outcome"><span class="badge s-created">created<\/span>/);
    expect(text).toMatch(/<th scope="row" data-label="Channel">SMS<\/th><td data-label="Outcome"><span class="badge s-sent">sent<\/span> <span class="muted">SM/);
    expect(text).toMatch(/<th scope="row" data-label="Channel">E-mail<\/th><td data-label="Outcome"><span class="badge s-sent">sent<\/span>/);
    expect(text).toContain(`href="/console/appointments/${appointment.id}/cancel"`);
    const list = await client.get('/appointments');
    expect(list.text).toContain(`href="/console/appointments/${appointment.id}"`);
  });

  it('renders names with markup inert in every view (agent, department, customer)', async () => {
    const evil = '<script>alert(1)</script>';
    const job = await app.call('views-evil', { agent_name: evil, department: '<img src=x onerror=alert(1)>' });
    const appointment = await app.book({ customer_name: evil }, 4);
    const pages = await Promise.all([`/calls/${job.id}`, '/calls', `/jobs/${job.id}`, `/appointments/${appointment.id}`, '/appointments'].map((path) => client.get(path)));
    for (const { text } of pages) {
      expect(text).not.toContain('<script');
      expect(text).not.toContain('<img');
    }
    for (const index of [0, 1, 3, 4]) expect(pages[index]!.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pages[0]!.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows a waiting job, what it waits for and until when, and counts it', async () => {
    const { job } = await app.store.enqueue({ pipeline: 'calls', key: 'views-waiting', input: {}, maxAttempts: 2, now: Date.UTC(2026, 10, 20, 9, 0) });
    await app.store.claim({ owner: 'console-test', leaseMs: 60_000, now: Date.UTC(2026, 10, 20, 9, 0), limit: 1, jobId: job.id });
    const until = Date.UTC(2026, 10, 20, 9, 30);
    const wait = { kind: 'event' as const, key: 'transcript:<t-1>', until };
    await app.store.park(job.id, 'console-test', { step: 'transcript-ready', record: { status: 'waiting', attempts: 1, startedAt: until - 60_000, finishedAt: until - 60_000, wait } }, until - 60_000);
    const { text } = await client.get(`/jobs/${job.id}`);
    expect(text).toContain('<dt>Status</dt><dd><span class="badge s-waiting">waiting</span></dd>');
    expect(text).toContain('<dt>Waiting for</dt><dd>the event <code>transcript:&lt;t-1&gt;</code> (step <code>transcript-ready</code>), or its timeout at <time datetime="2026-11-20T09:30:00.000Z">2026-11-20 09:30:00 UTC</time></dd>');
    expect(text).toMatch(/<dt>Next run<\/dt><dd><time datetime="2026-11-20T09:30:00.000Z">/);
    expect(text).toMatch(/<strong>transcript-ready<\/strong> <span class="badge s-waiting">waiting<\/span>/);
    const list = await client.get('/jobs?status=waiting');
    expect(list.text).toMatch(/<span>waiting<\/span><strong>1<\/strong>/);
    expect(list.text).toContain(`href="/console/jobs/${job.id}"`);
    expect(list.text).toContain('<span class="badge s-waiting">waiting</span> <span class="muted">event until <time');
    await app.store.signal({ pipeline: 'calls', key: 'transcript:<t-1>', payload: null, now: until });
    await app.store.claim({ owner: 'console-test', leaseMs: 60_000, now: until, limit: 1, jobId: job.id });
    await app.store.complete(job.id, 'console-test', null, until);
  });

  it("shows a side-effect step's intent, a confirmed run and a possible duplicate in the timeline", async () => {
    const at = Date.UTC(2026, 10, 20, 9, 0);
    const { job } = await app.store.enqueue({ pipeline: 'calls', key: 'views-side-effects', input: {}, maxAttempts: 2, now: at });
    await app.store.claim({ owner: 'console-test', leaseMs: 60_000, now: at, limit: 1, jobId: job.id });
    await app.store.saveStep(job.id, 'console-test', 'post-slack', { status: 'succeeded', result: null, attempts: 2, startedAt: at, finishedAt: at + 5, maybeDuplicated: 1 }, at + 5);
    await app.store.saveStep(job.id, 'console-test', 'send-sms', { status: 'succeeded', result: null, attempts: 1, startedAt: at + 6, finishedAt: at + 9, confirmed: true }, at + 9);
    await app.store.saveStep(job.id, 'console-test', 'send-email', { status: 'intent', intentAt: at + 10, attempts: 1, startedAt: at + 10, finishedAt: at + 10 }, at + 10);
    const { text } = await client.get(`/jobs/${job.id}`);
    expect(text).toContain('<strong>possibly duplicated</strong>: run again 1 time after an interrupted run it could not confirm');
    expect(text).toContain('an interrupted run was confirmed done by the provider; not repeated');
    expect(text).toMatch(/<strong>send-email<\/strong> <span class="badge s-intent">intent<\/span>/);
    expect(text).toContain('provider call begun at <time datetime="2026-11-20T09:00:00.010Z">');
    await app.store.complete(job.id, 'console-test', null, at + 20);
  });

  it('answers an unknown job with an HTML 404 page', async () => {
    const { status, text } = await client.get('/jobs/no-such-job');
    expect(status).toBe(404);
    expect(text).toContain('There is no such job');
  });
});

describe('console actions', () => {
  it('re-drives a dead job after a confirmation, and it succeeds once Slack is fixed', async () => {
    const dead = await deadCall('act-redrive');
    const confirm = await client.get(`/jobs/${dead.id}/redrive`);
    expect(confirm.text).toContain(`<form method="post" action="/console/jobs/${dead.id}/redrive">`);
    expect((await app.store.get(dead.id))!.status).toBe('dead');
    const done = await client.post(`/jobs/${dead.id}/redrive`, { csrf: client.csrf(confirm.text)! });
    expect([done.status, done.location]).toEqual([303, `/console/jobs/${dead.id}?done=redrive`]);
    expect((await app.store.get(dead.id))!.status).toBe('queued');
    await app.settle();
    const after = await client.get(`/jobs/${dead.id}?done=redrive`);
    expect(after.text).toContain('The job was re-driven');
    expect(after.text).toMatch(/<dt>Status<\/dt><dd><span class="badge s-succeeded">succeeded<\/span>/);
    expect(after.text).not.toContain(`/jobs/${dead.id}/redrive"`);
  });

  it('refuses to re-drive a job that is not dead or failed, and says why', async () => {
    const ok = await app.call('act-ok');
    const confirm = await client.get(`/jobs/${ok.id}/redrive`);
    expect(confirm.status).toBe(409);
    expect(confirm.text).toContain('only dead or failed jobs can be re-driven');
    expect(confirm.text).not.toContain('<form method="post" action="/console/jobs');
    const forced = await client.post(`/jobs/${ok.id}/redrive`, { csrf: client.csrf((await client.get('/jobs')).text)! });
    expect(forced.status).toBe(409);
  });

  it("re-posts a call: re-driven with its Slack step reset, the minutes reach Slack", async () => {
    const dead = await deadCall('act-repost');
    expect(dead.steps['post-slack']?.status).toBe('failed');
    const before = app.sandbox.fakes.slack.messages.length;
    const confirm = await client.get(`/calls/${dead.id}/repost`);
    const done = await client.post(`/calls/${dead.id}/repost`, { csrf: client.csrf(confirm.text)! });
    expect([done.status, done.location]).toEqual([303, `/console/calls/${dead.id}?done=repost`]);
    const queued = (await app.store.get(dead.id))!;
    expect(queued.status).toBe('queued');
    expect(queued.steps['post-slack']).toBeUndefined();
    expect(queued.steps.transcribe?.status).toBe('succeeded');
    await app.settle();
    expect((await app.store.get(dead.id))!.status).toBe('succeeded');
    expect(app.sandbox.fakes.slack.messages.length).toBe(before + 1);
  });

  it('cancels an appointment after a confirmation: the customer is notified', async () => {
    const appointment = await app.book({}, 5);
    const sms = app.sandbox.fakes.twilio.messages.length;
    const confirm = await client.get(`/appointments/${appointment.id}/cancel`);
    expect(confirm.text).toContain('This cannot be undone.');
    const done = await client.post(`/appointments/${appointment.id}/cancel`, { csrf: client.csrf(confirm.text)! });
    expect([done.status, done.location]).toEqual([303, `/console/appointments/${appointment.id}?done=cancel`]);
    await app.settle();
    expect((await app.appointments.getAppointment(appointment.id))!.status).toBe('cancelled');
    expect(app.sandbox.fakes.twilio.messages.length).toBe(sms + 1);
    const page = await client.get(`/appointments/${appointment.id}?done=cancel`);
    expect(page.text).toContain('The appointment was cancelled');
    expect(page.text).not.toContain(`/appointments/${appointment.id}/cancel"`);
    expect((await client.get(`/appointments/${appointment.id}/cancel`)).status).toBe(409);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppointmentPipeline, createCallPipeline, createWorker } from '@callwire/core';
import { createMemoryStore, createSandbox, sampleJson, slackMessageText, type Sandbox } from '@callwire/core/testing';


describe('createSandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox({ slackRoutes: ['Sales'] });
  });
  afterAll(() => sandbox.close());

  it('runs both pipelines end to end through the real SDKs against the local fakes', async () => {
    const store = createMemoryStore();
    const calls = createCallPipeline({
      store,
      recordings: sandbox.recordings,
      transcriber: sandbox.transcriber,
      notifier: sandbox.notifier,
      supportNumbers: ['09631084471'],
      agents: [{ name: 'Asha Verma', slackUserId: 'U04ASHA123', department: 'Customer Success' }],
      timeZone: 'Asia/Kolkata',
    });
    const appointments = createAppointmentPipeline({
      store,
      timeZone: 'America/Los_Angeles',
      calendar: sandbox.calendar,
      sms: sandbox.sms,
      mailer: sandbox.mailer,
      clock: () => Date.parse('2026-11-23T18:00:00Z'),
    });
    // The fixture's recording URL names recordings.exotel.com: the sandbox serves it from the fake Exotel.
    expect((await calls.receive(sampleJson('zapierCall'), 'zapier')).created).toBe(true);
    expect((await appointments.book(sampleJson('appointmentFlat'))).status).toBe('success');
    await createWorker({ pipelines: [calls, appointments] }).drain();

    const { slack, exotel, assemblyai, google, twilio, smtp } = sandbox.fakes;
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.path).toBe('/services/TSANDBOX/BSANDBOX/default');
    const text = slackMessageText(slack.messages[0]!);
    expect(text).toContain('📞 Support Number:\n09631084471');
    expect(text).toContain('<@U04ASHA123> (Asha Verma)');
    expect(text).toContain('Customer: Hi, I placed an order last week');
    expect(exotel.requests.some((r) => r.path === '/exotelrecordings/acme1/c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90.mp3' && r.headers.authorization?.toString().startsWith('Basic '))).toBe(true);
    expect(assemblyai.requests.some((r) => r.path === '/v2/upload')).toBe(true);
    expect(google.events().map((e) => e.start.dateTime)).toEqual(['2026-11-24T23:00:00.000Z']);
    expect(twilio.messages.map((m) => m.to)).toEqual(['+14155550123']);
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['jordan.lee@example.com']]);
    expect(smtp.messages[0]!.text).toContain('Jordan');
  });

  it('routes Slack messages by route name to their own fake webhook URL', () => {
    expect(sandbox.slackUrl('Sales')).toBe(`${sandbox.fakes.slackServer.url}/services/TSANDBOX/BSANDBOX/Sales`);
  });
});

describe('createSandbox({ slackNotifier: \'web-api\' })', () => {
  it('posts through slackWebApiNotifier to the Web API fake, by route channel, with metadata', async () => {
    const sandbox = await createSandbox({ slackRoutes: ['Sales'], slackNotifier: 'web-api' });
    try {
      const store = createMemoryStore();
      const calls = createCallPipeline({ store, recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier, supportNumbers: ['09631084471'] });
      expect((await calls.receive({ ...(sampleJson('zapierCall') as Record<string, unknown>), department: 'Sales' }, 'zapier')).created).toBe(true);
      await createWorker({ pipelines: [calls] }).drain();
      const { slack, slackWebApi } = sandbox.fakes;
      expect(slack.messages).toHaveLength(0);
      expect(slackWebApi.messages).toHaveLength(1);
      expect(slackWebApi.messages[0]).toMatchObject({ channel: sandbox.slackChannel('Sales'), metadata: { event_type: 'callwire_call_minutes', event_payload: { call_id: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90', part: 1, parts: 1 } } });
      expect(sandbox.slackChannel()).not.toBe(sandbox.slackChannel('Sales'));
    } finally {
      await sandbox.close();
    }
  });
});

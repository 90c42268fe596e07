import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleJson, samplePayloads, slackMessageText } from '@callwire/core/testing';
import { demoDeliveries, nextWeekdayAt3pm } from '../demo/fixtures.js';
import { startSandboxServer, type SandboxServer } from '../demo/sandbox-server.js';
import { post, waitFor } from '../demo/send.js';

const json = 'application/json';

describe('examples/express-server in sandbox mode', () => {
  let server: SandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer();
  });
  afterAll(() => server.close());

  it('keeps the Zapier contract: 200 { success, message, call_id }, a repeat is a duplicate, no call_id is 422', async () => {
    const zapier = samplePayloads.zapierCall.body;
    const first = await post(server.url, '/webhook/zapier', zapier, json);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ success: true, call_id: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90' });
    expect(first.json.message).toEqual(expect.any(String));
    const again = await post(server.url, '/webhook/zapier', zapier, json);
    expect(again.status).toBe(200);
    expect(again.json.message).toMatch(/duplicate/i);
    const { call_id: _dropped, ...noId } = JSON.parse(zapier) as Record<string, unknown>;
    const missing = await post(server.url, '/webhook/zapier', JSON.stringify(noId), json);
    expect(missing.status).toBe(422);
  });

  it('refuses an invalid booking on POST /webhook with 422 naming each bad field', async () => {
    const flat = sampleJson('appointmentFlat');
    for (const [field, bad] of [['caller', '12'], ['email', 'not-an-email'], ['callback_time', 'next tuesday-ish']] as const) {
      const response = await post(server.url, '/webhook', JSON.stringify({ ...flat, [field]: bad }), json);
      expect(response.status, field).toBe(422);
      expect(JSON.stringify(response.json.issues), field).toContain(field);
    }
  });

  it('delivers the demo fixtures to every destination exactly once', async () => {
    const slot = nextWeekdayAt3pm(Date.now(), server.config.appointments.timeZone);
    const answers = [];
    for (const d of demoDeliveries(slot).slice(1, 4)) {
      answers.push(await post(server.url, d.path, d.body, d.type, d.signed ? server.elevenLabsSecret : undefined));
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[1]!.json.status).toBe('success');
    expect(answers[2]!.json.status).toBe('duplicate'); // the post-call webhook of the slot the tool call booked

    const { slack, twilio, smtp, google } = server.fakes;
    await waitFor(async () => {
      const { byStatus } = await server.store.stats();
      return byStatus.queued + byStatus.running + byStatus.waiting + byStatus.failed === 0 && slack.messages.length === 2 && smtp.messages.length === 1;
    }, 20_000, 'the jobs');

    const zapier = slack.messages.filter((m) => slackMessageText(m).includes('c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90'));
    expect(zapier).toHaveLength(1);
    expect(zapier[0]!.path).toBe('/services/TSANDBOX/BSANDBOX/Customer%20Success');
    const labels = slackMessageText(zapier[0]!).split('\n').filter((line) => /^\p{Extended_Pictographic}/u.test(line));
    expect(labels).toEqual(['📞 Support Number:', '📱 Candidate/Customer Number:', '❗ Concern:', '👤 CS Agent:', '🏢 Department:', '⏰ Timestamp:', '📋 Call Metadata:', '📝 Full Transcription:', '🎧 Recording/Voice Note:']);
    expect(slackMessageText(zapier[0]!)).toContain('<@U04ASHA123> (Asha Verma)');
    const exotel = slack.messages.find((m) => m !== zapier[0]);
    expect(exotel!.path).toBe('/services/TSANDBOX/BSANDBOX/Sales');
    expect(slackMessageText(exotel!)).toContain('• Direction: outgoing');

    expect(google.events()).toHaveLength(1);
    expect(new Date(google.events()[0]!.start.dateTime).getTime()).toBe(Date.parse(slot));
    expect(twilio.messages.map((m) => m.to)).toEqual(['+14155550123']);
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['jordan.lee@example.com']]);
    expect(smtp.messages[0]!.text).toContain('confirmed');
    expect((await server.store.stats()).byStatus.dead).toBe(0);
  });

  it('reports every pipeline service on /health', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { status: string; database: string; services: Record<string, unknown> };
    expect(health.status).toBe('healthy');
    expect(health.database).toBe('connected');
    expect(health.services).toEqual({
      exotel: 'configured', 'exotel-call-details': 'configured', assemblyai: 'configured', slack: 'configured',
      calendar: 'configured', sms: 'configured', email: 'configured', elevenlabs: 'configured',
    });
  });
});

import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { demoDeliveries, nextWeekdayAt3pm } from '../demo/fixtures.js';
import { startSandboxServer, type SandboxServer } from '../demo/sandbox-server.js';
import { post, waitFor } from '../demo/send.js';
import { readConfig } from '../src/config.js';

/** Books the demo's tool call and returns the confirmation e-mail, its invitation's organizer and the text message. */
async function bookOne(server: SandboxServer) {
  const slot = nextWeekdayAt3pm(Date.now(), server.config.appointments.timeZone);
  const tool = demoDeliveries(slot)[2]!;
  expect((await post(server.url, tool.path, tool.body, tool.type)).json.status).toBe('success');
  const { smtp, twilio } = server.fakes;
  await waitFor(async () => smtp.messages.length === 1 && twilio.messages.length === 1, 20_000, 'the confirmations');
  const mail = smtp.messages[0]!;
  const event = new ICAL.Component(ICAL.parse(mail.calendars[0]!.content)).getFirstSubcomponent('vevent')!;
  const organizer = event.getFirstProperty('organizer')!;
  return { mail, organizer: { email: String(organizer.getFirstValue()).replace(/^mailto:/i, ''), name: organizer.getParameter('cn') }, sms: twilio.messages[0]!.body };
}

describe('examples/express-server: the invitation names the configured sender', () => {
  it('SMTP_FROM and BUSINESS_NAME: the organizer is the sender of the e-mail, and the business is named everywhere', async () => {
    const server = await startSandboxServer({ SMTP_FROM: 'Bright Smiles <frontdesk@brightsmiles.example>', BUSINESS_NAME: 'Bright Smiles Dental' });
    try {
      const { mail, organizer, sms } = await bookOne(server);
      expect(mail.envelope.from).toBe('frontdesk@brightsmiles.example');
      expect(mail.headers.from).toContain('frontdesk@brightsmiles.example');
      expect(organizer).toEqual({ email: 'frontdesk@brightsmiles.example', name: 'Bright Smiles Dental' });
      expect(sms).toContain('Bright Smiles Dental');
      for (const text of [mail.raw, sms]) expect(text.toLowerCase()).not.toContain('acme');
    } finally {
      await server.close();
    }
  });

  it('without them (sandbox): the organizer is still the sender, never a domain of ours', async () => {
    const server = await startSandboxServer();
    try {
      const { mail, organizer } = await bookOne(server);
      expect(organizer.email).toBe(mail.envelope.from);
      expect(mail.raw.toLowerCase()).not.toContain('acme');
    } finally {
      await server.close();
    }
  });

  it('SMTP_URL needs SMTP_FROM, and SMTP_FROM must be an address', () => {
    expect(() => readConfig({ SMTP_URL: 'smtp://mail.example:587' })).toThrow(/set SMTP_FROM too/);
    expect(() => readConfig({ SMTP_FROM: 'Bright Smiles' })).toThrow(/SMTP_FROM must be an e-mail address/);
    expect(readConfig({ SMTP_FROM: 'desk@brightsmiles.example' }).appointments).toMatchObject({ sender: { email: 'desk@brightsmiles.example' }, businessName: undefined });
    expect(readConfig({ SMTP_FROM: '"Bright, Smiles" <desk@brightsmiles.example>' }).appointments.sender).toEqual({ email: 'desk@brightsmiles.example', name: 'Bright, Smiles' });
  });
});

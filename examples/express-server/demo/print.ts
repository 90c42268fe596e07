import { slackMessageText, type SandboxFakes } from '@callwire/core/testing';

const rule = (title: string) => `\n━━ ${title} ${'━'.repeat(Math.max(4, 76 - title.length))}`;
const indent = (text: string) => text.replace(/\r\n/g, '\n').trimEnd().split('\n').map((line) => `  ${line}`).join('\n');

/** What reached each fake destination, as a person would see it there. */
export function printDestinations(fakes: SandboxFakes, timeZone: string): void {
  for (const message of fakes.slack.messages) {
    const route = decodeURIComponent(message.path.split('/').pop() ?? '');
    console.log(rule(`Slack — incoming webhook "${route}"`));
    console.log(indent(slackMessageText(message)));
  }
  for (const sms of fakes.twilio.messages) {
    console.log(rule(`SMS (Twilio) — from ${sms.from} to ${sms.to}`));
    console.log(indent(sms.body));
  }
  for (const mail of fakes.smtp.messages) {
    console.log(rule(`E-mail (SMTP) — to ${mail.envelope.to.join(', ')}`));
    console.log(indent(`Subject: ${mail.subject}\n\n${mail.text ?? '(no text part)'}`));
    const invites = [...new Set(mail.calendars.map((c) => `${c.filename ?? 'invite.ics'}${c.method ? ` (METHOD:${c.method})` : ''}`))];
    if (invites.length > 0) console.log(indent(`[calendar invitation: ${invites[0]}]`));
  }
  for (const event of fakes.google.events()) {
    const when = (iso: string) => new Date(iso).toLocaleString('en-US', { timeZone, dateStyle: 'full', timeStyle: 'short' });
    console.log(rule(`Google Calendar — ${event.calendarId}`));
    console.log(indent([`${event.summary ?? '(no title)'}`, `${when(event.start.dateTime)} – ${when(event.end.dateTime)} (${timeZone})`, `status: ${event.status}, id: ${event.id}`, '', event.description ?? ''].join('\n')));
  }
}

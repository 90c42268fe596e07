/**
 * The Quick start demo (`pnpm demo` at the root): starts the example server in sandbox mode, sends
 * the fixtures of existing users — a Zapier call, an Exotel StatusCallback, an ElevenLabs tool call,
 * a signed ElevenLabs post-call webhook and one duplicate delivery — waits for the jobs, and prints
 * what reached each destination. Exits 1 when anything is missing or arrived twice.
 */
import { demoDeliveries, fixtureSlot, nextWeekdayAt3pm } from './fixtures.js';
import { printDestinations } from './print.js';
import { startSandboxServer } from './sandbox-server.js';
import { post, waitFor } from './send.js';

const started = Date.now();
const expected = { slack: 2, sms: 1, email: 1, calendar: 1 };
const server = await startSandboxServer();
const zone = server.config.appointments.timeZone;
let failed = false;
try {
  console.log(`callwire demo — examples/express-server in sandbox mode at ${server.url}`);
  for (const line of server.providers.summary) console.log(`  ${line}`);
  const slot = nextWeekdayAt3pm(Date.now(), zone);
  console.log(`  The fixtures book ${fixtureSlot}; the demo moves that to ${slot} (the next weekday, same local time) so it is in the future.\n`);

  for (const delivery of demoDeliveries(slot)) {
    const { status, json } = await post(server.url, delivery.path, delivery.body, delivery.type, delivery.signed ? server.elevenLabsSecret : undefined);
    const answer = typeof json.message === 'string' ? `${json.status ?? ''} ${json.message}`.trim() : String(json.status);
    console.log(`→ ${delivery.label.padEnd(30)} POST ${delivery.path.padEnd(19)} ${status} ${answer}`);
    if (status !== 200) failed = true;
  }

  const { fakes } = server;
  const counts = () => ({ slack: fakes.slack.messages.length, sms: fakes.twilio.messages.length, email: fakes.smtp.messages.length, calendar: fakes.google.events().length });
  process.stdout.write('\nWaiting for the worker… ');
  await waitFor(async () => {
    const { byStatus } = await server.store.stats();
    return byStatus.queued + byStatus.running + byStatus.waiting + byStatus.failed === 0 && JSON.stringify(counts()) === JSON.stringify(expected);
  }, 30_000, 'the jobs to finish').catch((error: Error) => {
    failed = true;
    console.log(error.message);
  });
  const stats = await server.store.stats();
  console.log(`done: ${stats.byStatus.succeeded} jobs succeeded, ${stats.byStatus.dead} dead.`);

  printDestinations(fakes, zone);

  const got = counts();
  if (stats.byStatus.dead > 0 || JSON.stringify(got) !== JSON.stringify(expected)) failed = true;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${failed ? '✗ FAILED' : '✓ OK'}: 5 webhooks → ${stats.total} jobs (2 duplicates recognised); Slack ${got.slack}/${expected.slack} messages, ` +
      `calendar ${got.calendar}/${expected.calendar} event, SMS ${got.sms}/${expected.sms}, e-mail ${got.email}/${expected.email}; ${stats.byStatus.dead} dead; ${seconds} s.`,
  );
} finally {
  await server.close();
}
process.exit(failed ? 1 : 0);

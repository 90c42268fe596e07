/**
 * Finding 4 of the hardening issue: control characters reaching outputs. A bare CR in a booking summary
 * forged a second VEVENT in the mailed `.ics` (for clients that read a lone CR as a line end, as many
 * do); a right-to-left override or zero-width characters in a caller number were stored and posted to
 * Slack raw. Every generated `.ics` is parsed with a real iCalendar parser (ical.js); the Slack,
 * e-mail, SMS and console outputs are checked for any C0/C1, bidi or zero-width character.
 */
import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, type CallMinutes } from '@callwire/core';
import { samplePayloads } from '@callwire/core/testing';
import { formatMinutesForSlack } from '../../src/providers/slack/format-minutes.js';
import { buildIcs } from '../../src/appointment/ics.js';
import { defaultTemplates } from '../../src/appointment/templates.js';
import { startFuzzTarget, type FuzzTarget } from './fuzz-setup.js';

const SEED = 20_261_204;
const RUNS = Number(process.env.CALLWIRE_FUZZ_RUNS ?? 300);
/** What no output may carry: C0/C1 (but LF), lone CR, bidi controls, invisible characters, joiners next to ASCII. */
const forbidden = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|(?<![^\u0000-\u007F])[\u200C\u200D]|[\u200C\u200D](?![^\u0000-\u007F])/;

const tally = { ics: 0, slack: 0, html: 0, intake: 0 };

const injections = fc.constantFrom(
  '\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:forged\rDTSTART:20270101T000000Z\r',
  '\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:forged\n',
  '\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n',
  '\u2028END:VEVENT\u2029BEGIN:VEVENT',
  '\u0085END:VEVENT\u0085BEGIN:VEVENT',
  '"; ROLE=CHAIR:mailto:evil@x.test',
  '\u202E1234\u202C',
  '\u200B\u200D\uFEFF',
  '\u0000\u0007\u001B[31m',
  '\\,;:',
);
/** Any text, with injections spliced in. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.tuple(fc.string({ maxLength: 20 }), injections, fc.string({ unit: 'grapheme', maxLength: 20 })).map((parts) => parts.join('')),
  fc.array(injections, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('x')),
);

/** A lenient client's reading: a lone CR (or NEL, LS, PS) ends a line as a CRLF does. */
const asLenientClient = (ics: string) => ics.replace(/\r(?!\n)|[\u0085\u2028\u2029]/g, '\r\n');

function vevents(ics: string): ICAL.Component[] {
  return new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent');
}

describe('finding 4: control characters never reach an output', () => {
  it('every generated .ics parses (ical.js) to exactly one VEVENT, for any name, summary or transcript', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.constantFrom('REQUEST', 'CANCEL') as fc.Arbitrary<'REQUEST' | 'CANCEL'>, (name, summary, transcript, method) => {
        tally.ics++;
        const ics = buildIcs({
          uid: 'abc@callwire',
          method,
          sequence: 1,
          start: '2026-11-24T23:00:00.000Z',
          end: '2026-11-24T23:30:00.000Z',
          stamp: Date.parse('2026-11-23T18:00:00Z'),
          summary: `Acme: ${summary}`,
          description: `${summary}\n${transcript}`,
          organizer: { email: 'desk@acme.test', name: 'Acme' },
          attendee: { email: 'jordan@example.com', name },
        });
        expect(ics.replace(/\r\n/g, '')).not.toMatch(forbidden);
        for (const text of [ics, asLenientClient(ics)]) {
          const events = vevents(text);
          expect(events).toHaveLength(1);
          expect(events[0]!.getFirstPropertyValue('uid')).toBe('abc@callwire');
          expect(events[0]!.getAllProperties('attendee')).toHaveLength(1);
          expect(events[0]!.getFirstPropertyValue('dtstart')?.toString()).toBe('2026-11-24T23:00:00Z');
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('Slack minutes carry no control, bidi or zero-width character, whatever the payload held', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (number, name, line) => {
        tally.slack++;
        const minutes: CallMinutes = {
          callId: 'c1',
          direction: 'incoming',
          supportNumber: '+919631084471',
          customerNumber: `+91${number}98765`,
          concern: name,
          agent: { name },
          department: name,
          customerSegment: number,
          timeZone: 'Asia/Kolkata',
          status: name,
          missed: false,
          recording: 'transcribed',
          lines: [{ speaker: name, text: line }],
        };
        const texts = formatMinutesForSlack(minutes).flatMap((message) => [message.text, ...message.blocks.map((block) => JSON.stringify(block))]);
        // escapeCode's own zero-width spaces between backticks are the one allowed exception.
        for (const text of texts) expect(text.replace(/`\u200b/g, '`')).not.toMatch(forbidden);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('e-mail HTML and console HTML carry none either', () => {
    fc.assert(
      fc.property(hostile, hostile, (name, summary) => {
        tally.html++;
        const context = { kind: 'booked' as const, appointmentId: 'a1', businessName: 'Acme', customerName: name, when: 'Tuesday', start: '', end: '', timeZone: 'UTC', summary };
        const mail = defaultTemplates.email(context);
        // The default templates escape through escapeHtml (as the console does); the notification steps clean what any template returns.
        expect(escapeHtml(`${name}${summary}`)).not.toMatch(forbidden);
        expect(mail.html).not.toMatch(forbidden);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('finding 4 at intake: numbers and names are stored clean', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await startFuzzTarget();
  }, 60_000);
  afterAll(async () => {
    await target?.close();
    console.log(`control characters: ${tally.ics} .ics, ${tally.slack} Slack, ${tally.html} e-mail/console renderings attacked; ${tally.intake} intake attacks; every one clean`);
  });

  it('a caller number with a right-to-left override or zero-width characters is stored without them', async () => {
    const attacks = ['+91\u202E98765\u202C43210', '+91\u200B9876\u200D543210', '\uFEFF+919876543210', '+91\u2066987654\u206943210'];
    for (const [index, from] of attacks.entries()) {
      tally.intake++;
      const body = { ...(JSON.parse(samplePayloads.zapierCall.body) as Record<string, unknown>), call_id: `bidi-${index}`, from_number: from, agent_name: `Ra\u202Evi\u0007` };
      const response = await target.handler(new Request('http://callwire.test/webhook/zapier', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
      expect(response.status).toBeLessThan(300);
      const job = await target.store.getByKey('calls', `bidi-${index}`);
      expect(JSON.stringify(job!.input)).not.toMatch(/\\u202[a-e]|\\u200[bd]|\\ufeff|\\u206[69]|\\u0007|[\u202A-\u202E\u200B\u200D\uFEFF\u2066\u2069\u0007]/i);
    }
  });
});

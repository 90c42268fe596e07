/**
 * Intake reads the call fields of a delivery without their zod schemas when it can (quick-fields.ts), and
 * text without anything to clean is returned as it is (cleanText). Both are shortcuts: these properties hold
 * them to the rules they stand in for, on any value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplePayloads } from '@callwire/core/testing';
import { callFieldAliases, pickCallFields, type CallField } from '../../src/call/intake/fields.js';
import { fieldSchemas } from '../../src/call/intake/field-schemas.js';
import { quickFields, undecided } from '../../src/call/intake/quick-fields.js';
import { cleanText } from '../../src/text/clean.js';

const SEED = 20_261_130;

/** cleanText's rules, one replace each, as it applied them to every text before its shortcut. */
function cleanTextByRules(text: string, newlines: boolean): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/\n/g, newlines ? '\n' : ' ')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\u180E\u200B\u2060-\u2064\uFEFF]/g, '')
    .replace(/(?<![^\u0000-\u007F])[\u200C\u200D]|[\u200C\u200D](?![^\u0000-\u007F])/g, '');
}

const texts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('a', '1', ' ', '\t', '\r', '\n', '\u0085', '\u200C', '\u200D', '\u202E', '\u2065', '\uFEFF', '\uD83D', '\uDE00', 'क', '्'), maxLength: 20 }),
);

const values = fc.oneof(
  texts,
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    ' 187 ', '12.5', '12.', '-3', '1e3', 'COMPLETED', ' Inbound ', '2026-11-20 15:10:02', '+91 98765 43210', '', '   ', '..', 'a b',
    'https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3', ' http://example.com/x ', 'ftp://example.com/x', 'https://', 'https://a b',
    'https://exa\u200Bmple.com/\u202Ex', 'x'.repeat(41), 'x'.repeat(2_049), 9_007_199_254_740_993, Number.NaN, Number.POSITIVE_INFINITY,
  ),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ nested: true }),
  fc.constant(['a']),
);

describe('intake shortcuts', () => {
  it('cleanText gives what its rules give, for any text', () => {
    fc.assert(
      fc.property(texts, fc.boolean(), (text, newlines) => {
        expect(cleanText(text, { newlines })).toBe(cleanTextByRules(text, newlines));
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it('each quick field reader gives its schema\'s result or leaves the value to the schema', () => {
    const fields = Object.keys(callFieldAliases) as CallField[];
    fc.assert(
      fc.property(fc.constantFrom(...fields), values, (field, value) => {
        const quick = quickFields[field](value);
        if (quick === undecided) return;
        const schema = fieldSchemas[field].safeParse(value);
        expect(schema.success, `${field} ${JSON.stringify(value)}`).toBe(true);
        expect(quick).toEqual(schema.data);
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('reads URL-like texts as the recording URL schemas do', () => {
    const piece = fc.constantFrom(
      'http', 'https', 'HTTPS', 'ftp', ':', '//', '/', '\\', '.', '..', '-', '@', ':80', ':443', ':65535', ':99999', ':0', 'xn--', 'xn--zz', 'xn--80ak6aa92e',
      'a', 'Z', 'exotel', 'com', '0', '1', '255', '256', '999', '0x1f', '0X', '%', '%2e', '%zz', '?', '#', '&', '=', ' ', '\t', '~', '[', ']', '::1', 'é', '\u200B',
    );
    const urlish = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.tuple(fc.constantFrom('http://', 'https://', 'HTTP://'), fc.array(piece, { maxLength: 10 })).map(([scheme, parts]) => scheme + parts.join('')),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
    );
    fc.assert(
      fc.property(fc.constantFrom('recordingUrl' as const, 'presignedRecordingUrl' as const), urlish, (field, value) => {
        const quick = quickFields[field](value);
        const schema = fieldSchemas[field].safeParse(value);
        if (quick === undecided) return;
        expect(schema.success, `${field} ${JSON.stringify(value)}`).toBe(true);
        expect(quick, `${field} ${JSON.stringify(value)}`).toEqual(schema.data);
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('decides every field of the sample deliveries without the schemas', () => {
    const zapier = JSON.parse(samplePayloads.zapierCall.body) as Record<string, unknown>;
    const passthru = Object.fromEntries(new URLSearchParams(samplePayloads.exotelPassthru.body));
    for (const body of [zapier, passthru]) {
      for (const [field, { value }] of Object.entries(pickCallFields(body)) as [CallField, { value: unknown }][]) {
        expect(quickFields[field](value), field).not.toBe(undecided);
      }
    }
  });
});

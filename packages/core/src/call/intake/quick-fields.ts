import { cleanText } from '../../text/clean.js';
import { identifierProblem } from '../../text/identifier.js';
import { presignedRecordingUrlCheck, recordingUrlCheck, type ParsedCallFields } from './field-schemas.js';
import type { CallField } from './fields.js';

/** What a quick reader answers when it cannot decide: the field's schema reads the value (and words any refusal). */
export const undecided: unique symbol = Symbol('undecided');

type QuickReader<K extends CallField> = (value: unknown) => ParsedCallFields[K] | typeof undecided;

/** A string or finite number as `text` in field-schemas.ts reads it: cleaned to one line and trimmed. */
function line(value: unknown): string | undefined {
  if (typeof value === 'string') return cleanText(value, { newlines: false }).trim();
  if (typeof value === 'number' && Number.isFinite(value)) return cleanText(String(value), { newlines: false }).trim();
  return undefined;
}

/** A text field of at most `max` (at least `min`) characters. */
const bounded = (max: number, min = 0) => (value: unknown): string | typeof undecided => {
  const text = line(value);
  return text !== undefined && text.length >= min && text.length <= max ? text : undecided;
};

const seconds = /^\d+(\.\d+)?$/;

/**
 * Each call field read without its zod schema, for the values deliveries carry: one pass of plain checks per
 * field instead of a chain of schema calls. A reader gives the schema's result or {@link undecided}: the
 * schema then reads the value, so a refusal is always the schema's, word for word (field-schemas.ts).
 */
export const quickFields: { [K in CallField]: QuickReader<K> } = {
  callId(value) {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isSafeInteger(value))) return undecided;
    const id = String(value).trim();
    return identifierProblem(id) === undefined ? id : undecided;
  },
  from: bounded(40, 1),
  to: bounded(40, 1),
  duration(value) {
    const text = line(value);
    return text !== undefined && seconds.test(text) ? Math.round(Number(text)) : undecided;
  },
  recordingUrl: url(recordingUrlCheck),
  presignedRecordingUrl: url(presignedRecordingUrlCheck, true),
  startedAt: bounded(64),
  status: lowerCase(100),
  direction: lowerCase(40),
  exophone: bounded(40),
  agentName: bounded(200),
  agentSlackHandle: bounded(100),
  agentEmail: bounded(320),
  agentPhone: bounded(40),
  department: bounded(200),
  customerSegment: bounded(200),
  customField: bounded(1_000),
};

function lowerCase(max: number) {
  const read = bounded(max);
  return (value: unknown) => {
    const text = read(value);
    return text === undecided ? text : text.toLowerCase();
  };
}

/**
 * URLs the WHATWG parser always accepts and `z.url()` returns unchanged: `http(s)://`, a host of ASCII labels whose last
 * one starts with a letter (so it is not read as an IPv4 address) and no `xn--` label (punycode that could be
 * invalid), an optional port under 10 000, then printable ASCII without spaces. Anything else goes to the check.
 */
const plainHttpUrl = /^https?:\/\/(?![^/?#]*xn--)(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*\.?(?::\d{1,4})?(?:[/?#][\x21-\x7e]*)?$/i;
const plainHttpsUrl = /^https:\/\//i;

function url(check: typeof recordingUrlCheck, httpsOnly = false) {
  const read = bounded(2_048);
  return (value: unknown): string | typeof undecided => {
    const text = read(value);
    if (text === undecided) return text;
    if (plainHttpUrl.test(text) && (!httpsOnly || plainHttpsUrl.test(text))) return text;
    const result = check.safeParse(text);
    return result.success ? result.data : undecided;
  };
}

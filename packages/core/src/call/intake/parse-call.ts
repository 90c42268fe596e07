import { CallwireError, type FieldIssue } from '../../errors.js';
import { toE164, type CountryCode } from '../../phone.js';
import { parseCallTime } from '../../time/parse.js';
import type { CallDirection, CallInput, CallSource } from '../types.js';
import { fieldSchemas, type ParsedCallFields } from './field-schemas.js';
import { quickFields, undecided } from './quick-fields.js';
import { callFieldAliases, legStatus, missingFieldPath, parseCustomField, pickCallFields, type CallField } from './fields.js';

/** Options of {@link parseCallPayload}. */
export interface ParseCallOptions {
  /** Which webhook the body came from (decides the required fields and the aliases). */
  source: CallSource;
  /** Region for national numbers (default `IN`). */
  defaultRegion?: CountryCode | undefined;
  /** The zone of Exotel's zone-less times such as `2026-11-20 15:10:02` (default `Asia/Kolkata`). */
  providerTimeZone?: string | undefined;
}

/**
 * The fields a delivery must carry. Zapier zaps and call listings always send the numbers; Exotel's
 * default StatusCallback sends only `CallSid`, `Status`, `RecordingUrl` and `DateUpdated` (From, To and
 * Direction only with `StatusCallbackEvents` subscribed: https://developer.exotel.com/api/statuscallback),
 * so an Exotel delivery needs only its call id and the job fills the rest from Exotel's Call Details.
 */
function requiredFields(source: CallSource): CallField[] {
  return source === 'exotel-passthru' || source === 'exotel-status-callback' ? ['callId'] : ['callId', 'from', 'to'];
}

/** Exotel's `Direction` values (Call Details, StatusCallback, Passthru). */
const providerDirections = new Set(['inbound', 'incoming', 'outbound-dial', 'outbound-api']);

/**
 * Reads a call webhook body — Zapier's JSON, Exotel's Passthru query, or Exotel's StatusCallback
 * (form or JSON, with `Legs[0][Status]` keys) — into a {@link CallInput}. Field names are matched
 * by alias (`call_id`/`CallSid`/`Sid`, `from_number`/`From`/`CallFrom`, …); numbers may be strings.
 * Zapier payloads must carry both numbers; an Exotel delivery needs only its `CallSid` (its default
 * StatusCallback sends no numbers), and `from`/`to` are then absent.
 * Throws `CallwireError('invalid_payload')` listing every bad field by the name it had in the payload.
 *
 * @example
 * ```ts
 * const call = parseCallPayload(await request.json(), { source: 'zapier' });
 * call.callId; // 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90'
 * ```
 */
export function parseCallPayload(body: unknown, options: ParseCallOptions): CallInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new CallwireError('invalid_payload', 'The call payload must be a JSON object, a form or a query string.', {
      issues: [{ path: '', message: 'expected an object' }],
    });
  }
  const record = body as Record<string, unknown>;
  const picked = pickCallFields(record);
  const issues: FieldIssue[] = [];
  const values: ParsedCallFields = {};
  for (const field of requiredFields(options.source)) if (!picked[field]) issues.push({ path: missingFieldPath(field), message: `is required (${aliasHint(field)})` });
  for (const key in picked) {
    const field = key as CallField;
    const entry = picked[field]!;
    const quick = quickFields[field](entry.value);
    if (quick !== undecided) {
      (values as Record<string, unknown>)[field] = quick;
      continue;
    }
    const result = fieldSchemas[field].safeParse(entry.value);
    if (result.success) (values as Record<string, unknown>)[field] = result.data;
    else issues.push(...result.error.issues.map((issue) => ({ path: entry.path, message: issue.message })));
  }
  const region = options.defaultRegion ?? 'IN';
  for (const field of ['from', 'to'] as const) {
    const value = values[field];
    if (value !== undefined && !toE164(value, region)) issues.push({ path: picked[field]!.path, message: 'is not a phone number' });
  }
  if (issues.length > 0) {
    throw new CallwireError('invalid_payload', `Invalid call payload: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, { issues });
  }
  return toCallInput(values, record, options);
}

const noCustomFields: Readonly<Record<string, string>> = Object.freeze({});

function toCallInput(values: ParsedCallFields, record: Record<string, unknown>, options: ParseCallOptions): CallInput {
  const custom = values.customField === undefined ? noCustomFields : parseCustomField(values.customField);
  const agentRef = custom.agent;
  const agent = compact({
    name: values.agentName ?? custom.agent_name ?? (agentRef && !agentRef.includes('@') && !/\d{6}/.test(agentRef) ? agentRef : undefined),
    slackHandle: values.agentSlackHandle ?? custom.slack,
    email: values.agentEmail ?? custom.agent_email ?? (agentRef?.includes('@') ? agentRef : undefined),
    phone: values.agentPhone ?? custom.agent_phone ?? (agentRef && /\d{6}/.test(agentRef) && !agentRef.includes('@') ? agentRef : undefined),
  });
  const startedAt = values.startedAt ? parseCallTime(values.startedAt, options.providerTimeZone ?? 'Asia/Kolkata') : undefined;
  return compact({
    callId: values.callId!,
    source: options.source,
    from: values.from,
    to: values.to,
    exophone: values.exophone && toE164(values.exophone, options.defaultRegion ?? 'IN') ? values.exophone : undefined,
    providerDirection: values.direction && providerDirections.has(values.direction) ? values.direction : undefined,
    durationSeconds: values.duration,
    recordingUrl: values.recordingUrl,
    presignedRecordingUrl: values.presignedRecordingUrl,
    startedAt,
    status: values.status ?? legStatus(record),
    directionHint: directionOf(values.direction),
    agent: Object.keys(agent).length > 0 ? agent : undefined,
    department: values.department ?? custom.department,
    customerSegment: values.customerSegment ?? custom.segment ?? custom.customer_segment,
  }) as CallInput;
}

function directionOf(raw: string | undefined): CallDirection | undefined {
  if (!raw) return undefined;
  if (raw.startsWith('in')) return 'incoming';
  if (raw.startsWith('out')) return 'outgoing';
  return undefined;
}

function aliasHint(field: CallField): string {
  return `send it as ${callFieldAliases[field].slice(0, 3).join(', ')}`;
}

function compact<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}

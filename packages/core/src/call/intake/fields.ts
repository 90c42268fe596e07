/**
 * Field aliases of call payloads: the names Zapier zaps send, and the Exotel names users map instead.
 * The first present, non-empty alias wins.
 */
export const callFieldAliases = {
  callId: ['call_id', 'CallSid', 'Sid', 'callSid', 'call_sid'],
  from: ['from_number', 'From', 'CallFrom', 'from'],
  to: ['to_number', 'To', 'CallTo', 'to'],
  duration: ['duration', 'DialCallDuration', 'ConversationDuration', 'Duration', 'conversation_duration'],
  recordingUrl: ['recording_url', 'RecordingUrl', 'recordingUrl'],
  presignedRecordingUrl: ['PreSignedRecordingUrl', 'presigned_recording_url'],
  startedAt: ['timestamp', 'StartTime', 'start_time', 'DateCreated'],
  status: ['status', 'Status', 'DialCallStatus', 'CallStatus', 'CallType'],
  direction: ['direction', 'Direction'],
  exophone: ['CallerId', 'PhoneNumberSid', 'caller_id', 'exophone'],
  agentName: ['agent_name', 'AgentName'],
  agentSlackHandle: ['agent_slack_handle', 'agent_slack_id'],
  agentEmail: ['agent_email', 'AgentEmail'],
  agentPhone: ['agent_phone', 'AgentPhone', 'DialWhomNumber'],
  department: ['department', 'Department'],
  customerSegment: ['customer_segment', 'CustomerSegment'],
  customField: ['CustomField', 'custom_field'],
} as const;

export type CallField = keyof typeof callFieldAliases;

/** A value picked from a payload, with the name it had there (for error paths). */
export interface PickedField {
  value: unknown;
  path: string;
}

const callFields = Object.keys(callFieldAliases) as CallField[];
/** Each alias's field (its index in `callFields`) and rank among the field's aliases, as `field * 8 + rank`. */
const aliasCodes = new Map<string, number>(callFields.flatMap((field, index) => callFieldAliases[field].map((alias, rank) => [alias, index * 8 + rank] as const)));
/** Past this many keys a body is read alias by alias instead of key by key. */
const scanLimit = 64;

const absent = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Picks each field by its aliases; empty strings and `null` count as absent. One pass over the body's keys
 * (a delivery carries a dozen) finds each field's first present alias, instead of looking up every alias.
 */
export function pickCallFields(body: Record<string, unknown>): Partial<Record<CallField, PickedField>> {
  const best: number[] = [];
  let keys = 0;
  for (const key in body) {
    if (++keys > scanLimit) return pickByAliases(body);
    const code = aliasCodes.get(key);
    if (code === undefined || absent(body[key])) continue;
    const field = code >> 3;
    if (best[field] === undefined || code < best[field]!) best[field] = code;
  }
  const picked: Partial<Record<CallField, PickedField>> = {};
  for (let index = 0; index < callFields.length; index++) {
    const code = best[index];
    if (code === undefined) continue;
    const field = callFields[index]!;
    const alias = callFieldAliases[field][code & 7]!;
    picked[field] = { value: body[alias], path: alias };
  }
  return picked;
}

/** {@link pickCallFields} by looking up every alias (for bodies with many keys). */
function pickByAliases(body: Record<string, unknown>): Partial<Record<CallField, PickedField>> {
  const picked: Partial<Record<CallField, PickedField>> = {};
  for (const field of callFields) {
    for (const alias of callFieldAliases[field]) {
      const value = body[alias];
      if (absent(value)) continue;
      picked[field] = { value, path: alias };
      break;
    }
  }
  return picked;
}

/** The name a missing field is reported under: its Zapier name, with the accepted aliases. */
export function missingFieldPath(field: CallField): string {
  return callFieldAliases[field][0];
}

/**
 * Reads Exotel's `CustomField` (`agent=ravi@acme.in;department=Sales`, `&`/`;`/`,` separated, or a
 * JSON object) into a record. Unknown text yields `{}`.
 *
 * @example
 * ```ts
 * parseCustomField('agent=ravi@acme.in;department=Sales'); // { agent: 'ravi@acme.in', department: 'Sales' }
 * ```
 */
export function parseCustomField(raw: unknown): Record<string, string> {
  if (typeof raw !== 'string') return {};
  const text = raw.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') {
        return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => [k, String(v)]));
      }
    } catch {
      return {};
    }
  }
  const entries: [string, string][] = [];
  for (const pair of text.split(/[&;,]/)) {
    const at = pair.indexOf('=');
    if (at > 0) entries.push([pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim()]);
  }
  return Object.fromEntries(entries);
}

/**
 * The status of an Exotel StatusCallback leg list (`Legs[0][Status]` flat keys, or a JSON `Legs`
 * array): `completed` when any leg completed, else the first leg's status.
 */
export function legStatus(body: Record<string, unknown>): string | undefined {
  const statuses: string[] = [];
  if (Array.isArray(body.Legs)) {
    for (const leg of body.Legs as unknown[]) {
      const status = (leg as { Status?: unknown } | null)?.Status;
      if (typeof status === 'string') statuses.push(status);
    }
  }
  for (const [key, value] of Object.entries(body)) {
    if (/^Legs\[\d+\]\[Status\]$/.test(key) && typeof value === 'string') statuses.push(value);
  }
  return statuses.includes('completed') ? 'completed' : statuses[0];
}

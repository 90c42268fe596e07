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

/** Picks each field by its aliases; empty strings and `null` count as absent. */
export function pickCallFields(body: Record<string, unknown>): Partial<Record<CallField, PickedField>> {
  const picked: Partial<Record<CallField, PickedField>> = {};
  for (const [field, aliases] of Object.entries(callFieldAliases) as [CallField, readonly string[]][]) {
    for (const alias of aliases) {
      const value = body[alias];
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
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

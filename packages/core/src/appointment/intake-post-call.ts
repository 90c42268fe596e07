import { CallwireError } from '../errors.js';
import { identifierProblem } from '../text/identifier.js';
import type { FieldPaths, RawBooking } from './validate.js';

/** The ids of the ElevenLabs data-collection items that carry the booking. */
export interface DataCollectionIds {
  /** Default `callback_time`. */
  time: string;
  /** Default `customer_name`. */
  name: string;
  /** Default `email`. */
  email: string;
  /** Default `intent`. */
  intent: string;
  /** A collected phone number, used when the call has no caller id (default `phone`). */
  phone: string;
  /** Default `timezone`. */
  timezone: string;
}

export const defaultDataCollectionIds: DataCollectionIds = {
  time: 'callback_time',
  name: 'customer_name',
  email: 'email',
  intent: 'intent',
  phone: 'phone',
  timezone: 'timezone',
};

/** A post-call webhook read into what the pipeline needs. */
export type PostCall =
  | { kind: 'ignored'; reason: string }
  | { kind: 'no-booking'; conversationId: string; reason: string }
  | { kind: 'booking'; conversationId: string; raw: RawBooking; paths: FieldPaths };

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const get = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), value);
const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Reads an ElevenLabs `post_call_transcription` webhook: the booking from
 * `analysis.data_collection_results`, the caller from `metadata.phone_call.external_number`.
 * Other webhook types are ignored; a conversation without a requested time is a `no-booking`.
 */
export function readPostCall(body: unknown, ids: DataCollectionIds = defaultDataCollectionIds): PostCall {
  if (!isRecord(body)) throw new CallwireError('invalid_payload', 'The webhook body must be a JSON object.', { issues: [{ path: '', message: 'Expected a JSON object.' }] });
  if (body.type !== 'post_call_transcription') return { kind: 'ignored', reason: `Webhook type ${String(body.type)} carries no booking.` };
  const data = body.data;
  const conversationId = get(data, 'conversation_id');
  if (typeof conversationId !== 'string' || conversationId === '') {
    throw new CallwireError('invalid_payload', 'The webhook has no conversation id.', { issues: [{ path: 'data.conversation_id', message: 'Required.' }] });
  }
  const idProblem = identifierProblem(conversationId);
  if (idProblem) throw new CallwireError('invalid_payload', `The conversation id ${idProblem}.`, { issues: [{ path: 'data.conversation_id', message: idProblem }] });
  const results = get(data, 'analysis', 'data_collection_results');
  const valueOf = (id: string) => get(results, id, 'value');
  const resultPath = (id: string) => `data.analysis.data_collection_results.${id}.value`;
  if (!present(valueOf(ids.time))) return { kind: 'no-booking', conversationId, reason: 'The conversation did not collect an appointment time.' };

  const raw: RawBooking = { conversation_id: conversationId };
  const paths: FieldPaths = { conversation_id: 'data.conversation_id' };
  const take = (field: keyof RawBooking, value: unknown, path: string) => {
    if (!present(value)) return;
    raw[field] = value;
    paths[field] = path;
  };
  take('callback_time', valueOf(ids.time), resultPath(ids.time));
  take('customer_name', valueOf(ids.name), resultPath(ids.name));
  take('email', valueOf(ids.email), resultPath(ids.email));
  take('intent', valueOf(ids.intent), resultPath(ids.intent));
  take('timezone', valueOf(ids.timezone) ?? get(data, 'metadata', 'timezone'), present(valueOf(ids.timezone)) ? resultPath(ids.timezone) : 'data.metadata.timezone');
  take('summary', get(data, 'analysis', 'transcript_summary'), 'data.analysis.transcript_summary');
  const callerCandidates: [unknown, string][] = [
    [get(data, 'metadata', 'phone_call', 'external_number'), 'data.metadata.phone_call.external_number'],
    [get(data, 'conversation_initiation_client_data', 'dynamic_variables', 'system__caller_id'), 'data.conversation_initiation_client_data.dynamic_variables.system__caller_id'],
    [valueOf(ids.phone), resultPath(ids.phone)],
  ];
  const caller = callerCandidates.find(([value]) => present(value));
  if (caller) take('caller', caller[0], caller[1]);
  else paths.caller = 'data.metadata.phone_call.external_number';
  const transcript = transcriptText(get(data, 'transcript'));
  if (transcript) take('transcript', transcript, 'data.transcript');
  return { kind: 'booking', conversationId, raw, paths };
}

function transcriptText(turns: unknown): string | undefined {
  if (!Array.isArray(turns)) return undefined;
  const lines = turns
    .filter(isRecord)
    .filter((turn) => typeof turn.message === 'string' && turn.message !== '')
    .map((turn) => `${turn.role === 'agent' ? 'Agent' : 'Caller'}: ${String(turn.message)}`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

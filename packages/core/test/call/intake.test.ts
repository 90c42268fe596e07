import { describe, expect, it } from 'vitest';
import { parseCallPayload } from '@callwire/core/exotel';
import { createCallPipeline, firstSpeakerHeuristic } from '@callwire/core';
import { createMemoryStore, samplePayloads } from '@callwire/core/testing';
import { resolveAgent } from '../../src/call/agents.js';
import { concernOf } from '../../src/call/concern.js';
import { resolveParties } from '../../src/call/direction.js';
import { labelTranscript } from '../../src/call/roles.js';
import { agents, zapierCall } from './harness.js';

describe('intake', () => {
  it('reads the Zapier fixture', () => {
    expect(parseCallPayload(zapierCall(), { source: 'zapier' })).toEqual({
      callId: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90', source: 'zapier', from: '+919876543210', to: '09631084471', durationSeconds: 187,
      recordingUrl: 'https://recordings.exotel.com/exotelrecordings/acme1/c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90.mp3',
      startedAt: '2026-11-20T09:42:17.000Z', status: 'completed',
      agent: { name: 'Asha Verma', slackHandle: '@asha.verma' }, department: 'Customer Success', customerSegment: 'General',
    });
  });

  it('accepts the Exotel names users map in Zapier, with numbers as strings', () => {
    const call = parseCallPayload({ Sid: 'abc123', CallFrom: '09876543210', CallTo: '09631084471', DialCallDuration: '42', RecordingUrl: 'https://recordings.exotel.com/x.mp3', StartTime: '2026-11-20 15:10:02', Status: 'completed' }, { source: 'zapier' });
    expect(call).toMatchObject({ callId: 'abc123', from: '09876543210', to: '09631084471', durationSeconds: 42, startedAt: '2026-11-20T09:40:02.000Z' });
  });

  it('reads the Passthru query (agent phone from DialWhomNumber; Exotel times in IST)', () => {
    const record = Object.fromEntries(new URLSearchParams(samplePayloads.exotelPassthru.body));
    expect(parseCallPayload(record, { source: 'exotel-passthru' })).toMatchObject({
      callId: 'b6cfaf0f7a4b4c1e8f2d9a0c3e5b7d21', from: '09876543210', to: '09631084471', durationSeconds: 143, status: 'completed',
      directionHint: 'incoming', agent: { phone: '09811122233' }, startedAt: '2026-11-20T09:40:02.000Z',
    });
  });

  it('reads the StatusCallback form (bracketed Legs keys, CustomField agent e-mail)', () => {
    const record = Object.fromEntries(new URLSearchParams(samplePayloads.exotelStatusCallback.body));
    expect(record['Legs[0][Status]']).toBe('completed');
    const call = parseCallPayload({ ...record, Status: '' }, { source: 'exotel-status-callback' });
    expect(call).toMatchObject({ callId: 'e1d2c3b4a5f60718293a4b5c6d7e8f90', durationSeconds: 241, status: 'completed', directionHint: 'outgoing', agent: { email: 'ravi@acme.in' } });
  });

  it('names every bad field by the name it had in the payload', () => {
    try {
      parseCallPayload({ CallSid: 'has spaces!', From: 'abc', To: '09631084471', DialCallDuration: 'x', RecordingUrl: 'ftp://x' }, { source: 'exotel-passthru' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_payload' });
      expect((error as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['CallSid', 'DialCallDuration', 'From', 'RecordingUrl']);
    }
    expect(() => parseCallPayload([], { source: 'zapier' })).toThrow(/object/);
  });

  it('treats empty fields as absent (a missed call has RecordingUrl=)', () => {
    const call = parseCallPayload({ CallSid: 'm1', From: '09876543210', To: '09631084471', RecordingUrl: '', Status: 'no-answer' }, { source: 'exotel-status-callback' });
    expect(call.recordingUrl).toBeUndefined();
  });

  it('receive() stores the same call sid once', async () => {
    const calls = createCallPipeline({ store: createMemoryStore(), recordings: { open: async () => { throw new Error('unused'); } }, transcriber: { submit: async () => ({ id: '', channels: 1 }), wait: async () => ({ text: '', utterances: [], channels: 1 }) }, notifier: { post: async () => ({ parts: 1 }) } });
    const first = await calls.receive(zapierCall(), 'zapier');
    const query = { CallSid: zapierCall().call_id, CallFrom: '09876543210', CallTo: '09631084471' };
    const second = await calls.receive(query, 'exotel-passthru');
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.job.id).toBe(first.job.id);
  });
});

describe('direction, agents, roles, concern', () => {
  it('a call from a support number is outgoing, in any notation; numbers shown as they arrived', () => {
    for (const support of ['09631084471', '+919631084471', '919631084471']) {
      expect(resolveParties({ from: '09631084471', to: '+919876543210' }, { supportNumbers: [support], defaultRegion: 'IN' }))
        .toEqual({ direction: 'outgoing', supportNumber: '09631084471', customerNumber: '+919876543210' });
      expect(resolveParties({ from: '+919876543210', to: '919631084471' }, { supportNumbers: [support], defaultRegion: 'IN' }))
        .toEqual({ direction: 'incoming', supportNumber: '919631084471', customerNumber: '+919876543210' });
    }
    expect(resolveParties({ from: 'a', to: 'b', directionHint: 'outgoing' }, { supportNumbers: [], defaultRegion: 'IN' }).direction).toBe('outgoing');
  });

  it('resolves agents by e-mail, phone, handle or name; a U… handle is used as is; a bare @handle mentions nobody', () => {
    expect(resolveAgent({ email: 'RAVI@acme.in' }, agents, 'IN')).toEqual({ name: 'Ravi Kumar', slackUserId: 'U05RAVI456', department: 'Sales' });
    expect(resolveAgent({ phone: '+919811122233' }, agents, 'IN')).toMatchObject({ name: 'Asha Verma', slackUserId: 'U04ASHA123' });
    expect(resolveAgent({ slackHandle: '@asha.verma' }, agents, 'IN')).toMatchObject({ slackUserId: 'U04ASHA123' });
    expect(resolveAgent({ name: 'Neha', slackHandle: 'U0NEHA999' }, agents, 'IN')).toEqual({ name: 'Neha', slackUserId: 'U0NEHA999' });
    expect(resolveAgent({ name: 'Neha', slackHandle: '@neha' }, agents, 'IN')).toEqual({ name: 'Neha' });
  });

  it('labels speakers: by channel when dual, by the first-speaker heuristic when mono, or by a custom heuristic', () => {
    const mono = { text: '', channels: 1 as const, utterances: [{ speaker: 'A', text: 'Hello?' }, { speaker: 'B', text: 'Hi' }] };
    expect(labelTranscript(mono, { direction: 'incoming' }).map((l) => l.speaker)).toEqual(['Agent', 'Customer']);
    expect(labelTranscript(mono, { direction: 'outgoing' }).map((l) => l.speaker)).toEqual(['Customer', 'Agent']);
    expect(labelTranscript(mono, { direction: 'incoming', heuristic: (c) => firstSpeakerHeuristic({ ...c, direction: 'outgoing' }) }).map((l) => l.speaker)).toEqual(['Customer', 'Agent']);
    const dual = { text: '', channels: 2 as const, utterances: [{ speaker: '2', channel: 2, text: 'Hello?' }, { speaker: '1', channel: 1, text: 'Acme, hi' }] };
    expect(labelTranscript(dual, { direction: 'incoming' }).map((l) => l.speaker)).toEqual(['Customer', 'Agent']);
  });

  it('the concern is the customer\'s first substantive utterance, cut at a word to 200 characters', () => {
    const long = 'I ordered a blue jacket two weeks ago '.repeat(10);
    const concern = concernOf([{ speaker: 'Customer', text: 'Hello?' }, { speaker: 'Agent', text: 'Hi there' }, { speaker: 'Customer', text: long }]);
    expect(concern!.length).toBeLessThanOrEqual(200);
    expect(concern!.endsWith('…')).toBe(true);
    expect(long.startsWith(concern!.slice(0, -1))).toBe(true);
    expect(concernOf([{ speaker: '', text: 'no roles here' }])).toBe('no roles here');
  });
});

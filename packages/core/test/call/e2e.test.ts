import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { samplePayloads } from '@callwire/core/testing';
import { momFormatDoc, renderBlocks, startHarness, zapierCall, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

/** The MOM text of mom-format.md (the outer code block). */
function momExample(): string {
  const doc = momFormatDoc();
  const start = doc.indexOf('```\n📞') + 4;
  const end = doc.indexOf('\n```\n\nRules');
  return doc.slice(start, end);
}

describe('end to end, real SDKs against the fakes, SQLite store, real HTTP handler', () => {
  it('Zapier JSON (incoming): 200 with call_id, one Slack post identical to mom-format.md, golden JSON', async () => {
    const payload = zapierCall();
    payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
    const response = await h.postJson('/webhook/zapier', payload);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ success: true, call_id: 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90' });
    expect(String(body.message)).not.toContain('duplicate');

    await h.settle();
    expect(h.slack.messages).toHaveLength(1);
    const [message] = h.slack.messages;
    expect(message!.path).toBe('/services/T000/B000/default');
    expect(renderBlocks(message!.body)).toBe(momExample());
    expect(message!.body.text).toMatch(/Incoming call with \+919876543210 \(Asha Verma, Customer Success, 3m 7s\)/);
    await expect(JSON.stringify(message!.body, null, 2)).toMatchFileSnapshot('./golden/zapier-incoming.json');

    // The recording went to AssemblyAI as a stream, with mono speaker labels, and the Exotel fake saw Basic auth.
    expect(h.assembly.uploads).toEqual([{ bytes: 64 * 1024, authorization: h.assembly.apiKey }]);
    expect(h.assembly.submissions[0]).toMatchObject({ speaker_labels: true, speakers_expected: 2 });
    expect(h.exotel.requests[0]!.headers.authorization).toMatch(/^Basic /);
    const job = await h.job('c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90');
    expect(job.status).toBe('succeeded');
    expect(Object.keys(job.steps)).toEqual(['fetch-recording', 'transcribe', 'post-slack']);
  });

  it('Exotel Passthru (GET query, incoming): agent found by the dialled phone, golden JSON', async () => {
    const query = new URLSearchParams(samplePayloads.exotelPassthru.body);
    const sid = query.get('CallSid')!;
    query.set('RecordingUrl', h.exotel.addRecording(h.exotelServer, sid));
    const response = await h.get(`/webhook/exotel?${query}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, call_id: sid });
    await h.settle();
    expect(h.slack.messages).toHaveLength(1);
    const text = renderBlocks(h.slack.messages[0]!.body);
    expect(text).toContain('📞 Support Number:\n09631084471\n\n📱 Candidate/Customer Number:\n09876543210');
    expect(text).toContain('👤 CS Agent:\n<@U04ASHA123> (Asha Verma)\n\n🏢 Department:\nCustomer Success');
    expect(text).toContain('⏰ Timestamp:\n2026-11-20 15:10:02 IST');
    expect(text).toContain('• Duration: 2m 23s\n• Status: completed\n• Direction: incoming');
    await expect(JSON.stringify(h.slack.messages[0]!.body, null, 2)).toMatchFileSnapshot('./golden/exotel-passthru-incoming.json');
  });

  it('Exotel StatusCallback (form, outgoing): direction from the support number, agent by CustomField e-mail, Sales route, golden JSON', async () => {
    h.assembly.setScript(() => [
      { speaker: 'A', text: 'Hello?' },
      { speaker: 'B', text: 'Hi, this is Ravi from Acme, calling about your renewal.' },
      { speaker: 'A', text: 'Yes, I wanted to ask whether the annual plan includes support.' },
    ]);
    const form = new URLSearchParams(samplePayloads.exotelStatusCallback.body);
    const sid = form.get('CallSid')!;
    form.set('RecordingUrl', h.exotel.addRecording(h.exotelServer, sid));
    const response = await h.postForm('/webhook/exotel', form.toString());
    expect(response.status).toBe(200);
    await h.settle();
    const { message, text } = h.onlyMessage('sales');
    expect(text).toContain('📞 Support Number:\n09631084471\n\n📱 Candidate/Customer Number:\n09876543210');
    expect(text).toContain('❗ Concern:\nYes, I wanted to ask whether the annual plan includes support.');
    expect(text).toContain('<@U05RAVI456> (Ravi Kumar)');
    expect(text).toContain('• Direction: outgoing');
    // Outgoing mono call: the first speaker is the customer.
    expect(text).toContain('Customer: Hello?\nAgent: Hi, this is Ravi');
    await expect(JSON.stringify(message.body, null, 2)).toMatchFileSnapshot('./golden/exotel-status-callback-outgoing.json');
  });

  it('StatusCallback as JSON with a Legs array is accepted too', async () => {
    const sid = 'f00dfeed0000111122223333444455556';
    const response = await h.postJson('/webhook/exotel', {
      CallSid: sid, From: '09876543210', To: '09631084471', Status: 'completed', ConversationDuration: '61',
      RecordingUrl: h.exotel.addRecording(h.exotelServer, sid), Legs: [{ Status: 'completed', OnCallDuration: 61 }],
    });
    expect(response.status).toBe(200);
    await h.settle();
    expect(h.slack.messages).toHaveLength(1);
    expect(renderBlocks(h.slack.messages[0]!.body)).toContain('• Duration: 1m 1s');
  });

  it('a recording that is not yet published (404 ×3) is waited for, then transcribed', async () => {
    const payload = zapierCall();
    payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id), { notFoundFirst: 3 });
    await h.postJson('/webhook/zapier', payload);
    await h.settle();
    expect(h.exotel.requests.filter((r) => r.path.includes('/exotelrecordings/'))).toHaveLength(4);
    expect(h.slack.messages).toHaveLength(1);
    expect((await h.job(String(payload.call_id))).status).toBe('succeeded');
  });

  it('a call without recording_url (missed) is one job and one "No recording" message on the missed-call route', async () => {
    const payload: Record<string, unknown> = { ...zapierCall(), call_id: 'missed0001', status: 'no-answer', duration: 0 };
    delete payload.recording_url;
    expect((await h.postJson('/webhook/zapier', payload)).status).toBe(200);
    await h.settle();
    expect(h.assembly.uploads).toHaveLength(0);
    const { message, text } = h.onlyMessage('missed');
    expect(text).toContain('📝 Full Transcription:\nNo recording');
    expect(text).toContain('🎧 Recording/Voice Note:\nNo recording');
    expect(message.body.text).toMatch(/^📞 Missed incoming call/);
  });

  it('rejects a bad payload with 422 and the field paths, storing nothing', async () => {
    const response = await h.postJson('/webhook/zapier', { from_number: 'not a number', duration: 'long' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(['call_id', 'duration', 'from_number', 'to_number']);
    expect((await h.store.stats()).total).toBe(0);
  });

  it('GET /call/:id shows the call and its status to operators only', async () => {
    const payload = zapierCall();
    payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
    await h.postJson('/webhook/zapier', payload);
    await h.settle();
    expect((await h.get(`/call/${payload.call_id}`)).status).toBe(401);
    const response = await h.get(`/call/${payload.call_id}`, { authorization: 'Bearer operator-secret-0123456789abcdef-calls' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      call_id: payload.call_id, status: 'succeeded', source: 'zapier', has_recording: true,
      steps: { 'fetch-recording': { status: 'succeeded' }, transcribe: { status: 'succeeded' }, 'post-slack': { status: 'succeeded' } },
      output: { direction: 'incoming', transcribed: true, messages: 1 },
    });
    expect((await h.get('/call/nope', { authorization: 'Bearer operator-secret-0123456789abcdef-calls' })).status).toBe(404);
  });

  it('services() reports each provider', () => {
    expect(h.calls.services()).toEqual({ exotel: 'configured', assemblyai: 'configured', slack: 'configured', 'call-history': 'not configured', 'call-details': 'not configured' });
  });
});

describe('exactly one Slack post', () => {
  it('for the same call delivered 20 times concurrently', async () => {
    const payload = zapierCall();
    payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
    const responses = await Promise.all(Array.from({ length: 20 }, () => h.postJson('/webhook/zapier', payload)));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { message: string; success: boolean }[];
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(bodies.filter((b) => b.message.includes('duplicate'))).toHaveLength(19);
    await h.settle();
    expect((await h.store.stats()).total).toBe(1);
    expect(h.assembly.submissions).toHaveLength(1);
    expect(h.slack.messages).toHaveLength(1);
  });

  it('for one call delivered by Zapier and by Exotel (same call sid)', async () => {
    const payload = zapierCall();
    const url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
    payload.recording_url = url;
    const query = new URLSearchParams(samplePayloads.exotelPassthru.body);
    query.set('CallSid', String(payload.call_id));
    query.set('RecordingUrl', url);
    expect(((await (await h.postJson('/webhook/zapier', payload)).json()) as { message: string }).message).not.toContain('duplicate');
    // Not yet posted: the Passthru's extra details (agent leg, ExoPhone) complete the stored call instead.
    expect(await (await h.get(`/webhook/exotel?${query}`)).json()).toMatchObject({ duplicate: false, updated: true });
    expect(((await (await h.get(`/webhook/exotel?${query}`)).json()) as { message: string }).message).toContain('duplicate');
    await h.settle();
    expect(h.assembly.submissions).toHaveLength(1);
    expect(h.slack.messages).toHaveLength(1);
  });
});

/**
 * Exotel as it really calls: a Passthru placed before Connect (`CallType=call-attempt`, no recording), the
 * StatusCallback that completes it, progress events to ignore, the default callback without numbers, and
 * Connect-API calls whose `From` is the agent's phone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleForm } from '@callwire/core/testing';
import { renderBlocks, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => { h = await startHarness(); });
afterEach(async () => { await h.close(); });

/** A Passthru placed before Connect: the caller is known, the conversation has not happened yet. */
function callAttempt(callSid: string): URLSearchParams {
  const query = new URLSearchParams(sampleForm('exotelPassthru'));
  query.set('CallSid', callSid);
  query.set('CallType', 'call-attempt');
  for (const late of ['RecordingUrl', 'DialCallStatus', 'DialCallDuration', 'DialWhomNumber']) query.delete(late);
  return query;
}

/** The StatusCallback (terminal events subscribed) of an incoming call with its recording. */
function completed(callSid: string, recordingUrl: string): string {
  const form = new URLSearchParams({
    CallSid: callSid, Status: 'completed', RecordingUrl: recordingUrl, DateUpdated: '2026-11-20 15:14:02',
    EventType: 'terminal', From: '09876543210', To: '09631084471', Direction: 'inbound', StartTime: '2026-11-20 15:10:02',
    ConversationDuration: '143',
  });
  return form.toString();
}

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

describe('a Passthru before Connect, then the delivery that completes the call', () => {
  it('call-attempt first: the completed StatusCallback updates the held job → one MOM with the transcript', async () => {
    const sid = 'a1b2c3d4e5f60718293a4b5c6d7e8f01';
    const recording = h.exotel.addRecording(h.exotelServer, sid);
    const first = await h.get(`/webhook/exotel?${callAttempt(sid)}`);
    expect(await json(first)).toMatchObject({ success: true, duplicate: false });
    expect((await h.job(sid)).runAt).toBeGreaterThan(Date.now() + 60_000); // held for the completing delivery
    await h.worker.drain();
    expect(h.slack.messages).toHaveLength(0);

    expect(await json(await h.postForm('/webhook/exotel', completed(sid, recording)))).toMatchObject({ duplicate: false, updated: true });
    await h.settle();
    const { text } = h.onlyMessage('default');
    expect(text).toContain('Hi, I placed an order last week');
    expect(text).not.toContain('No recording');
    expect((await h.job(sid)).input).toMatchObject({ status: 'completed', recordingUrl: recording, durationSeconds: 143 });
  });

  it('completed first: the late call-attempt changes nothing that was known → one MOM with the transcript', async () => {
    const sid = 'a1b2c3d4e5f60718293a4b5c6d7e8f02';
    const recording = h.exotel.addRecording(h.exotelServer, sid);
    expect(await json(await h.postForm('/webhook/exotel', completed(sid, recording)))).toMatchObject({ duplicate: false });
    await h.get(`/webhook/exotel?${callAttempt(sid)}`);
    expect((await h.job(sid)).input).toMatchObject({ status: 'completed', recordingUrl: recording });
    await h.settle();
    expect(h.onlyMessage('default').text).toContain('Hi, I placed an order last week');
    expect(await json(await h.get(`/webhook/exotel?${callAttempt(sid)}`))).toMatchObject({ duplicate: true });
  });

  it('both at once, 8 calls: exactly one MOM each, every one with its transcript', async () => {
    const sids = Array.from({ length: 8 }, (_, i) => `c0ffee${String(i).padStart(2, '0')}e5f60718293a4b5c6d7e8f`);
    await Promise.all(sids.flatMap((sid) => {
      const recording = h.exotel.addRecording(h.exotelServer, sid);
      return [h.get(`/webhook/exotel?${callAttempt(sid)}`), h.postForm('/webhook/exotel', completed(sid, recording))];
    }));
    await h.settle();
    expect(h.slack.messages).toHaveLength(8);
    for (const message of h.slack.messages) expect(renderBlocks(message.body)).toContain('Hi, I placed an order last week');
    expect(h.assembly.submissions).toHaveLength(8);
  });

  it('once posting has begun, a later delivery is a duplicate and changes nothing', async () => {
    const sid = 'a1b2c3d4e5f60718293a4b5c6d7e8f03';
    const recording = h.exotel.addRecording(h.exotelServer, sid);
    await h.postForm('/webhook/exotel', completed(sid, recording));
    await h.settle();
    const before = await h.job(sid);
    const query = new URLSearchParams(sampleForm('exotelPassthru'));
    query.set('CallSid', sid);
    expect(await json(await h.get(`/webhook/exotel?${query}`))).toMatchObject({ duplicate: true });
    expect((await h.job(sid)).input).toEqual(before.input);
    expect(h.slack.messages).toHaveLength(1);
  });
});

describe('progress events are acknowledged and ignored', () => {
  it.each([
    ['GET', 'Dial'], ['GET', 'ringing'], ['GET', 'ANSWERED'], ['POST', 'answered'], ['POST', 'Ringing'],
  ])('%s EventType=%s → 200, nothing stored', async (method, event) => {
    const query = new URLSearchParams({ CallSid: 'e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0', EventType: event, From: '09876543210', To: '09631084471', Status: 'in-progress' });
    const response = method === 'GET' ? await h.get(`/webhook/exotel?${query}`) : await h.postForm('/webhook/exotel', query.toString());
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ success: true, message: expect.stringMatching(/ignored/i) });
    expect((await h.store.stats()).total).toBe(0);
  });
});

describe("Exotel's default StatusCallback (CallSid, Status, RecordingUrl, DateUpdated only)", () => {
  it('without the callDetails option: 422 naming the option and the missing fields, nothing stored', async () => {
    const form = new URLSearchParams({ CallSid: 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0', Status: 'completed', RecordingUrl: 'https://recordings.exotel.com/exotelrecordings/acme1/d0.mp3', DateUpdated: '2026-11-20 16:05:44' });
    const response = await h.postForm('/webhook/exotel', form.toString());
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.message).toContain('`callDetails`');
    expect(body.message).toContain('exotelCallDetails');
    expect(body.issues).toEqual([expect.objectContaining({ path: 'From' }), expect.objectContaining({ path: 'To' })]);
    expect((await h.store.stats()).total).toBe(0);
  });
});

describe('a Connect-API call (Direction=outbound-api)', () => {
  it('is outgoing: customer = To, support = the ExoPhone, agent found by the From leg', async () => {
    const sid = 'a1b2c3d4e5f60718293a4b5c6d7e8f04';
    const recording = h.exotel.addRecording(h.exotelServer, sid);
    const form = new URLSearchParams({
      CallSid: sid, Status: 'completed', RecordingUrl: recording, DateUpdated: '2026-11-20 16:05:44', EventType: 'terminal',
      From: '09811122233', To: '09876543210', PhoneNumberSid: '09631084471', Direction: 'outbound-api',
      StartTime: '2026-11-20 16:01:12', ConversationDuration: '241',
    });
    expect((await h.postForm('/webhook/exotel', form.toString())).status).toBe(200);
    await h.settle();
    const { text } = h.onlyMessage('default');
    expect(text).toContain('📞 Support Number:\n09631084471');
    expect(text).toContain('📱 Candidate/Customer Number:\n09876543210');
    expect(text).toContain('<@U04ASHA123>'); // Asha's phone is 09811122233, the first leg dialled
    expect(text).toContain('• Direction: outgoing');
    expect((await h.job(sid)).output).toMatchObject({ direction: 'outgoing' });
  });
});

describe("Exotel's default StatusCallback with callDetails: the real client against the fake Call Details API", () => {
  let d: Harness;
  beforeEach(async () => { d = await startHarness({ callDetails: true }); });
  afterEach(async () => { await d.close(); });

  it('CallSid, Status, RecordingUrl, DateUpdated only → one MOM with the numbers, direction and transcript from Call Details', async () => {
    const sid = 'f1e2d3c4b5a60718293a4b5c6d7e8f90';
    const recording = d.exotel.addRecording(d.exotelServer, sid);
    // Exotel publishes Duration, EndTime and ConversationDuration late: the first answer is incomplete.
    d.exotel.addCall({
      Sid: sid, From: '09811122233', To: '09876543210', PhoneNumberSid: '09631084471', Status: 'completed', Direction: 'outbound-api',
      DateCreated: '2026-11-20 16:01:10', StartTime: '2026-11-20 16:01:12', EndTime: '2026-11-20 16:05:40', Duration: '270', ConversationDuration: 241,
      RecordingUrl: recording,
    }, { lateForRequests: 1 });
    const form = new URLSearchParams({ CallSid: sid, Status: 'completed', RecordingUrl: recording, DateUpdated: '2026-11-20 16:05:44' });
    const accepted = await d.postForm('/webhook/exotel', form.toString());
    expect(accepted.status).toBe(200);
    await d.settle();

    const { text } = d.onlyMessage('default');
    expect(text).toContain('📞 Support Number:\n09631084471');
    expect(text).toContain('📱 Candidate/Customer Number:\n09876543210');
    expect(text).toContain('• Direction: outgoing');
    expect(text).toContain('• Duration: 4m 1s'); // the talk time, not Duration (which includes ringing)
    expect(text).toContain('<@U04ASHA123>');
    expect(text).toContain('Hi, I placed an order last week');
    const job = await d.job(sid);
    expect(job.steps['call-details']).toMatchObject({ status: 'succeeded', attempts: 2 }); // incomplete once, then complete
    const lookups = d.exotel.requests.filter((request) => request.path.startsWith(`/v1/Accounts/acme1/Calls/${sid}.json?`));
    expect(lookups).toHaveLength(2);
    expect(lookups[0]!.path).toContain('details=true');
    expect(lookups.every((request) => String(request.headers.authorization).startsWith('Basic '))).toBe(true);
  });
});

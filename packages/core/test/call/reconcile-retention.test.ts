import { afterEach, expect, it } from 'vitest';
import { createCallPipeline } from '@callwire/core';
import { exotelCallHistory } from '@callwire/core/exotel';
import { startHarness, zapierCall, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

it('reconcile({ since }) enqueues completed calls that never arrived, once, across pages; runs are idempotent', async () => {
  h = await startHarness();
  const history = exotelCallHistory({ accountSid: h.exotel.accountSid, apiKey: h.exotel.apiKey, apiToken: h.exotel.apiToken, baseUrl: h.exotelServer.url, pageSize: 2 });
  const calls = h.calls;
  const reconciling = createCallPipeline({ ...h.options, history });
  // One call already arrived by webhook.
  const received = zapierCall();
  received.recording_url = h.exotel.addRecording(h.exotelServer, String(received.call_id));
  await h.postJson('/webhook/zapier', received);
  const base = { From: '09876543210', To: '09631084471', Direction: 'inbound', Duration: '30' };
  h.exotel.calls.push(
    { ...base, Sid: String(received.call_id), Status: 'completed', DateCreated: '2026-11-20 15:12:17', StartTime: '2026-11-20 15:12:17' },
    { ...base, Sid: 'lost0001', Status: 'completed', DateCreated: '2026-11-20 16:00:00', StartTime: '2026-11-20 16:00:00', RecordingUrl: h.exotel.addRecording(h.exotelServer, 'lost0001') },
    { ...base, Sid: 'lost0002', Status: 'completed', DateCreated: '2026-11-20 17:00:00', StartTime: '2026-11-20 17:00:00', RecordingUrl: h.exotel.addRecording(h.exotelServer, 'lost0002') },
    { ...base, Sid: 'old00001', Status: 'completed', DateCreated: '2026-11-19 09:00:00' },
    { ...base, Sid: 'busy0001', Status: 'busy', DateCreated: '2026-11-20 18:00:00' },
  );
  const since = new Date('2026-11-20T00:00:00+05:30');
  expect(await reconciling.reconcile({ since })).toEqual({ seen: 3, enqueued: 2, enqueuedCallIds: ['lost0001', 'lost0002'] });
  expect(await reconciling.reconcile({ since })).toMatchObject({ seen: 3, enqueued: 0 });
  expect(h.exotel.requests.filter((r) => r.path.includes('/Calls.json')).every((r) => r.headers.authorization?.toString().startsWith('Basic '))).toBe(true);
  await h.settle();
  expect(h.slack.messages).toHaveLength(3);
  expect((await h.job('lost0001')).input).toMatchObject({ source: 'reconcile', startedAt: '2026-11-20T10:30:00.000Z' });
  await expect(calls.reconcile({ since })).rejects.toMatchObject({ code: 'bad_request' });
});

it('retentionDays scrubs payloads and transcripts of jobs finished before the cut-off, and nothing newer', async () => {
  let offset = 0; // the clock runs (parked steps come due), and jumps a month ahead below
  h = await startHarness({ pipeline: { retentionDays: 30, clock: () => Date.now() + offset } });
  const payload = zapierCall();
  payload.recording_url = h.exotel.addRecording(h.exotelServer, String(payload.call_id));
  await h.postJson('/webhook/zapier', payload);
  await h.settle();
  expect(await h.calls.purgeExpired()).toBe(0);
  offset += 31 * 86_400_000;
  expect(await h.calls.purgeExpired()).toBe(1);
  const job = await h.job(String(payload.call_id));
  expect(job.status).toBe('succeeded');
  expect(job.input).toBeNull();
  expect(job.steps.transcribe?.result).toBeUndefined();
  expect(JSON.stringify(job)).not.toContain('placed an order');
});

/**
 * Slack's pace (about one message a second per webhook) is shared through the store: two processes
 * (two pipelines and workers over one SQLite file) book slots of one pace and park until theirs.
 */
import { afterEach, expect, it } from 'vitest';
import { createCallPipeline, createWorker } from '@callwire/core';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { startHarness, zapierCall, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

it('two processes share one pace: every post has its own slot, slots are an interval apart, each post waits for its slot parked', async () => {
  const intervalMs = 40;
  h = await startHarness({ slack: { minIntervalMs: intervalMs } });
  const other = createCallPipeline({ ...h.options, notifier: slackWebhookNotifier({ url: h.slackUrl('default'), routes: { Sales: h.slackUrl('sales') }, minIntervalMs: intervalMs }) });
  const workers = [h.worker, createWorker({ pipelines: [other] })];
  const parks: string[] = [];
  for (const pipeline of [h.calls, other]) pipeline.events.on('job.waiting', (event) => { if (event.wait === 'sleep') parks.push(event.step); });

  const ids = Array.from({ length: 8 }, (_, i) => `pace000${i}`);
  for (const id of ids) {
    const payload: Record<string, unknown> = { ...zapierCall(), call_id: id };
    payload.recording_url = h.exotel.addRecording(h.exotelServer, id);
    expect((await h.postJson('/webhook/zapier', payload)).status).toBe(200);
  }
  const allDone = async () => (await Promise.all(ids.map(async (id) => (await h.job(id)).status))).every((status) => status === 'succeeded');
  await Promise.all(workers.map(async (worker) => {
    for (let round = 0; round < 400 && !(await allDone()); round++) {
      await worker.drain();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }));
  expect(await allDone()).toBe(true);
  expect(h.slack.messages).toHaveLength(8);

  const jobs = await Promise.all(ids.map((id) => h.job(id)));
  const slots = jobs.map((job) => job.steps['slack-slot']?.result as number).sort((a, b) => a - b);
  expect(new Set(slots).size).toBe(8);
  for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(intervalMs);
  for (const job of jobs) expect(job.steps['post-slack']!.startedAt).toBeGreaterThanOrEqual(job.steps['slack-slot']!.result as number);
  expect(parks.filter((step) => step === 'slack-pace').length).toBeGreaterThan(0); // waited parked, not in a step
});

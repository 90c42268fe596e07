/**
 * A confirmation e-mail's Message-ID is derived from its job and step, so a repeat after a crash is recognisably the
 * same message (mail clients and Gmail thread and de-duplicate by it): nodemailer sends it as given.
 */
import { createHash } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { fixture, startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => { await h.close(); });

const expectedId = (idempotencyKey: string) => `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@callwire>`;

it('each booking e-mail carries the Message-ID of its job and step, the same formula every time', async () => {
  h = await startHarness();
  const first = await (await h.call('POST', '/webhook', { body: fixture.flat() })).json();
  const second = await (await h.call('POST', '/webhook', { body: { ...fixture.flat(), callback_time: '2026-11-24T16:00:00-08:00' } })).json();
  expect(h.smtp.messages).toHaveLength(2);
  const ids = [];
  for (const [index, booked] of [first, second].entries()) {
    const job = (await h.store.get(booked.appointment_id))!;
    const messageId = h.smtp.messages[index]!.headers['message-id'];
    expect(messageId).toBe(expectedId(`${job.pipeline}:${job.key}:send-email`));
    ids.push(messageId);
  }
  expect(new Set(ids).size).toBe(2);
});

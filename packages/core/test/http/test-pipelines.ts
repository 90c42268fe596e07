import { createHmac, timingSafeEqual } from 'node:crypto';
import { CallwireError, createPipeline, json, type HttpContribution, type JobStore, type Route } from '@callwire/core';

/** The secret the signature test route checks (an HMAC-SHA256 of the exact body, hex, in `x-signature`). */
export const signingSecret = 'test-signing-secret';

export const sign = (body: Uint8Array | string) => createHmac('sha256', signingSecret).update(body).digest('hex');

/**
 * A stand-in for the call pipeline (in progress elsewhere) with the same HTTP contract:
 * `POST /webhook/zapier` → 200 `{ success, message, call_id }`, a repeat → "duplicate", no call_id → 422;
 * `GET /call/:id`; and a signature route like `/webhook/elevenlabs`. Calls whose id starts with `fail-` die.
 */
export function testCallsPipeline(store: JobStore) {
  const pipeline = createPipeline({
    name: 'calls',
    store,
    retry: { maxAttempts: 1 },
    async run(input: { call_id: string }, { step }) {
      return step('post', () => {
        if (input.call_id.startsWith('fail-')) throw new CallwireError('provider_rejected', 'Slack refused the message');
        return { posted: input.call_id };
      });
    },
  });
  const routes = (): Route[] => [
    {
      method: 'POST',
      path: '/webhook/zapier',
      auth: 'webhook',
      async handle({ body }) {
        const callId = (body as { call_id?: unknown } | undefined)?.call_id;
        if (typeof callId !== 'string' || callId === '') {
          throw new CallwireError('invalid_payload', 'The call payload is not valid.', { issues: [{ path: 'call_id', message: 'Required' }] });
        }
        const { created } = await pipeline.enqueue(callId, { call_id: callId });
        return json({ success: true, message: created ? 'Call queued for processing' : 'Call already received (duplicate)', call_id: callId });
      },
    },
    {
      method: 'GET',
      path: '/call/:id',
      auth: 'operator',
      async handle({ params }) {
        const job = await store.getByKey('calls', params.id!);
        if (!job) throw new CallwireError('not_found', `No call ${params.id}.`);
        return json({ call_id: job.key, status: job.status });
      },
    },
    {
      method: 'POST',
      path: '/webhook/signed',
      auth: 'signature',
      async handle({ request, rawBytes }) {
        const given = Buffer.from(request.headers.get('x-signature') ?? '', 'hex');
        const expected = Buffer.from(sign(rawBytes!), 'hex');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CallwireError('unauthorized', 'Bad signature.');
        return json({ verified: true, bytes: rawBytes!.byteLength });
      },
    },
  ];
  return Object.assign(pipeline, { routes, services: () => ({ slack: 'configured', assemblyai: 'not configured' }) } satisfies HttpContribution);
}

/**
 * The call webhooks write their answer's JSON around the variable parts (routes.ts `acceptedText`): it must be
 * the very text `JSON.stringify` makes of the answer's object, whatever the call id, job id and message hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCallPipeline, type RouteInput } from '@callwire/core';
import { assemblyAITranscriber } from '@callwire/core/assemblyai';
import { exotelRecordings } from '@callwire/core/exotel';
import { slackWebhookNotifier } from '@callwire/core/slack';
import { createMemoryStore, samplePayloads } from '@callwire/core/testing';
import { acceptedText } from '../../src/call/routes.js';

describe('acceptedText', () => {
  it('is JSON.stringify of { success, message, call_id, job_id, duplicate, updated? }', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string(), fc.boolean(), fc.boolean(), (message, callId, jobId, duplicate, updated) => {
        const expected = JSON.stringify({ success: true, message, call_id: callId, job_id: jobId, duplicate, ...(updated ? { updated } : {}) });
        expect(acceptedText(message, callId, jobId, duplicate, updated)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the call webhook routes', () => {
  it('still answer through Route.handle with a plain Response (the public contract)', async () => {
    const calls = createCallPipeline({
      store: createMemoryStore(),
      recordings: exotelRecordings({ apiKey: 'key', apiToken: 'token' }),
      transcriber: assemblyAITranscriber({ apiKey: 'key' }),
      notifier: slackWebhookNotifier({ url: 'https://hooks.slack.com/services/T000/B000/test' }),
    });
    const zapier = calls.routes().find((route) => route.method === 'POST' && route.path === '/webhook/zapier')!;
    const body = JSON.parse(samplePayloads.zapierCall.body) as Record<string, unknown>;
    const input = { url: new URL('http://localhost/webhook/zapier'), params: {}, rawBody: samplePayloads.zapierCall.body, body, ip: undefined } as unknown as RouteInput;
    for (const duplicate of [false, true]) {
      const response = await zapier.handle(input);
      expect(Object.getPrototypeOf(response)).toBe(Response.prototype);
      expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
      expect(await response.json()).toMatchObject({ success: true, call_id: body.call_id, duplicate });
    }
  });
});

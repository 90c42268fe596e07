import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { verifyElevenLabsSignature } from '@callwire/core';
import { signElevenLabsBody } from '@callwire/core/testing';
import { fixture, SECRET, startHarness, type Harness } from './harness.js';

describe('ElevenLabs post-call signatures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ storeKind: 'memory' });
  });
  afterAll(async () => h?.close());

  const rawBody = fixture.postCallText();
  const nowSeconds = () => Math.floor(h.now() / 1000);
  const post = (headers: Record<string, string>, body = rawBody) => h.call('POST', '/webhook/elevenlabs', { rawBody: body, headers });

  it('accepts only the valid signature', async () => {
    const cases: [string, () => Promise<Response>][] = [
      ['wrong secret', () => post({ 'ElevenLabs-Signature': signElevenLabsBody(rawBody, 'not-the-secret', nowSeconds()) })],
      ['altered body', () => post({ 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, nowSeconds()) }, rawBody.replace('15:00:00-08:00', '16:00:00-08:00'))],
      ['expired (31 minutes old)', () => post({ 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, nowSeconds() - 31 * 60) })],
      ['from the future (31 minutes ahead)', () => post({ 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, nowSeconds() + 31 * 60) })],
      ['missing header', () => post({})],
      ['malformed header', () => post({ 'ElevenLabs-Signature': 'v0=abc' })],
    ];
    for (const [name, send] of cases) {
      const response = await send();
      expect(response.status, name).toBe(401);
      expect((await response.json()).error, name).toBe('unauthorized');
    }
    expect(await h.store.list()).toHaveLength(0);

    const valid = await post({ 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, nowSeconds() - 29 * 60) });
    expect(valid.status).toBe(200);
    expect((await valid.json()).status).toBe('accepted');
    expect(await h.store.list()).toHaveLength(1);
  });

  it('verifies the HMAC over `${t}.${rawBody}` and accepts any of several v0 values (secret rotation)', () => {
    const t = 1_795_456_900;
    const good = signElevenLabsBody('{"a":1}', SECRET, t);
    expect(good).toMatch(/^t=1795456900,v0=[0-9a-f]{64}$/);
    expect(() => verifyElevenLabsSignature({ header: good, rawBody: '{"a":1}', secret: SECRET, now: t * 1000 })).not.toThrow();
    const rotated = `t=${t},v0=${'0'.repeat(64)},v0=${good.split('v0=')[1]}`;
    expect(() => verifyElevenLabsSignature({ header: rotated, rawBody: '{"a":1}', secret: SECRET, now: t * 1000 })).not.toThrow();
    expect(() => verifyElevenLabsSignature({ header: good, rawBody: '{"a": 1}', secret: SECRET, now: t * 1000 })).toThrow(/Invalid/);
  });

  // A known answer, computed outside callwire from ElevenLabs' documented formula
  // (https://elevenlabs.io/docs/agents-platform/workflows/post-call-webhooks: `ElevenLabs-Signature: t=<unix>,v0=<hex>`,
  // HMAC-SHA256 with the webhook secret over "<t>.<raw body>"), once, in a shell:
  //   printf '%s' '1795456900.{"type":"post_call_transcription","data":{"conversation_id":"conv_kat_0001"}}' \
  //     | openssl dgst -sha256 -hmac 'wsec_known_answer_2026'
  // Changing our signer and verifier the same way (another separator, another hash, base64) fails here.
  describe('known answer (openssl, independent of our signer)', () => {
    const secret = 'wsec_known_answer_2026';
    const t = 1_795_456_900;
    const body = '{"type":"post_call_transcription","data":{"conversation_id":"conv_kat_0001"}}';
    const header = 't=1795456900,v0=d7678856a77a0048bac0a2f4d0072ff6a7716d65d7be616dba68e43f42112183';

    it('our verifier accepts the documented signature', () => {
      expect(() => verifyElevenLabsSignature({ header, rawBody: body, secret, now: t * 1000 })).not.toThrow();
    });

    it('our signer produces exactly the documented header', () => {
      expect(signElevenLabsBody(body, secret, t)).toBe(header);
    });

    it('the documented signature does not verify a different body or secret', () => {
      expect(() => verifyElevenLabsSignature({ header, rawBody: `${body}\n`, secret, now: t * 1000 })).toThrow(/Invalid/);
      expect(() => verifyElevenLabsSignature({ header, rawBody: body, secret: `${secret}x`, now: t * 1000 })).toThrow(/Invalid/);
    });
  });
});

/**
 * Hostile ElevenLabs-Signature headers against the real `/webhook/elevenlabs` route: replayed outside
 * the window, truncated, wrong scheme, oversize, duplicated `t=` — every one a 401 JSON answer, and
 * nothing stored. The valid signature is accepted, so the refusals are not an accident of the setup.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePayloads, signElevenLabsBody } from '@callwire/core/testing';
import { SECRET, startFuzzTarget, T0, type FuzzTarget } from './fuzz-setup.js';

let target: FuzzTarget;
beforeAll(async () => { target = await startFuzzTarget(); });
afterAll(async () => { await target?.close(); });

const body = samplePayloads.elevenLabsPostCall.body;
const now = Math.floor(T0 / 1000);
const valid = signElevenLabsBody(body, SECRET, now);
const digest = valid.split('v0=')[1]!;
const post = (headers: Record<string, string>, raw = body) =>
  target.handler(new Request('http://callwire.test/webhook/elevenlabs', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw }));

const attacks: [string, string][] = [
  ['replayed 31 minutes later', signElevenLabsBody(body, SECRET, now - 31 * 60)],
  ['replayed a day later', signElevenLabsBody(body, SECRET, now - 86_400)],
  ['from 31 minutes in the future', signElevenLabsBody(body, SECRET, now + 31 * 60)],
  ['timestamp 0', signElevenLabsBody(body, SECRET, 0)],
  ['timestamp in milliseconds', `t=${T0},v0=${signElevenLabsBody(body, SECRET, T0).split('v0=')[1]}`],
  ['negative timestamp', `t=-1,v0=${digest}`],
  ['timestamp with a fraction', `t=${now}.5,v0=${digest}`],
  ['truncated digest (63 hex)', `t=${now},v0=${digest.slice(0, 63)}`],
  ['truncated digest (32 hex)', `t=${now},v0=${digest.slice(0, 32)}`],
  ['truncated header (no digest)', `t=${now},v0=`],
  ['truncated header (no v0)', `t=${now}`],
  ['truncated header (no t)', `v0=${digest}`],
  ['digest with a trailing byte', `t=${now},v0=${digest}00`],
  ['digest in upper-case base64', `t=${now},v0=${Buffer.from(digest, 'hex').toString('base64')}`],
  ['wrong scheme v1', `t=${now},v1=${digest}`],
  ['wrong scheme sha256=', `sha256=${digest}`],
  ['Stripe style', `t=${now},v1=${digest},v0=`],
  ['upper-case keys', `T=${now},V0=${digest}`],
  ['duplicated t= (old first)', `t=${now - 86_400},t=${now},v0=${digest}`],
  ['duplicated t= (valid first)', `t=${now},t=${now - 86_400},v0=${digest}`],
  ['duplicated t= (same value)', `t=${now},t=${now},v0=${digest}`],
  ['signature of another body', signElevenLabsBody(body.replace('Jordan', 'Jordon'), SECRET, now)],
  ['signed with another secret', signElevenLabsBody(body, 'whsec_other', now)],
  ['signed with an empty secret', signElevenLabsBody(body, '', now)],
  ['oversize header (10 000 v0 entries)', `t=${now},${Array.from({ length: 10_000 }, () => `v0=${'0'.repeat(64)}`).join(',')}`],
  ['oversize header (64 KiB of padding)', `t=${now},v0=${digest}${' '.repeat(65_536)}x`],
  ['oversize timestamp', `t=${'9'.repeat(5_000)},v0=${digest}`],
  ['NUL-free garbage', ',,,,===,,,t,v0'],
];

it(`refuses ${attacks.length} forged, replayed and malformed signatures with a 401 JSON answer; stores nothing`, async () => {
  for (const [name, header] of attacks) {
    const response = await post({ 'ElevenLabs-Signature': header });
    expect(response.status, name).toBe(401);
    const answer = (await response.json()) as { error: string; message: string };
    expect(answer.error, name).toBe('unauthorized');
    expect(answer.message, name).toMatch(/ElevenLabs/);
  }
  expect(await target.store.list()).toHaveLength(0);
  console.log(`fault suite: ${attacks.length} signature attacks refused`);

  const accepted = await post({ 'ElevenLabs-Signature': valid });
  expect(accepted.status).toBe(200);
  expect(await target.store.list()).toHaveLength(1);
});

it('a valid signature replayed on a changed body is refused (the HMAC covers the raw bytes)', async () => {
  for (const raw of [`${body} `, body.replace(/\n/g, '\r\n'), JSON.stringify(JSON.parse(body))]) {
    expect((await post({ 'ElevenLabs-Signature': valid }, raw)).status).toBe(401);
  }
});

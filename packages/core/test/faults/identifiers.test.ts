/**
 * Findings 5 and 7 of the hardening issue, on SQLite and on a real PostgreSQL: a NUL in a conversation id
 * answered 503 "try again" forever on PostgreSQL (a poison message for a sender that retries); `/call/a%00b`
 * and `/appointments/a%00b` answered 500 and `/jobs/a%00b` 503; call ids `.` and `..` were stored but
 * unreachable by URL; numeric call ids above 2^53 collided. One identifier rule now refuses them at intake
 * (422 with the field path) and on routes (404); a store error caused by the data is never a 503.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPipeline, isCallwireError, type JobStore } from '@callwire/core';
import { samplePayloads, signElevenLabsBody } from '@callwire/core/testing';
import { createPostgresStore } from '@callwire/store-postgres';
import { OPERATOR, SECRET, startFuzzTarget, T0, type FuzzTarget } from './fuzz-setup.js';

const url = inject('databaseUrl');
const admin = new pg.Pool({ connectionString: url, max: 1 });
const schemas: string[] = [];
const tally = { tried: 0, refused: 0 };
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  console.log(`identifiers: ${tally.tried} attacks tried, ${tally.refused} refused (422 at intake, 404 on routes, never 5xx)`);
});

const badIds = ['a\u0000b', '\u0000', '.', '..', 'x'.repeat(201), 'a b', 'a/b', '\u202Eab', 'a\u200Bb', 'a\r\nb', 'ab%00'];
const zapier = () => JSON.parse(samplePayloads.zapierCall.body) as Record<string, unknown>;
const flat = () => JSON.parse(samplePayloads.appointmentFlat.body) as Record<string, unknown>;
const postCall = () => JSON.parse(samplePayloads.elevenLabsPostCall.body) as { data: Record<string, unknown> };

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`identifiers and NUL on ${kind}`, () => {
    let target: FuzzTarget;
    let store: JobStore | undefined;
    beforeAll(async () => {
      if (kind === 'postgres') {
        const schema = `cw_faults_${randomBytes(4).toString('hex')}`;
        schemas.push(schema);
        store = createPostgresStore({ connectionString: url, schema, maxConnections: 4 });
      }
      target = await startFuzzTarget(store ? { store } : {});
    }, 60_000);
    afterAll(async () => {
      await target?.close();
    });

    const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
      target.handler(new Request(`http://callwire.test${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body }) }), { ip: '127.0.0.1' });

    /** Expects a 422 naming `path`; counts the attack. */
    async function refused(response: Response, path: string, mention?: RegExp) {
      tally.tried++;
      const text = await response.text();
      expect(response.status, text).toBe(422);
      const body = JSON.parse(text) as { issues: { path: string; message: string }[] };
      const issue = body.issues.find((i) => i.path === path);
      expect(issue, text).toBeDefined();
      if (mention) expect(issue!.message).toMatch(mention);
      tally.refused++;
    }

    it('refuses a bad conversation id at intake with 422 and its path (post-call webhook and tool call)', async () => {
      for (const id of badIds) {
        const payload = postCall();
        payload.data.conversation_id = id;
        const raw = JSON.stringify(payload);
        await refused(await send('POST', '/webhook/elevenlabs', raw, { 'elevenlabs-signature': signElevenLabsBody(raw, SECRET, Math.floor(T0 / 1000)) }), 'data.conversation_id');
        await refused(await send('POST', '/webhook', JSON.stringify({ ...flat(), conversation_id: id })), 'conversation_id');
      }
    });

    it('refuses a bad call id with 422 (Zapier JSON, Exotel query), and a numeric id that is not exact asks for a string', async () => {
      for (const id of badIds) {
        await refused(await send('POST', '/webhook/zapier', JSON.stringify({ ...zapier(), call_id: id })), 'call_id');
        await refused(await send('GET', `/webhook/exotel?${new URLSearchParams({ CallSid: id })}`), 'CallSid');
      }
      for (const id of [2 ** 53, 2 ** 53 + 2, 1e21, 9_007_199_254_740_993]) {
        await refused(await send('POST', '/webhook/zapier', `{"call_id": ${id === 9_007_199_254_740_993 ? '9007199254740993' : String(id)}, "from_number": "09876543210", "to_number": "09631084471"}`), 'call_id', /string/);
      }
      const exact = await send('POST', '/webhook/zapier', JSON.stringify({ ...zapier(), call_id: 2 ** 53 - 1 }));
      expect(exact.status).toBe(200);
    });

    it('refuses a NUL in an e-mail address at intake instead of letting the store fail', async () => {
      await refused(await send('POST', '/webhook', JSON.stringify({ ...flat(), email: 'a\u0000b@example.com' })), 'email');
    });

    it("answers 404 for a bad id on every id route, never 5xx", async () => {
      const auth = { authorization: `Bearer ${OPERATOR}` };
      for (const id of ['a%00b', '%00', 'a%0Db', 'a%20b', 'x'.repeat(300), '%E2%80%AEab']) {
        for (const [method, path] of [
          ['GET', `/call/${id}`],
          ['GET', `/appointments/${id}`],
          ['GET', `/jobs/${id}`],
          ['POST', `/jobs/${id}/retry`],
          ['POST', `/appointments/${id}/cancel`],
          ['POST', `/appointments/${id}/reschedule`],
        ] as const) {
          tally.tried++;
          const response = await send(method, path, method === 'POST' ? '{}' : undefined, auth);
          expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(404);
          tally.refused++;
        }
      }
      expect(target.reported).toEqual([]);
    });

    it('a store error caused by the data is reported as invalid data (422), never "store unavailable"', async () => {
      const pipeline = createPipeline({ name: 'poison', store: target.store, run: async () => undefined });
      tally.tried++;
      // A key past intake's rule (the engine's own API takes any key): SQLite keeps a NUL; PostgreSQL refuses it
      // in text (22021), which must be the data's fault, not the store's.
      const error = await pipeline.enqueue('poison\u0000key', { note: 'x' }).then(() => undefined, (e: unknown) => e);
      if (kind === 'postgres') {
        expect(isCallwireError(error) && error.code).toBe('invalid_payload');
        expect(isCallwireError(error) && error.status).toBe(422);
      } else expect(error).toBeUndefined();
      tally.refused++;
    });
  });
}

describe('finding 7: field bounds at intake', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await startFuzzTarget();
  }, 60_000);
  afterAll(async () => {
    await target?.close();
  });

  it('refuses a 100k-character status, custom field, direction or timestamp with 422 instead of acknowledging what Slack cannot carry', async () => {
    const huge = 'x'.repeat(100_000);
    for (const field of ['status', 'CustomField', 'direction', 'timestamp', 'agent_name', 'department', 'duration', 'recording_url']) {
      tally.tried++;
      const response = await target.handler(
        new Request('http://callwire.test/webhook/zapier', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...zapier(), [field]: huge }) }),
      );
      const text = await response.text();
      expect(response.status, `${field}: ${text.slice(0, 200)}`).toBe(422);
      expect((JSON.parse(text) as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(field);
      tally.refused++;
    }
    expect(await target.store.list({ limit: 10 })).toEqual([]);
  });
});

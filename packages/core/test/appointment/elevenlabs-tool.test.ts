/**
 * ElevenLabs hides a webhook tool's error answers from the agent under its default error-handling mode
 * (`auto` = `hide` for webhook tools), so a refused booking must reach the agent another way: with
 * `?answer_invalid_as=result` the refusal is a 200 tool result; without it, the 422 contract stays.
 * The tool definition callwire prints is checked against the routes and against the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevenLabsBookingTool, elevenLabsDataCollection, type ElevenLabsSchemaProperty } from '@callwire/core';
import { signElevenLabsBody } from '@callwire/core/testing';
import { fixture, SECRET, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ storeKind: 'memory' });
});
afterAll(async () => h?.close());

const past = { ...fixture.flat(), callback_time: '2026-11-20T15:00:00-08:00' };
const post = async (path: string, body: unknown) => {
  const response = await h.call('POST', path, { body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('a refused booking reaches the agent', () => {
  it('without the parameter: 422 with field paths, as before, plus agent_message', async () => {
    const { status, body } = await post('/webhook', past);
    expect(status).toBe(422);
    expect(body).toMatchObject({ error: 'invalid_payload', issues: [{ path: 'callback_time', message: 'That time has already passed; please choose a time in the future.' }] });
    expect(body.agent_message).toBe('The booking was not made yet. That time has already passed; please choose a time in the future.');
    expect(body.status).toBeUndefined();
  });

  it('with ?answer_invalid_as=result: a 200 tool result with status "invalid", the issues and agent_message; nothing stored', async () => {
    const before = (await h.store.list()).length;
    const { status, body } = await post('/webhook?answer_invalid_as=result', { ...past, email: 'jordan@' });
    expect(status).toBe(200);
    expect(body.status).toBe('invalid');
    expect((body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['callback_time', 'email']);
    expect(body.agent_message).toMatch(/^The booking was not made yet\. /);
    expect(body.agent_message).toContain('That time has already passed');
    expect(body.agent_message).toContain('please ask the caller to spell it again');
    expect(await h.store.list()).toHaveLength(before);
  });

  it('the same on the availability and reschedule tools; a valid booking is unchanged; an unknown mode is a 400', async () => {
    const availability = await post('/tools/availability?answer_invalid_as=result', { date: 'tomorrow' });
    expect(availability).toMatchObject({ status: 200, body: { status: 'invalid', agent_message: 'The booking was not made yet. The date must look like 2026-11-24.' } });
    const booked = await post('/webhook?answer_invalid_as=result', fixture.flat());
    expect(booked).toMatchObject({ status: 200, body: { status: 'success' } });
    const moved = await post(`/appointments/${String(booked.body.appointment_id)}/reschedule?answer_invalid_as=result`, { time: '2026-11-28T10:00:00' });
    expect(moved).toMatchObject({ status: 200, body: { status: 'invalid' } });
    expect(String(moved.body.agent_message)).toMatch(/outside our business hours/);
    expect((await post('/webhook?answer_invalid_as=yes', past)).status).toBe(400);
  });
});

describe('elevenLabsBookingTool()', () => {
  const tool = elevenLabsBookingTool({ url: 'https://api.acme.example/webhook', secretId: 'sec_1' });

  it('uses passthrough error handling, asks for answer_invalid_as=result, and leaves room for the inline deadline', () => {
    expect(tool.tool_error_handling_mode).toBe('passthrough');
    expect(tool.api_schema.query_params_schema.properties.answer_invalid_as).toEqual({ type: 'string', constant_value: 'result' });
    expect(tool.api_schema.request_headers).toEqual({ 'X-Callwire-Secret': { secret_id: 'sec_1' } });
    expect(tool.response_timeout_secs).toBe(20);
    expect(elevenLabsBookingTool({ url: 'https://a.example/webhook', toolDeadlineMs: 30_000 }).response_timeout_secs).toBe(35);
  });

  it('validates its options, naming each', () => {
    expect(() => elevenLabsBookingTool({ url: 'http://api.acme.example/webhook' })).toThrow(/option `url` must use https/);
    expect(() => elevenLabsBookingTool({ url: 'webhook' })).toThrow(/option `url`/);
    expect(() => elevenLabsBookingTool({ url: 'https://a.example/webhook?x=1' })).toThrow(/option `url` must have no query/);
    expect(() => elevenLabsBookingTool({ url: 'https://a.example/webhook', name: 'book appointment' })).toThrow(/option `name`/);
    expect(() => elevenLabsBookingTool({ url: 'https://a.example/webhook', secretId: ' ' })).toThrow(/option `secretId`/);
    expect(() => elevenLabsBookingTool({ url: 'https://a.example/webhook', toolDeadlineMs: 0 })).toThrow(/option `toolDeadlineMs`/);
  });

  it('its body schema is what POST /webhook reads: a call filled from the schema books, and refusals come back as results', async () => {
    // What ElevenLabs would send: dynamic variables resolved, LLM-described fields filled, constants in the query.
    const values: Record<string, string> = {
      system__caller_id: '+14155550190',
      system__conversation_id: 'conv_tool_schema_1',
      customer_name: 'Sam Rivera',
      email: 'sam.rivera@example.com',
      callback_time: '2026-12-02T11:00:00-08:00',
      summary: 'Wants a demo.',
      intent: 'appointment',
      timezone: 'America/Los_Angeles',
    };
    const fill = ([name, property]: [string, ElevenLabsSchemaProperty]) => [name, 'dynamic_variable' in property ? values[property.dynamic_variable] : 'constant_value' in property ? property.constant_value : values[name]];
    const schema = tool.api_schema;
    const body = Object.fromEntries(Object.entries(schema.request_body_schema.properties).map(fill));
    expect(Object.values(body).every((value) => typeof value === 'string')).toBe(true);
    const query = new URLSearchParams(Object.fromEntries(Object.entries(schema.query_params_schema.properties).map(fill)) as Record<string, string>);
    const booked = await post(`/webhook?${query}`, body);
    expect(booked).toMatchObject({ status: 200, body: { status: 'success', customer: { name: 'Sam Rivera', phone: '+14155550190', email: 'sam.rivera@example.com' } } });
    const job = await h.store.get(String(booked.body.appointment_id));
    expect(job?.key).toContain('conv_tool_schema_1');
    const refused = await post(`/webhook?${query}`, { ...body, callback_time: 'next Tuesday' });
    expect(refused).toMatchObject({ status: 200, body: { status: 'invalid' } });
    expect(schema.request_body_schema.required).toEqual(['caller', 'callback_time']);
  });
});

describe('elevenLabsDataCollection()', () => {
  it('names exactly the ids the post-call webhook reads (custom ids too)', async () => {
    const ids = { time: 'slot', name: 'full_name' };
    const items = elevenLabsDataCollection(ids);
    expect(Object.keys(items).sort()).toEqual(['email', 'full_name', 'intent', 'phone', 'slot', 'timezone']);
    const appointments = await startHarness({ storeKind: 'memory', elevenLabs: { webhookSecret: SECRET, dataCollectionIds: ids } });
    try {
      const sample = JSON.parse(fixture.postCallText()) as { data: { conversation_id: string; analysis: { data_collection_results: Record<string, { value: unknown }> } } };
      const value: Record<string, string> = { slot: '2026-12-03T10:00:00-08:00', full_name: 'Ana Diaz', email: 'ana.diaz@example.com', intent: 'appointment', phone: '+14155550191', timezone: 'America/Los_Angeles' };
      sample.data.conversation_id = 'conv_data_collection_1';
      sample.data.analysis.data_collection_results = Object.fromEntries(Object.keys(items).map((id) => [id, { data_collection_id: id, value: value[id] }]));
      const rawBody = JSON.stringify(sample);
      const response = await appointments.call('POST', '/webhook/elevenlabs', { rawBody, headers: { 'ElevenLabs-Signature': signElevenLabsBody(rawBody, SECRET, Math.floor(appointments.now() / 1000)) } });
      expect(await response.json()).toMatchObject({ status: 'accepted' });
      const [job] = await appointments.store.list();
      expect(job?.input).toMatchObject({ kind: 'booking', booking: { name: 'Ana Diaz', email: 'ana.diaz@example.com', start: '2026-12-03T18:00:00.000Z' } });
    } finally {
      await appointments.close();
    }
  });
});

describe('docs/appointment-pipeline.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../../../docs/appointment-pipeline.md'), 'utf8');
  const generated = (marker: string): unknown => {
    const at = doc.indexOf(`<!-- generated by ${marker}`);
    expect(at, marker).toBeGreaterThan(0);
    const block = /```json\n([\s\S]*?)\n```/.exec(doc.slice(at));
    return JSON.parse(block![1]!);
  };

  it('shows the tool definition and data-collection items exactly as the functions print them', () => {
    expect(generated("elevenLabsBookingTool({ url: 'https://api.acme.example/webhook', secretId: 'YOUR_SECRET_ID' })")).toEqual(
      elevenLabsBookingTool({ url: 'https://api.acme.example/webhook', secretId: 'YOUR_SECRET_ID' }),
    );
    expect(generated('elevenLabsDataCollection()')).toEqual(elevenLabsDataCollection());
  });
});

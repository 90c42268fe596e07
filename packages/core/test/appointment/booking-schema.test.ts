import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bookingToolJsonSchema, elevenLabsBookingTool } from '@callwire/core';
import { bookingSchema } from '../../src/appointment/booking-schema.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const cli = fileURLToPath(new URL('../../src/bin/booking-schema.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8' });

describe('the booking tool JSON Schema', () => {
  it('is derived from the zod schema that validates bookings: the tool fields, their limits and descriptions, caller and time required', () => {
    const schema = bookingToolJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['caller', 'callback_time']);
    expect(Object.keys(schema.properties).sort()).toEqual(['callback_time', 'caller', 'conversation_id', 'customer_name', 'email', 'intent', 'summary', 'timezone']);
    expect(schema.properties.customer_name).toMatchObject({ type: 'string', maxLength: 200 });
    expect(schema.properties.email).toMatchObject({ type: 'string', maxLength: 254 });
    expect(schema.properties.caller!.description).toMatch(/international format/);
    for (const [name, property] of Object.entries(schema.properties)) {
      expect(property.type, name).toBe('string');
      expect(property.description, name).toBe(bookingSchema().shape[name as keyof ReturnType<typeof bookingSchema>['shape']].description);
    }
  });

  it('is what the ElevenLabs tool definition carries', () => {
    const schema = bookingToolJsonSchema();
    const tool = elevenLabsBookingTool({ url: 'https://api.acme.example/webhook' }).api_schema.request_body_schema;
    expect(tool.required).toEqual(schema.required);
    expect(Object.keys(tool.properties).sort()).toEqual(Object.keys(schema.properties).sort());
    expect(tool.properties.customer_name).toEqual({ type: 'string', description: schema.properties.customer_name!.description });
    expect(tool.properties.caller).toEqual({ type: 'string', dynamic_variable: 'system__caller_id' });
  });

  it('is printed by `callwire-booking-schema` (and with --url, the whole ElevenLabs tool); bad flags exit 2 naming them', () => {
    const plain = run();
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual(bookingToolJsonSchema());
    const tool = run('--url', 'https://api.acme.example/webhook', '--secret-id', 'sec_1', '--tool-deadline-ms', '30000');
    expect(tool.status).toBe(0);
    expect(JSON.parse(tool.stdout)).toEqual(elevenLabsBookingTool({ url: 'https://api.acme.example/webhook', secretId: 'sec_1', toolDeadlineMs: 30_000 }));
    const insecure = run('--url', 'http://api.acme.example/webhook');
    expect(insecure.status).toBe(2);
    expect(insecure.stderr).toMatch(/option `url` must use https/);
    expect(run('--secret-id', 'x').stderr).toMatch(/need --url/);
    expect(run('--bogus').status).toBe(2);
  });

  it('is printed by the package script too', () => {
    const out = execFileSync('npx', ['-y', 'pnpm@10.34.8', '--silent', '--filter', '@callwire/core', 'print-booking-schema'], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(bookingToolJsonSchema());
  });
});

#!/usr/bin/env node
/**
 * `npx callwire-booking-schema` — prints the booking tool's parameters as JSON Schema, derived from the zod
 * schema `POST /webhook` validates with. With `--url`, prints the whole ElevenLabs webhook tool instead,
 * ready to paste (Agent → Tools → Add tool → Webhook → Edit as JSON) or to send as `tool_config`.
 *
 *   npx callwire-booking-schema
 *   npx callwire-booking-schema --url https://api.acme.example/webhook --secret-id sec_123 [--name book_appointment] [--tool-deadline-ms 8000]
 */
import { parseArgs } from 'node:util';
import { bookingToolJsonSchema } from '../appointment/booking-json-schema.js';
import { elevenLabsBookingTool, type ElevenLabsToolOptions } from '../appointment/elevenlabs-tool.js';

const usage = 'Usage: callwire-booking-schema [--url <https URL of POST /webhook> [--secret-id <id>] [--name <tool name>] [--tool-deadline-ms <ms>]]';

function main(argv: string[]): string {
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv, // `pnpm run … -- --url …` passes the `--` on
    options: { url: { type: 'string' }, 'secret-id': { type: 'string' }, name: { type: 'string' }, 'tool-deadline-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return usage;
  if (values.url === undefined) {
    if (values['secret-id'] ?? values.name ?? values['tool-deadline-ms']) throw new TypeError('--secret-id, --name and --tool-deadline-ms need --url (they are parts of the ElevenLabs tool).');
    return JSON.stringify(bookingToolJsonSchema(), null, 2);
  }
  const options: ElevenLabsToolOptions = { url: values.url };
  if (values['secret-id'] !== undefined) options.secretId = values['secret-id'];
  if (values.name !== undefined) options.name = values.name;
  if (values['tool-deadline-ms'] !== undefined) options.toolDeadlineMs = Number(values['tool-deadline-ms']);
  return JSON.stringify(elevenLabsBookingTool(options), null, 2);
}

try {
  process.stdout.write(main(process.argv.slice(2)) + '\n');
} catch (error) {
  process.stderr.write(`callwire-booking-schema: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exitCode = 2;
}

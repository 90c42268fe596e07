/**
 * The callwire example server: `pnpm start` (root) or `node --import tsx src/server.ts`.
 * Reads `.env` when present (see `.env.example`), serves on HOST:PORT (default 127.0.0.1:8000) and
 * prints the address it really listens on; refuses to start with real providers and no WEBHOOK_SECRET
 * (unless ALLOW_OPEN_WEBHOOKS=1); stops gracefully on SIGTERM/SIGINT.
 */
import { existsSync } from 'node:fs';
import { createApp } from './app.js';
import { readConfig, startupRefusal } from './config.js';
import { closeServer, listenOn } from './listen.js';
import { consoleLogger } from './logger.js';

if (existsSync('.env')) process.loadEnvFile('.env');

const config = readConfig(process.env);
const refusal = startupRefusal(config);
if (refusal) {
  console.error(`[callwire] refusing to start: ${refusal}`);
  process.exit(1);
}
const logger = consoleLogger();
const app = await createApp({ config, logger });
for (const line of app.providers.summary) console.log(`[callwire] ${line}`);
if (!config.webhookSecret) console.log('[callwire] WEBHOOK_SECRET is not set: webhook routes accept unauthenticated requests.');
if (!config.operatorSecret) console.log('[callwire] OPERATOR_SECRET is not set: operator routes (/jobs, /call/:id, …) are closed.');
if (!config.appointments.elevenLabsSecret) console.log('[callwire] ELEVENLABS_WEBHOOK_SECRET is not set: post-call webhooks will be refused.');

app.worker.start();
const { server, url } = await listenOn(app.app, config.port, config.host);
console.log(`[callwire] listening on ${url} (health: ${url}/health)`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[callwire] ${signal}: stopping (new requests refused, running jobs finish or are released)`);
  await closeServer(server);
  await app.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

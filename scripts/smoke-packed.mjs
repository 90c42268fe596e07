// Installs the packed @callwire/core and @callwire/store-sqlite tarballs into a throwaway project, as
// a user would, and runs one job through them from ESM (import) and from CommonJS (require). Then the
// sandbox: without the provider SDKs and smtp-server, createSandbox() must reject naming them all; once
// they are added (the Install table's dev dependencies), a call must reach the fake Slack, from ESM and
// from CommonJS, without top-level await, and a malformed delivery must be refused with zod's English message
// (zod is bundled into core's dist, so it must not be installed here at all). Run after `pnpm build`. Catches what
// tests on source cannot: missing files, broken exports, dual-package bugs, a bundled dependency left external.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** What the README's Install table says to add for the sandbox (core's sandboxPackages, at the versions core is tested with). */
const sandboxPackages = ['assemblyai@^4.41.5', '@slack/webhook@^8.0.2', '@slack/web-api@^7.19.0', '@googleapis/calendar@^16.0.0', 'twilio@^6.2.0', 'nodemailer@^10.6.0', 'smtp-server@^3.21.6'];
const work = mkdtempSync(join(tmpdir(), 'callwire-smoke-'));
const pnpm = (args, cwd) => execFileSync('npx', ['-y', 'pnpm@10.34.8', ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
try {
  for (const dir of ['core', 'store-sqlite']) pnpm(['pack', '--pack-destination', work], join(root, 'packages', dir));
  const tarballs = readdirSync(work).filter((file) => file.endsWith('.tgz'));
  writeFileSync(join(work, 'package.json'), JSON.stringify({
    name: 'callwire-smoke', private: true,
    dependencies: Object.fromEntries(tarballs.map((t) => [t.startsWith('callwire-core') ? '@callwire/core' : '@callwire/store-sqlite', `file:./${t}`]).concat([['better-sqlite3', '^12.6.2']])),
    pnpm: { onlyBuiltDependencies: ['better-sqlite3'] },
  }, null, 2));
  pnpm(['install', '--ignore-workspace', '--config.confirmModulesPurge=false'], work);
  const coreManifest = JSON.parse(readFileSync(join(work, 'node_modules/@callwire/core/package.json'), 'utf8'));
  if ('zod' in (coreManifest.dependencies ?? {}) || existsSync(join(work, 'node_modules/.pnpm/node_modules/zod'))) {
    throw new Error('zod is installed with @callwire/core: it should be bundled into its dist (packages/core/tsup.config.ts)');
  }
  const body = (imports) => `${imports}
const store = createSqliteStore({ filename: ':memory:' });
const seen = [];
const pipeline = createPipeline({ name: 'smoke', store, run: async (input, { step }) => step('echo', () => seen.push(input.n)) });
(async () => {
  const first = await pipeline.enqueue('k', { n: 1 });
  const second = await pipeline.enqueue('k', { n: 2 });
  const drained = await createWorker({ pipelines: [pipeline] }).drain();
  if (!first.created || second.created || drained.succeeded !== 1 || seen.join() !== '1') throw new Error('smoke failed: ' + JSON.stringify({ drained, seen }));
  console.log('ok', process.argv[1].split('/').pop());
})().catch((error) => { console.error(error); process.exit(1); });
`;
  writeFileSync(join(work, 'smoke.mjs'), body(`import { createPipeline, createWorker } from '@callwire/core';\nimport { createMemoryStore } from '@callwire/core/testing';\nimport { createSqliteStore } from '@callwire/store-sqlite';\nvoid createMemoryStore;`));
  writeFileSync(join(work, 'smoke.cjs'), body(`const { createPipeline, createWorker } = require('@callwire/core');\nconst { createMemoryStore } = require('@callwire/core/testing');\nconst { createSqliteStore } = require('@callwire/store-sqlite');\nvoid createMemoryStore;`));
  const node = (script) => process.stdout.write(execFileSync(process.execPath, [script], { cwd: work, encoding: 'utf8' }));
  for (const script of ['smoke.mjs', 'smoke.cjs']) node(script);

  const sandbox = (imports, expectMissing) => `${imports}
const call = { call_id: 'c1', from_number: '+919876543210', to_number: '09631084471', recording_url: 'https://recordings.exotel.com/exotelrecordings/acme1/c1.mp3', status: 'completed' };
createSandbox().then(
  async (sandbox) => {
    if (${expectMissing}) throw new Error('createSandbox() started without its packages');
    const calls = createCallPipeline({ store: createMemoryStore(), recordings: sandbox.recordings, transcriber: sandbox.transcriber, notifier: sandbox.notifier });
    const refused = await calls.receive({ ...call, call_id: ['c1'] }, 'zapier').then(() => undefined, (error) => error);
    if (JSON.stringify(refused?.issues) !== JSON.stringify([{ path: 'call_id', message: 'Invalid input' }])) throw new Error('sandbox: a list as call_id was not refused by zod: ' + String(refused));
    await calls.receive(call, 'zapier');
    await createWorker({ pipelines: [calls] }).drain();
    const posted = sandbox.fakes.slack.messages.length;
    await sandbox.close();
    if (posted !== 1) throw new Error('sandbox: expected 1 Slack message, got ' + posted);
    console.log('ok', process.argv[1].split('/').pop(), 'sandbox: 1 call → 1 Slack message');
  },
  (error) => {
    if (!${expectMissing} || !/not installed: .*smtp-server.*npm i -D /.test(error.message)) throw error;
    console.log('ok', process.argv[1].split('/').pop(), 'sandbox without its packages:', error.message.split('; ')[1]);
  },
).catch((error) => { console.error(error); process.exit(1); });
`;
  const esm = `import { createCallPipeline, createWorker } from '@callwire/core';\nimport { createMemoryStore, createSandbox } from '@callwire/core/testing';`;
  const cjs = `const { createCallPipeline, createWorker } = require('@callwire/core');\nconst { createMemoryStore, createSandbox } = require('@callwire/core/testing');`;
  writeFileSync(join(work, 'sandbox-missing.mjs'), sandbox(esm, true));
  writeFileSync(join(work, 'sandbox-missing.cjs'), sandbox(cjs, true));
  for (const script of ['sandbox-missing.mjs', 'sandbox-missing.cjs']) node(script);
  pnpm(['add', '--ignore-workspace', '--config.confirmModulesPurge=false', ...sandboxPackages], work);
  writeFileSync(join(work, 'sandbox.mjs'), sandbox(esm, false));
  writeFileSync(join(work, 'sandbox.cjs'), sandbox(cjs, false));
  for (const script of ['sandbox.mjs', 'sandbox.cjs']) node(script);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Installs the packed @callwire/core and @callwire/store-sqlite tarballs into a throwaway project, as
// a user would, and runs one job through them from ESM (import) and from CommonJS (require). Run after
// `pnpm build`. Catches what tests on source cannot: missing files, broken exports, dual-package bugs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
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
  for (const script of ['smoke.mjs', 'smoke.cjs']) process.stdout.write(execFileSync(process.execPath, [script], { cwd: work, encoding: 'utf8' }));
} finally {
  rmSync(work, { recursive: true, force: true });
}

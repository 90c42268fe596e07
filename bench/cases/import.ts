/**
 * `import_ms`: how long `import()` of the BUILT `@callwire/core` and of each provider subpath takes in a
 * fresh Node process (Node's own start-up excluded), median of several processes after one that warms
 * the disk cache. zod is measured alone for reference. Builds the packages first when a dist is
 * missing or older than its sources.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from '../built.js';
import { median } from '../stats.js';

const core = fileURLToPath(new URL('../../packages/core', import.meta.url));
const RUNS = 7;
const entries = ['index', 'assemblyai', 'slack', 'exotel', 'google-calendar', 'twilio', 'nodemailer', 'testing'] as const;

/** Milliseconds `import(specifier)` takes in a fresh process started in packages/core. */
function importMs(specifier: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: core, encoding: 'utf8' }));
}

function measure(specifier: string): number {
  importMs(specifier);
  return Math.round(median(Array.from({ length: RUNS }, () => importMs(specifier))));
}

export async function runImportBench(log: (line: string) => void) {
  ensureBuilt(log);
  const ms: Record<string, number> = {};
  for (const entry of entries) ms[entry === 'index' ? '@callwire/core' : `@callwire/core/${entry}`] = measure(pathToFileURL(join(core, `dist/${entry}.js`)).href);
  const zod = measure('zod');
  const result = { core_ms: ms['@callwire/core']!, zod_alone_ms: zod, subpaths_ms: ms, runs: RUNS, built: true, figure: '' };
  result.figure = `core ${result.core_ms} ms (zod alone ${zod}); ${entries.slice(1).map((e) => `${e} ${ms[`@callwire/core/${e}`]}`).join(', ')}`;
  log(`import_ms: ${result.figure}`);
  return { import_ms: result };
}

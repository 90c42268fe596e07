// Type-checks a consumer's file (scripts/consumer-types/consumer.ts, the README's snippets) against the
// five packed packages installed with npm into a throwaway project, as a user would: TypeScript 5.9,
// strict, in every module setting a user may have — node16 and nodenext as ESM and as CommonJS, and
// bundler + esnext — each with and without exactOptionalPropertyTypes. Only @types/node is installed:
// our declarations must not need @types/better-sqlite3, @types/pg, @types/express or @types/nodemailer.
// Exits non-zero when any setting fails. Run after `pnpm build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'callwire-consumer-types-'));
const run = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

/** The provider SDKs the README's snippets use (each ships its own types, or none is needed). */
const sdks = { assemblyai: '^4.9.0', '@slack/webhook': '^8.0.2', '@googleapis/calendar': '^16.0.0', twilio: '^6.2.0', nodemailer: '^10.6.0' };
/** @types packages that must not be needed, and so must not be present (not even pulled in by another package). */
const forbiddenTypes = ['better-sqlite3', 'pg', 'express', 'nodemailer', 'smtp-server'];

/** The settings: a folder (its package.json `type`) and compiler options. */
const settings = [
  { name: 'node16 ESM', dir: 'esm', options: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'node16 CJS', dir: 'cjs', options: { module: 'node16', moduleResolution: 'node16' } },
  { name: 'nodenext ESM', dir: 'esm', options: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'nodenext CJS', dir: 'cjs', options: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'bundler esnext', dir: 'esm', options: { module: 'esnext', moduleResolution: 'bundler' } },
].flatMap((setting) => [false, true].map((exact) => ({
  ...setting,
  name: `${setting.name}${exact ? ' + exactOptionalPropertyTypes' : ''}`,
  file: `tsconfig.${setting.options.module}-${setting.options.moduleResolution}${exact ? '-exact' : ''}.json`,
  options: { ...setting.options, exactOptionalPropertyTypes: exact },
})));

let failures = 0;
try {
  const packs = join(work, 'packs');
  mkdirSync(packs);
  const dependencies = { ...sdks, typescript: '~5.9.3', '@types/node': '^20.19.0' };
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    run('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', packs], join(root, 'packages', dir));
    dependencies[manifest.name] = `file:./packs/${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`;
  }
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'callwire-consumer', private: true, dependencies }, null, 2));
  // Peer dependencies (express, pg, better-sqlite3) come in as npm 7+ installs them; no install script
  // runs, as nothing here is executed.
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], work);
  const present = existsSync(join(work, 'node_modules/@types')) ? readdirSync(join(work, 'node_modules/@types')) : [];
  console.log(`installed @types: ${present.join(', ') || 'none'}`);
  for (const name of forbiddenTypes.filter((name) => present.includes(name))) {
    failures += 1;
    console.log(`FAIL @types/${name} was installed by a dependency, so this check cannot tell whether our declarations need it`);
  }
  for (const [dir, type] of [['esm', 'module'], ['cjs', 'commonjs']]) {
    mkdirSync(join(work, dir));
    writeFileSync(join(work, dir, 'package.json'), JSON.stringify({ type }));
    copyFileSync(join(root, 'scripts/consumer-types/consumer.ts'), join(work, dir, 'consumer.ts'));
  }
  const tsc = join(work, 'node_modules/typescript/bin/tsc');
  for (const setting of settings) {
    const compilerOptions = { ...setting.options, strict: true, target: 'es2022', types: ['node'], noEmit: true, noUnusedLocals: true, skipLibCheck: false };
    writeFileSync(join(work, setting.dir, setting.file), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }, null, 2));
    const started = Date.now();
    const result = spawnSync(process.execPath, [tsc, '-p', setting.file], { cwd: join(work, setting.dir), encoding: 'utf8' });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.status === 0) console.log(`ok   ${setting.name} (${seconds} s)`);
    else {
      failures += 1;
      console.log(`FAIL ${setting.name} (${seconds} s)\n${(result.stdout + result.stderr).replaceAll(work, '<consumer>')}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures > 0) console.error(`${failures} consumer type-check setting(s) failed.`);
process.exit(failures === 0 ? 0 : 1);

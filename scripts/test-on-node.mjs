// Runs the test suite (scripts/run-tests.mjs) on another Node major: `node scripts/test-on-node.mjs 24 [vitest args]`.
//
// 1. Installs that Node (the `node-<platform>-<arch>` package: its binary and its C++ headers) into .tmp/node-<major>.
// 2. Gives better-sqlite3 a native module for that Node, as a user of that Node would have it:
//    - Node 20–23: the locked better-sqlite3 12, built for that Node's ABI against its headers (npm_config_nodedir
//      is overridden: this machine's npm config points it at the system Node's headers). The build is kept in
//      .tmp/node-<major>, so a second run does not compile again.
//    - Node 24 and later: better-sqlite3 13 (Node-API, prebuilt). better-sqlite3 12 and older abort the process on
//      Node ≥ 24.19 when a garbage-collected Statement is finalized (`Statement::~Statement` →
//      `RemoveEnvironmentCleanupHook`, https://github.com/WiseLibs/better-sqlite3/issues/1515); 13 no longer uses
//      the API that asserts. store-sqlite's peer range (>=11) admits it; it needs Node ≥ 22, so the lockfile keeps 12.
//    pnpm hard-links better-sqlite3's files from its store, shared by every checkout on the machine, so nothing
//    is written into them: the originals are moved aside (a rename changes no shared file), a symbolic link to
//    the other build takes their place, and the originals are put back at the end, whatever happened.
// 3. Runs the suite with that Node first on PATH, so vitest and every worker and child process use it, and exits
//    with the suite's status.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { newerBetterSqlite3, nodePrefix, npmInstall } from './node-installs.mjs';

const major = Number(process.argv[2]);
if (!Number.isInteger(major) || major < 20) {
  console.error('usage: node scripts/test-on-node.mjs <major ≥ 20> [vitest args]');
  process.exit(2);
}
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const root = new URL('..', import.meta.url).pathname;
const prefix = nodePrefix(major);

const distribution = join(prefix, 'node/node_modules', `node-${process.platform}-${process.arch}`);
if (!existsSync(join(distribution, 'include/node/node.h'))) npmInstall(major, 'node', `node-${process.platform}-${process.arch}@${major}`);
const nodeBin = join(distribution, 'bin');
const version = execFileSync(join(nodeBin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
const env = { ...process.env, PATH: [nodeBin, join(root, 'node_modules/.bin'), process.env.PATH].join(delimiter), npm_config_nodedir: distribution };

const locked = dirname(createRequire(join(root, 'packages/store-sqlite/package.json')).resolve('better-sqlite3/package.json'));
const lockedVersion = JSON.parse(readFileSync(join(locked, 'package.json'), 'utf8')).version;
/** better-sqlite3 13 from Node 24 on; CALLWIRE_BETTER_SQLITE3=locked builds the locked version there too (to reproduce its crash). */
const useNewer = major >= 24 && process.env.CALLWIRE_BETTER_SQLITE3 !== 'locked';
/** What replaces what: the whole package (better-sqlite3 13), or only its build directory. */
let original;
let replacement;
if (useNewer) {
  original = locked;
  replacement = newerBetterSqlite3(major);
} else {
  original = join(locked, 'build');
  replacement = join(prefix, `better-sqlite3-${lockedVersion}-build`);
}
const aside = `${original}.aside-${process.pid}`;
let status = 1;
renameSync(original, aside);
try {
  if (!useNewer && !existsSync(replacement)) {
    console.log(`Building better-sqlite3 ${lockedVersion} for Node ${version}…`);
    const gyp = spawnSync('npx', ['-y', 'node-gyp@11', 'rebuild', '--release', `--jobs=${Math.min(4, availableParallelism())}`], { cwd: locked, env, encoding: 'utf8' });
    if (gyp.status !== 0) throw new Error(`node-gyp failed:\n${gyp.stdout}\n${gyp.stderr}`);
    renameSync(original, replacement);
  }
  symlinkSync(replacement, original);
  const used = JSON.parse(readFileSync(join(useNewer ? replacement : locked, 'package.json'), 'utf8')).version;
  console.log(`Running the suite on Node ${version} with better-sqlite3 ${used} (ready in ${elapsed()})…`);
  const suite = spawnSync(join(nodeBin, 'node'), [join(root, 'scripts/run-tests.mjs'), ...process.argv.slice(3)], { cwd: root, env, stdio: 'inherit' });
  if (suite.error) console.error(suite.error);
  status = suite.status ?? 1;
} finally {
  if (lstatSync(original, { throwIfNoEntry: false })) rmSync(original, { recursive: true, force: true }); // the link, or a half-made build
  renameSync(aside, original);
}
console.log(`Node ${version}: suite ${status === 0 ? 'passed' : `FAILED (exit ${status})`}, ${elapsed()} in all.`);
process.exit(status);

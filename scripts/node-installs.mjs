// What another Node major needs, installed once under .tmp/node-<major>: used by scripts/test-on-node.mjs (the
// suite on Node 22 and 24) and by the bench's Node 24 case (bench/cases/intake.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** The folder under which what Node `major` needs is installed: `.tmp/node-<major>`. */
export function nodePrefix(major) {
  return join(root, '.tmp', `node-${major}`);
}

/** Installs `spec` with npm into its own folder `<nodePrefix(major)>/<folder>` (npm prunes what a --no-save install did not name). */
export function npmInstall(major, folder, spec) {
  const prefix = join(nodePrefix(major), folder);
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * better-sqlite3 13 (Node-API, prebuilt) for Node `major`, installed on first use; returns its package folder. From Node
 * 24 on it replaces the locked 12, which aborts on Node ≥ 24.19 (scripts/test-on-node.mjs explains).
 */
export function newerBetterSqlite3(major) {
  const folder = join(nodePrefix(major), 'better-sqlite3/node_modules/better-sqlite3');
  if (!existsSync(join(folder, 'package.json'))) npmInstall(major, 'better-sqlite3', 'better-sqlite3@13');
  return folder;
}

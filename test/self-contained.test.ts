/**
 * The repository stands alone: no file refers to a path outside it. A clone in an empty folder (nothing
 * beside it, as a user's is) must build, demo and test — so a relative path that climbs above the
 * repository root (`../shared/fixtures`, `../../../../other`), or an absolute path into the machine it was
 * written on, is refused wherever it stands: code, tests, scripts, CI, docs. (This file is left out of
 * the scan: its own examples below are such paths.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const skippedDirs = new Set(['node_modules', '.git', 'dist', '.tmp', 'coverage', '.turbo']);
/** pnpm's lockfile writes each workspace link relative to its importer's folder, not its own (generated, checked by `--frozen-lockfile`). */
const skippedFiles = new Set(['pnpm-lock.yaml', relative(root, import.meta.filename)]);
const textFile = /\.(?:[cm]?[jt]sx?|json|md|ya?ml|sh|html|css|svg|toml|txt|env\.example)$|(?:^|\/)(?:run|Dockerfile|\.npmrc|\.gitignore)$/;

/** Every text file of the repository (what a clone holds, less installed and built output). */
function repositoryFiles(dir = root): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skippedDirs.has(entry.name) || skippedFiles.has(relative(root, path))) continue;
    if (entry.isDirectory()) files.push(...repositoryFiles(path));
    else if (entry.isFile() && textFile.test(relative(root, path).split(sep).join('/')) && statSync(path).size < 2_000_000) files.push(path);
  }
  return files;
}

/** A relative path (`../…`) in `text` that resolves, from `file`'s folder, outside the repository. */
function escapingPaths(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\w.])((?:\.\.\/)+)([\w@.-][\w@./-]*)?/g)) {
    const target = resolve(dirname(file), match[1]! + (match[2] ?? ''));
    if (relative(root, target).startsWith('..')) found.push(match[0]);
  }
  return found;
}

/** Absolute paths into a particular machine's folders, which no clone elsewhere has. */
const machinePath = /(?<![\w.:/~-])\/(?:work|root|home\/[\w.-]+|Users\/[\w.-]+)\/shared\b/g;

describe('the repository stands alone', () => {
  const files = repositoryFiles();

  it('scans the whole repository (code, tests, scripts, CI, docs)', () => {
    const names = files.map((file) => relative(root, file).split(sep).join('/'));
    expect(names).toEqual(expect.arrayContaining(['.ci/run', 'README.md', 'package.json', 'packages/core/src/index.ts', 'vitest.config.ts']));
    expect(files.length).toBeGreaterThan(200);
  });

  it('refers to no path outside the repository root', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const path of [...escapingPaths(file, text), ...(text.match(machinePath) ?? [])]) offenders.push(`${relative(root, file)}: ${path}`);
    }
    expect(offenders).toEqual([]);
  });

  it('would catch a reference to ../shared (the check itself works)', () => {
    const file = join(root, 'packages/core/test/appointment/harness.ts');
    expect(escapingPaths(file, "join(import.meta.dirname, '../../../../../shared/fixtures')")).toEqual(['../../../../../shared/fixtures']);
    expect(escapingPaths(join(root, 'README.md'), 'see [the design](../shared/DESIGN.md)')).toEqual(['../shared/DESIGN.md']);
    expect(escapingPaths(join(root, 'packages/core/test/call/harness.ts'), "new URL('../../../../docs/mom-format.md', import.meta.url)")).toEqual([]);
    expect('cat /work/shared/fixtures/zapier-call.json'.match(machinePath)).toEqual(['/work/shared']);
  });
});

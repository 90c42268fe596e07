import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';

const packages = join(import.meta.dirname, '..', 'packages');

function imports(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(m|c)?ts$/.test(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) found.add(ref.fileName);
    // createRequire(…)('name'): lazy loads (libphonenumber-js).
    for (const match of text.matchAll(/\)\(\s*'([^'./][^']*)'\s*\)/g)) found.add(match[1]!);
  }
  return found;
}

describe('no unused dependency', () => {
  it('every `dependencies` entry of every package is imported by its src', () => {
    const unused: string[] = [];
    for (const name of readdirSync(packages)) {
      const manifest = JSON.parse(readFileSync(join(packages, name, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const used = [...imports(join(packages, name, 'src'))];
      for (const dependency of Object.keys(manifest.dependencies ?? {})) {
        if (!used.some((specifier) => specifier === dependency || specifier.startsWith(`${dependency}/`))) unused.push(`${name}: ${dependency}`);
      }
    }
    expect(unused).toEqual([]);
  });
});

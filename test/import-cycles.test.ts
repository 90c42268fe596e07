import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, packageImportCycles } from '../scripts/import-cycles.js';

describe('no import cycle in packages/*/src', () => {
  it('finds none', () => {
    expect(packageImportCycles()).toEqual([]);
  });

  it('would find one, type-only imports and index files included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'callwire-cycles-'));
    mkdirSync(join(dir, 'call'));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    write('call/pipeline.ts', "import { callRoutes } from './routes.js';\nexport const x = callRoutes;\n");
    write('call/routes.ts', "import type { CallPipeline } from './pipeline.js';\nexport const callRoutes = (p: CallPipeline) => p;\n");
    write('call/index.ts', "export * from './pipeline.js';\n");
    write('a.ts', "import './call';\nexport {} from './b.js';\n");
    write('b.ts', "export * from './a.js';\n");
    write('alone.ts', "import { z } from 'zod';\nexport { z };\n");
    const files = ['call/pipeline.ts', 'call/routes.ts', 'call/index.ts', 'a.ts', 'b.ts', 'alone.ts'].map((name) => join(dir, name));
    const cycles = findCycles(importGraph(files)).map((cycle) => cycle.map((file) => file.slice(dir.length + 1)));
    expect(cycles).toHaveLength(2);
    expect(cycles).toContainEqual(['call/pipeline.ts', 'call/routes.ts']);
    expect(cycles).toContainEqual(['a.ts', 'b.ts']);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { JobStore } from '@callwire/core';
import { runStoreConformance } from '@callwire/core/testing';
import { createSqliteStore } from '@callwire/store-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'callwire-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = new WeakMap<JobStore, string>();
let count = 0;

runStoreConformance(
  () => {
    const filename = join(dir, `store-${count++}.db`);
    const store = createSqliteStore({ filename });
    files.set(store, filename);
    return store;
  },
  {
    name: 'SQLite store conformance',
    describe,
    it,
    async reopen(closed) {
      const store = createSqliteStore({ filename: files.get(closed)! });
      files.set(store, files.get(closed)!);
      return store;
    },
  },
);

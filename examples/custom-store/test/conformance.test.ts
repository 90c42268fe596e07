import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { JobStore } from '@callwire/core';
import { runStoreConformance } from '@callwire/core/testing';
import { createJsonFileStore } from '../src/json-file-store.js';

const dir = mkdtempSync(join(tmpdir(), 'callwire-json-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const fileOf = new WeakMap<JobStore, string>();
const open = (filename: string) => {
  const store = createJsonFileStore({ filename });
  fileOf.set(store, filename);
  return store;
};

// The same suite the memory, SQLite and PostgreSQL stores pass; `reopen` proves the file keeps everything.
runStoreConformance(() => open(join(dir, `jobs-${files++}.json`)), {
  name: 'JSON file store (examples/custom-store)',
  describe,
  it,
  reopen: async (closed) => open(fileOf.get(closed)!),
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { createSqliteStore } from '@callwire/store-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'callwire-sqlite-mp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = fileURLToPath(new URL('./fixtures/enqueue-claim.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

it('4 processes opening one new file at once migrate it once, make 200 jobs from the same 200 keys, and never claim one twice', async () => {
  const DB_FILE = join(dir, 'shared.db');
  const runs = await Promise.all(
    Array.from({ length: 4 }, () => promisify(execFile)(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, DB_FILE } })),
  );
  const results = runs.map((run) => JSON.parse(run.stdout) as { created: string[]; claimed: string[] });
  const created = results.flatMap((r) => r.created);
  const claimed = results.flatMap((r) => r.claimed);
  expect(created).toHaveLength(200);
  expect(new Set(created).size).toBe(200);
  expect(claimed).toHaveLength(200);
  expect(new Set(claimed).size).toBe(200);
  const store = createSqliteStore({ filename: DB_FILE });
  expect((await store.stats()).byStatus.running).toBe(200);
  await store.close();
}, 60_000);

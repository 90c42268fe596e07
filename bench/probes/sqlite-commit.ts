/**
 * What one group commit of new jobs costs the SQLite store, for each of several variants of the file's settings,
 * measured side by side: every variant has its own database (made by `createSqliteStore`, so with the store's
 * schema and pragmas), and the batches alternate between them, so a busy machine weighs on all alike. A batch is
 * `BATCH` rows (default 29, what the intake bench's 50 connections group per commit) inserted the store's way
 * (one prepared single-row `INSERT … ON CONFLICT DO NOTHING` per job, in `BEGIN IMMEDIATE`), or with one
 * multi-row `INSERT … RETURNING id` (`multiRow`). Prints, per variant, the wall time of a commit (quartiles), its
 * CPU and the WAL frames it writes.
 *
 * `node --import tsx bench/probes/sqlite-commit.ts` (`BATCH`, `COMMITS`; `VARIANTS` as JSON to replace the list), e.g. the
 * schema's floor: `VARIANTS='[{"name":"as-is"},{"name":"lean","noAutoincrement":true,"noIdIndex":true,"sql":"DROP INDEX callwire_jobs_due"}]'`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore } from '@callwire/store-sqlite';
import { zapierCall } from '../zapier-call.js';

interface Variant {
  name: string;
  /** Pragmas set on the connection after the store made the file (`synchronous` is FULL unless one sets it). */
  pragmas?: string[];
  /** `page_size` of the new file. */
  pageSize?: number;
  /** SQL run on the scratch file after the store made it (a schema variant, e.g. `DROP INDEX …`). */
  sql?: string;
  /** The table rebuilt without `AUTOINCREMENT` (a schema variant). */
  noAutoincrement?: boolean;
  /** The table rebuilt without the unique index on `id` (a schema variant: lookups by id would scan). */
  noIdIndex?: boolean;
  /** One multi-row INSERT per batch instead of one statement per row. */
  multiRow?: boolean;
}

const BATCH = Number(process.env.BATCH ?? 29);
const COMMITS = Number(process.env.COMMITS ?? 400);
const variants: Variant[] = process.env.VARIANTS
  ? (JSON.parse(process.env.VARIANTS) as Variant[])
  : [
      { name: 'as-is' },
      { name: 'multi-row', multiRow: true },
      { name: 'checkpoint-4000', pragmas: ['wal_autocheckpoint = 4000'] },
      { name: 'cache-16MB', pragmas: ['cache_size = -16000'] },
      { name: 'page-8k', pageSize: 8192 },
      { name: 'normal', pragmas: ['synchronous = NORMAL'] },
      { name: 'as-is-again' },
    ];

const input = zapierCall('bench-0');
/** A time-ordered id like the store's (UUID v7 layout). */
const jobId = () => {
  const time = Date.now().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
};
const columns = `id, pipeline, key, input, status, max_attempts, run_at, created_at, updated_at`;
const values = `(?, ?, ?, ?, 'queued', ?, ?, ?, ?)`;

function open(dir: string, variant: Variant, index: number) {
  const file = join(dir, `variant-${index}.db`);
  if (variant.pageSize) {
    const empty = new Database(file);
    empty.pragma(`page_size = ${variant.pageSize}`);
    empty.exec('VACUUM');
    empty.close();
  }
  void createSqliteStore({ filename: file }).close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const pragma of variant.pragmas ?? []) db.pragma(pragma);
  if (variant.noAutoincrement || variant.noIdIndex) {
    const objects = db.prepare(`SELECT type, sql FROM sqlite_master WHERE tbl_name = 'callwire_jobs' AND sql IS NOT NULL`).all() as Array<{ type: string; sql: string }>;
    db.exec('DROP TABLE callwire_jobs');
    for (const { type, sql } of objects.sort((a, b) => Number(b.type === 'table') - Number(a.type === 'table'))) {
      db.exec(type === 'table' ? rebuiltTable(sql, variant) : sql);
    }
  }
  if (variant.sql) db.exec(variant.sql);
  const single = db.prepare(`INSERT INTO callwire_jobs (${columns}) VALUES ${values} ON CONFLICT (pipeline, key) DO NOTHING`);
  const multi = db.prepare(
    `INSERT INTO callwire_jobs (${columns}) VALUES ${Array.from({ length: BATCH }, () => values).join(', ')} ON CONFLICT (pipeline, key) DO NOTHING RETURNING id`,
  );
  const insertRows = db.transaction((rows: unknown[][]) => {
    for (const row of rows) single.run(...row);
  });
  const insertMulti = db.transaction((rows: unknown[][]) => multi.all(...rows.flat()));
  let next = 0;
  const batch = () => {
    const now = Date.now();
    const rows = Array.from({ length: BATCH }, () => [jobId(), 'calls', `bench-${next++}`, input, 3, now, now, now]);
    (variant.multiRow ? insertMulti : insertRows).immediate(rows);
  };
  return { variant, db, batch, times: [] as number[], cpu: 0, frames: 0 };
}

/** The jobs table's SQL with the variant's schema changes. */
function rebuiltTable(sql: string, variant: Variant): string {
  let table = sql;
  if (variant.noAutoincrement) table = table.replace('AUTOINCREMENT', '');
  if (variant.noIdIndex) table = table.replace(/\bid\s+TEXT NOT NULL UNIQUE/, 'id TEXT NOT NULL');
  return table;
}

const dir = mkdtempSync(join(tmpdir(), 'callwire-sqlite-commit-'));
try {
  const targets = variants.map((variant, index) => open(dir, variant, index));
  for (let round = 0; round < 150; round++) for (const target of targets) target.batch();
  // WAL frames per commit: counted from an emptied WAL over 40 commits (below the 1,000-frame auto-checkpoint).
  for (const target of targets) target.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let round = 0; round < 40; round++) for (const target of targets) target.batch();
  for (const target of targets) target.frames = (target.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log / 40;
  for (let round = 0; round < COMMITS; round++) {
    for (const target of targets) {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      target.batch();
      target.times.push(Number(process.hrtime.bigint() - start) / 1_000);
      const used = process.cpuUsage(cpu);
      target.cpu += used.user + used.system;
    }
  }
  console.log(`${BATCH} rows per commit, ${COMMITS} commits per variant, interleaved (µs)`);
  for (const target of targets) {
    const sorted = target.times.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))]!.toFixed(0);
    console.log(
      `${target.variant.name.padEnd(16)} commit p25 ${at(0.25)} p50 ${at(0.5)} p75 ${at(0.75)}  CPU ${(target.cpu / COMMITS).toFixed(0)} ` +
        `(${(target.cpu / COMMITS / BATCH).toFixed(1)} per row)  WAL frames ${target.frames.toFixed(1)}`,
    );
    target.db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * `pnpm bench`: runs every benchmark case on this machine and writes bench/results.json
 * (`{ cases: { <case>: { baseline_rps, callwire_rps, ratio, p50_ms, p99_ms, … } }, machine, at }`) and a
 * markdown table. `BENCH_ONLY=intake,engine` runs some groups (results.json is then left alone);
 * `BENCH_SECONDS` and `BENCH_ROUNDS` shorten the HTTP rounds. The servers under test run the built packages
 * (bench/built.ts), built first when stale.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { runBurstBench } from './cases/burst.js';
import { runEngineBench } from './cases/engine.js';
import { runEnqueueBench } from './cases/enqueue.js';
import { runImportBench } from './cases/import.js';
import { runIntakeBench } from './cases/intake.js';
import { runRecordingBench } from './cases/recording.js';
import { measureBuilt } from './built.js';
import { load } from './load.js';

const groups: Record<string, (log: (line: string) => void) => Promise<Record<string, object>>> = {
  intake: runIntakeBench,
  engine: runEngineBench,
  recording: runRecordingBench,
  import: runImportBench,
  enqueue: runEnqueueBench,
  burst: runBurstBench,
};
const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
const started = Date.now();
const cases: Record<string, object> = {};
const log = (line: string) => console.log(line);
measureBuilt(log);
const machine = {
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model,
  memory_gib: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  load_average_at_start: loadavg().map((value) => Number(value.toFixed(2))),
};
for (const [name, run] of Object.entries(groups)) {
  if (only && !only.includes(name)) continue;
  Object.assign(cases, await run(log));
}

/** The budgets (docs/bench.md), checked against each case's figures (reported, never asserted). */
const targets: Record<string, [string, (c: Record<string, number>) => boolean]> = {
  intake_node: ['ratio ≥ 0.5, p99 < 10 ms', (c) => c.ratio! >= 0.5 && c.p99_ms! < 10],
  intake_express: ['ratio ≥ 0.8', (c) => c.ratio! >= 0.8],
  intake_express_node24: ['ratio ≥ 0.8', (c) => c.ratio! >= 0.8],
  intake_postgres: ['ratio ≥ 0.3', (c) => c.ratio! >= 0.3],
  duplicates: ['ratio ≥ 0.6, exactly one job', (c) => c.ratio! >= 0.6 && c.jobs_after === 1],
  engine: ['< 1 000 µs CPU/job', (c) => c.cpu_us_per_job! < 1000],
  recording_rss: ['< 30 MB added', (c) => c.rss_added_mb! < 30],
  import_ms: ['core < 80 ms', (c) => c.core_ms! < 80],
  burst: ['makespan ≤ 1.5 × ideal, 0 dead, 0 duplicates', burstMet],
  burst_1000: ['makespan ≤ 1.5 × ideal, 0 dead, 0 duplicates', burstMet],
  burst_sqs: ['billed ≤ 3 × CPU, longest invocation ≤ R + T + 10 s, 0 dead, 0 duplicates', (c) => c.billed_to_cpu! <= 3 && c.longest_invocation_s! <= 25 && c.dead === 0 && c.duplicates === 0 && c.missing === 0],
};
function burstMet(c: Record<string, number>): boolean {
  return c.ratio_to_ideal! <= 1.5 && c.dead === 0 && c.duplicates === 0 && c.missing === 0;
}
for (const [name, [target, check]] of Object.entries(targets)) {
  const values = cases[name] as Record<string, number> | undefined;
  if (values) Object.assign(values, { target, met: check(values) ? 'yes' : 'NO' });
}

const results = { cases, machine, settings: { ...load, command: 'pnpm bench' }, duration_s: Math.round((Date.now() - started) / 1000), at: new Date().toISOString() };
if (!only) writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');

const columns = ['baseline_rps', 'callwire_rps', 'ratio', 'p50_ms', 'p99_ms', 'figure', 'target', 'met'] as const;
console.log(`\n| case | ${columns.join(' | ')} |\n| --- | ${columns.map(() => '---:').join(' | ')} |`);
for (const [name, values] of Object.entries(cases)) {
  console.log(`| ${name} | ${columns.map((c) => String((values as Record<string, unknown>)[c] ?? '')).join(' | ')} |`);
}
console.log(
  `\nMachine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gib} GiB, Node ${machine.node}, load average ${machine.load_average_at_start.join(' ')}. ` +
    `${results.duration_s} s. ${only ? 'Partial run: bench/results.json not written.' : 'Written to bench/results.json.'}`,
);

/**
 * `pnpm bench`: runs every benchmark case on this machine and writes bench/results.json
 * (`{ cases: { <case>: { baseline_rps, callwire_rps, ratio, … } }, machine, at }`) and a markdown table.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { runEnqueueBench } from './cases/enqueue.js';

const cases: Record<string, object> = {};
const log = (line: string) => console.log(line);
Object.assign(cases, await runEnqueueBench(log));

const machine = { cpus: cpus().length, cpu_model: cpus()[0]?.model, memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
const results = { cases, machine, at: new Date().toISOString() };
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');

const columns = ['baseline_rps', 'callwire_rps', 'ratio'] as const;
console.log(`\n| case | ${columns.join(' | ')} |\n| --- | ${columns.map(() => '---:').join(' | ')} |`);
for (const [name, values] of Object.entries(cases)) {
  console.log(`| ${name} | ${columns.map((c) => String((values as Record<string, unknown>)[c] ?? '')).join(' | ')} |`);
}
console.log(`\nMachine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gib} GiB, Node ${machine.node}. Written to bench/results.json.`);

/**
 * `pnpm faults:kill`: the load-and-kill runs — many calls in flight through 3 server processes (intake + worker)
 * while processes are SIGKILLed at random — 5 runs on SQLite and 5 on PostgreSQL (embedded unless DATABASE_URL),
 * with the Slack Web API notifier and with an incoming webhook. Prints one line per run and the totals, and exits
 * non-zero when a guarantee does not hold: every acknowledged call stored and posted; with the Web API notifier no
 * post duplicated; with the incoming webhook every duplicate reported by a `step.maybe-duplicated` event.
 *
 *   RUNS=5 CALLS=200 KILLS=5 pnpm faults:kill
 */
import { startPostgres } from '../test-support/postgres.js';
import { loadAndKill, type LoadKillResult } from '../test-support/load-kill/run.js';

const runs = Number(process.env.RUNS ?? 5);
const calls = Number(process.env.CALLS ?? 200);
const kills = Number(process.env.KILLS ?? 5);
const postgres = await startPostgres();
const results: LoadKillResult[] = [];
let failed = false;
try {
  for (const notifier of ['webapi', 'webhook'] as const) {
    for (const store of ['sqlite', 'postgres'] as const) {
      for (let run = 1; run <= runs; run++) {
        const result = await loadAndKill({ store, notifier, calls, kills, databaseUrl: postgres.url });
        results.push(result);
        const broken = problems(result);
        failed ||= broken.length > 0;
        console.log(`${notifier.padEnd(7)} ${store.padEnd(8)} run ${run}: ${JSON.stringify({ ...result, durationMs: undefined })}${broken.length ? `  ✗ ${broken.join('; ')}` : ''}`);
      }
    }
  }
} finally {
  await postgres.destroy();
}

console.log('\n| notifier | store | runs | calls | kills | acked | stored | posts | duplicated | missing | confirmed | reported (events) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const notifier of ['webapi', 'webhook']) {
  for (const store of ['sqlite', 'postgres']) {
    const group = results.filter((r) => r.notifier === notifier && r.store === store);
    const sum = (key: keyof LoadKillResult) => group.reduce((total, r) => total + (r[key] as number), 0);
    console.log(`| ${notifier} | ${store} | ${group.length} | ${sum('calls')} | ${sum('kills')} | ${sum('acked')} | ${sum('stored')} | ${sum('posts')} | ${sum('duplicated')} | ${sum('missing')} | ${sum('confirmed')} | ${sum('reported')} |`);
  }
}
process.exit(failed ? 1 : 0);

/** What a run broke of the guarantees. */
function problems(r: LoadKillResult): string[] {
  const found: string[] = [];
  if (r.acked !== r.calls) found.push(`${r.calls - r.acked} calls never acknowledged`);
  if (r.stored !== r.acked || r.succeeded !== r.acked) found.push(`acked ${r.acked}, stored ${r.stored}, succeeded ${r.succeeded}`);
  if (r.missing > 0) found.push(`${r.missing} missing`);
  if (r.notifier === 'webapi' && r.duplicated > 0) found.push(`${r.duplicated} duplicated posts`);
  if (r.notifier === 'webhook' && r.duplicated > r.reported) found.push(`${r.duplicated - r.reported} duplicates not reported`);
  return found;
}

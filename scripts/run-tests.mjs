// Runs the whole vitest suite, then prints one plain summary line ("Tests: N passed, N failed") and
// fails the run when any test was skipped or left as todo, or when no test ran at all: a test that
// cannot run must fail and say why, never pass silently. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

ensureChromium();
mkdirSync('.tmp', { recursive: true });
const report = '.tmp/vitest-report.json';
const vitest = spawnSync('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error(`No test report was written (${report}); vitest exited with ${vitest.status ?? vitest.signal}.`);
  process.exit(vitest.status || 1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(`\nTests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (skipped > 0) console.error('Skipped or todo tests are not allowed: make them run, or remove them.');
if (summary.numTotalTests === 0) console.error('No test ran.');
process.exit(vitest.status || (skipped > 0 || summary.numTotalTests === 0 ? 1 : 0));

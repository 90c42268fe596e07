// Runs the whole vitest suite, then prints one plain summary line ("Tests: N passed, N failed") and
// fails the run unless every collected test ran to the end and passed: a test skipped or left as todo, a
// test left pending (its worker crashed, or the run stopped), a file that failed to load, an error thrown
// outside any test, vitest itself killed by a signal, or no test at all — each fails the run and says
// why. A test that cannot run must fail and say why, never pass silently. Extra arguments go to vitest;
// CALLWIRE_TEST_REPORT names the JSON report (default .tmp/vitest-report.json). test/run-tests.test.ts
// runs this script on fixtures that do each of these things.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

ensureChromium();
const report = resolve(process.env.CALLWIRE_TEST_REPORT ?? '.tmp/vitest-report.json');
mkdirSync(dirname(report), { recursive: true });
rmSync(report, { force: true }); // never read a previous run's report
const vitest = spawn('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  stdio: ['inherit', 'pipe', 'pipe'],
  shell: process.platform === 'win32',
});
// The output is passed through as it comes, and read for errors vitest reports outside any test.
let unhandled = 0;
const scan = (text) => {
  for (const match of text.replace(/\u001b\[[0-9;]*m/g, '').matchAll(/Vitest caught (\d+) unhandled errors?/g)) unhandled += Number(match[1]);
};
vitest.stdout.on('data', (chunk) => { process.stdout.write(chunk); scan(chunk.toString()); });
vitest.stderr.on('data', (chunk) => { process.stderr.write(chunk); scan(chunk.toString()); });
const [code, signal] = await new Promise((done) => vitest.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])));

const problems = [];
if (signal) problems.push(`vitest was killed by ${signal}.`);
else if (code !== 0) problems.push(`vitest exited with ${code}.`);
if (unhandled > 0) problems.push(`${unhandled} error(s) were thrown outside any test (a crashed worker, an unhandled rejection, a timer throwing after its test).`);
let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error(`\nNo test report was written (${report}). ${problems.join(' ')}`);
  process.exit(1);
}
const tests = summary.testResults.flatMap((file) => file.assertionResults.map((test) => ({ file: file.name, ...test })));
const unfinished = tests.filter((test) => test.status !== 'passed' && test.status !== 'failed');
const brokenFiles = summary.testResults.filter((file) => file.status !== 'passed' && !file.assertionResults.some((test) => test.status === 'failed'));
const finished = summary.numPassedTests + summary.numFailedTests;
console.log(`\nTests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed${unfinished.length ? `, ${unfinished.length} did not run to the end` : ''}`);
if (unfinished.length > 0) {
  problems.push(`${unfinished.length} test(s) did not run to the end (skipped, todo, or pending after a crash): make them run, or remove them.`);
  for (const test of unfinished.slice(0, 20)) console.error(`  ${test.status.padEnd(8)} ${test.file} › ${test.fullName}`);
}
for (const file of brokenFiles) problems.push(`${file.name} did not run: ${(file.message || file.status).split('\n')[0]}`);
if (summary.numFailedTestSuites > 0 && brokenFiles.length === 0 && summary.numFailedTests === 0) problems.push(`${summary.numFailedTestSuites} test file(s) failed outside their tests.`);
if (finished !== summary.numTotalTests || tests.length !== summary.numTotalTests) {
  problems.push(`${summary.numTotalTests} tests were counted, ${tests.length} reported and ${finished} finished.`);
}
if (summary.numTotalTests === 0) problems.push('No test ran.');
if (summary.success === false && problems.length === 0) problems.push('vitest reported the run as unsuccessful.');
for (const problem of problems) console.error(problem);
process.exit(problems.length === 0 ? 0 : 1);

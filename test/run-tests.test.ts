/**
 * The test command (scripts/run-tests.mjs) fails on every test that did not run to the end, not only on
 * failed ones: it is run on small fixture files (test/fixtures/runner) that pass, crash their worker
 * (SIGKILL, as a native abort does), fail to load, throw outside any test, or skip a test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const reports = mkdtempSync(join(tmpdir(), 'callwire-runner-'));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

/** Runs the test command on one fixture file; resolves its exit code and output. */
function runOn(fixture: string): Promise<{ code: number; output: string }> {
  const env = {
    ...process.env,
    PATH: [join(root, 'node_modules/.bin'), process.env.PATH].join(delimiter),
    CALLWIRE_TEST_REPORT: join(reports, `${fixture}.json`),
    CALLWIRE_NO_APT: '1',
    NO_COLOR: '1',
  };
  const args = [join(root, 'scripts/run-tests.mjs'), '--config', join(root, 'test/fixtures/runner/vitest.config.mjs'), `${fixture}.fixture.ts`];
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout + stderr });
    });
  });
}

describe('the test command', () => {
  // All five at once: each is a small vitest run of its own.
  const runs = Object.fromEntries(['passes', 'crash', 'load-error', 'unhandled', 'skipped'].map((fixture) => [fixture, runOn(fixture)]));

  it('passes a file whose tests all pass (so the refusals below are not an accident of the setup)', async () => {
    const { code, output } = await runs.passes!;
    expect(output).toContain('Tests: 1 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('fails when a worker crashes, naming the tests it left pending', async () => {
    const { code, output } = await runs.crash!;
    expect(output).toMatch(/pending\s+\S*crash\.fixture\.ts › never runs/);
    expect(output).toContain('did not run to the end');
    expect(code).toBe(1);
  });

  it('fails when a file fails to load', async () => {
    const { code, output } = await runs['load-error']!;
    expect(output).toMatch(/load-error\.fixture\.ts did not run: this file fails to load/);
    expect(code).toBe(1);
  });

  it('fails when an error is thrown outside any test, though every test passed', async () => {
    const { code, output } = await runs.unhandled!;
    expect(output).toContain('Tests: 1 passed, 0 failed');
    expect(output).toContain('1 error(s) were thrown outside any test');
    expect(code).toBe(1);
  });

  it('fails when a test is skipped', async () => {
    const { code, output } = await runs.skipped!;
    expect(output).toMatch(/skipped\s+\S*skipped\.fixture\.ts › is skipped/);
    expect(code).toBe(1);
  });
});

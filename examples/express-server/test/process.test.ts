import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { samplePayloads } from '@callwire/core/testing';

const dir = mkdtempSync(join(tmpdir(), 'callwire-server-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('pnpm start: serves with the sandbox when nothing is configured, logs no phone numbers, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: join(import.meta.dirname, '..'), // as `pnpm start` runs it
    env: { PATH: process.env.PATH, PORT: '0', DATABASE_FILE: join(dir, 'callwire.db'), SUPPORT_NUMBERS: '09631084471' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /listening on (http:\/\/\S+) /.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 20);
    void exited.then(() => reject(new Error(`server exited early:\n${output}`)));
  });
  expect(output).toContain('Slack: sandbox (local fake; set SLACK_WEBHOOK_URL for the real one)');
  expect(output).toContain('Twilio SMS: sandbox');
  expect(output).toContain('WEBHOOK_SECRET is not set');

  const accepted = await fetch(`${url}/webhook/zapier`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: samplePayloads.zapierCall.body });
  expect(accepted.status).toBe(200);
  expect((await fetch(`${url}/health`)).status).toBe(200);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toContain('SIGTERM: stopping');
  expect(output).not.toMatch(/9876543210|9631084471/); // the call's numbers never reach the server's logs
});

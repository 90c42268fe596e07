/**
 * Finding 9 of the hardening issue: the example server bound every interface but printed
 * `http://127.0.0.1`, and with no `WEBHOOK_SECRET` accepted anyone's webhooks while real providers were
 * configured. Now it binds 127.0.0.1 unless HOST says otherwise, prints the address it really listens
 * on, and refuses to start open with real providers unless ALLOW_OPEN_WEBHOOKS=1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig, startupRefusal } from '../src/config.js';
import { closeServer, listenOn } from '../src/listen.js';

const dir = mkdtempSync(join(tmpdir(), 'callwire-server-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const slack = { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' };

describe('finding 9: the example server', () => {
  it('binds 127.0.0.1 by default and reports the address it really listens on', async () => {
    expect(readConfig({}).host).toBe('127.0.0.1');
    const local = await listenOn(express(), 0);
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((local.server.address() as { address: string }).address).toBe('127.0.0.1');
    await closeServer(local.server);
    const everywhere = await listenOn(express(), 0, readConfig({ HOST: '0.0.0.0' }).host);
    expect(everywhere.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    await closeServer(everywhere.server);
  });

  it('refuses to start with a real provider and no WEBHOOK_SECRET, unless ALLOW_OPEN_WEBHOOKS=1', async () => {
    expect(startupRefusal(readConfig(slack))).toMatch(/WEBHOOK_SECRET is not set.*ALLOW_OPEN_WEBHOOKS=1/);
    expect(startupRefusal(readConfig({ ...slack, ALLOW_OPEN_WEBHOOKS: '1' }))).toBeUndefined();
    expect(startupRefusal(readConfig({ ...slack, WEBHOOK_SECRET: 'w'.repeat(32) }))).toBeUndefined();
    expect(startupRefusal(readConfig({}))).toBeUndefined(); // the sandbox reaches no one

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH, PORT: '0', DATABASE_FILE: join(dir, 'open.db'), ...slack },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, output).toBe(1);
    expect(output).toContain('refusing to start');
    expect(output).not.toContain('listening on');
  });
});

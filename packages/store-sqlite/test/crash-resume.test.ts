import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createPipeline } from '@callwire/core';
import { createSqliteStore } from '@callwire/store-sqlite';
import { startChild } from './child-process.js';

const dir = mkdtempSync(join(tmpdir(), 'callwire-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const startWorker = (mode: 'hang' | 'finish', env: Record<string, string>) => startChild('two-step-worker.ts', { ...env, MODE: mode });

it('resumes a job at its second step after the worker is SIGKILLed between steps; the first effect happens once', async () => {
  const env = { DB_FILE: join(dir, 'callwire.db'), EFFECTS_FILE: join(dir, 'effects.log') };
  writeFileSync(env.EFFECTS_FILE, '');
  const store = createSqliteStore({ filename: env.DB_FILE });
  const { job } = await createPipeline({ name: 'two-steps', store, run: async () => null }).enqueue('call-1', {});

  const first = startWorker('hang', env);
  for await (const line of first.lines) if (line === 'IN_SECOND') break;
  first.child.kill('SIGKILL');
  const [, signal] = await once(first.child, 'exit');
  expect(signal).toBe('SIGKILL');

  const crashed = await store.get(job.id);
  expect(crashed?.status).toBe('running');
  expect(crashed?.steps.first?.status).toBe('succeeded');
  expect(crashed?.steps.second).toBeUndefined();
  expect(readFileSync(env.EFFECTS_FILE, 'utf8')).toBe('first\n');

  const second = startWorker('finish', env);
  const events: string[] = [];
  for await (const line of second.lines) if (line.startsWith('EVENT ')) events.push(line.slice(6).trim());
  const [code] = await once(second.child, 'exit').catch(() => [second.child.exitCode]);
  expect(second.child.exitCode ?? code).toBe(0);

  // The restarted worker reused step one and ran only step two.
  expect(events).toEqual(['job.started', 'step.reused first', 'step.succeeded second', 'job.succeeded']);
  expect(readFileSync(env.EFFECTS_FILE, 'utf8')).toBe('first\nsecond\n');
  const done = await store.get(job.id);
  expect(done?.status).toBe('succeeded');
  expect(done?.attempts).toBe(2);
  expect(done?.steps.first?.attempts).toBe(1);
  await store.close();
}, 60_000);

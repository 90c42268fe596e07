/**
 * Writes docs/screenshots/console-*.png: each console view over real pipelines and fakes, in
 * Debian's Chromium. Run from the repository root:
 *
 *   node --import tsx packages/core/test/console/screenshots.ts
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startConsoleApp, OPERATOR_SECRET } from './app.js';
import { launchChromium } from './chromium.js';

const out = join(import.meta.dirname, '../../../../docs/screenshots');
mkdirSync(out, { recursive: true });

const app = await startConsoleApp();
const browser = await launchChromium({ width: 1200, height: 800 });
try {
  await app.call('c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90');
  await app.call('d41b77a09c3e4f5a8b6c2e1f0a9d8c7b', { agent_name: 'Ravi Kumar', department: 'Sales', duration: 0, recording_url: undefined, status: 'no-answer' });
  app.slack.broken = true;
  const dead = await app.call('f1e2d3c4b5a697887766554433221100');
  app.slack.broken = false;
  /** 9:00 or 10:00 in Los Angeles (17:00 UTC), `days` from now. */
  const morning = (days: number) => new Date(`${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T17:00:00Z`).toISOString();
  const booked = await app.book({ callback_time: morning(3) });
  const cancelled = await app.book({ customer_name: 'Priya Nair', caller: '+14155550188', email: 'priya@example.com', callback_time: morning(4) });
  await app.appointments.cancel(cancelled.id);
  await app.settle();
  const calls = await app.store.list({ pipeline: 'calls', status: 'succeeded' });
  const call = calls.find((job) => job.key === 'c8a3f1e0b2d44c6e9f1a7b3c5d2e8f90')!;

  const page = await browser.context.newPage();
  const shot = async (name: string, path: string, target: Page = page) => {
    await target.goto(app.url(path));
    const file = join(out, `console-${name}.png`);
    await target.screenshot({ path: file, fullPage: true });
    console.log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
  };
  await shot('login', '/login');
  await page.getByLabel('Operator secret').fill(OPERATOR_SECRET);
  await page.getByRole('button', { name: 'Log in' }).click();
  await shot('jobs', '/jobs');
  await shot('job-timeline', `/jobs/${dead.id}`);
  await shot('confirm-redrive', `/jobs/${dead.id}/redrive`);
  await shot('calls', '/calls');
  await shot('call-slack-preview', `/calls/${call.id}`);
  await shot('appointments', '/appointments');
  await shot('appointment', `/appointments/${booked.id}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('jobs-phone', '/jobs?status=dead');
} finally {
  await browser.close();
  await app.close();
}

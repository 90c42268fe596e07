import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startConsoleApp, OPERATOR_SECRET, type ConsoleApp } from './app.js';
import { launchChromium } from './chromium.js';

let app: ConsoleApp;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
/** Why Chromium did not start: every test fails with it (a missing browser never skips a test). */
let launchError: unknown;
let deadJobId: string;
let previewJobId: string;
let keyboardJobId: string;
/** Console errors (a CSP violation is one) of every page. */
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startConsoleApp();
  app.slack.broken = true;
  deadJobId = (await app.call('browser-dead')).id;
  keyboardJobId = (await app.call('browser-keyboard')).id;
  app.slack.broken = false;
  previewJobId = (await app.call('browser-preview')).id;
  app.worker.start();
  browser = await launchChromium().catch((error: unknown) => {
    launchError = error;
    return undefined;
  });
});

function browserContext(): BrowserContext {
  if (!browser) throw launchError;
  return browser.context;
}
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function newPage(): Promise<Page> {
  const page = await browserContext().newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/** Logs in through the form (an open session sends /login on to the jobs). */
async function logIn(page: Page, secret = OPERATOR_SECRET) {
  await page.goto(app.url('/login'));
  if (new URL(page.url()).pathname !== '/console/login') return;
  await page.getByLabel('Operator secret').fill(secret);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('the console in Chromium', () => {
  it('refuses access without the secret, and with a wrong one', async () => {
    const page = await newPage();
    await page.goto(app.url('/jobs'));
    expect(new URL(page.url()).pathname).toBe('/console/login');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in');
    await logIn(page, 'wrong-secret');
    expect(await page.getByRole('alert').textContent()).toBe('That is not the operator secret.');
    expect(new URL(page.url()).pathname).toBe('/console/login');
    expect(await browserContext().cookies()).toEqual([]);
    expect(await page.getByRole('link', { name: 'Jobs' }).count()).toBe(0);
    await page.close();
  });

  it('logs in, finds the dead job, re-drives it after Slack is fixed, and sees it succeed', async () => {
    const page = await newPage();
    await logIn(page);
    expect(new URL(page.url()).pathname).toBe('/console/jobs');
    const cookies = await browserContext().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['callwire_console', true, 'Strict']]);
    expect(cookies[0]!.value).not.toContain(OPERATOR_SECRET);

    await page.getByRole('link', { name: /^dead\s*2$/ }).click();
    expect(new URL(page.url()).search).toBe('?status=dead');
    expect(await page.getByRole('row').filter({ hasText: 'invalid_blocks' }).count()).toBe(2);
    const row = page.getByRole('row').filter({ hasText: deadJobId });
    expect(await row.textContent()).toContain('post-slack: Slack answered 400: invalid_blocks');
    await row.getByRole('link', { name: deadJobId }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Job ${deadJobId}`);
    expect(await page.locator('ol.timeline li.failed').textContent()).toContain('Slack answered 400: invalid_blocks');

    await page.getByRole('link', { name: 'Re-drive job…' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Re-drive job?');
    await page.getByRole('button', { name: 'Yes, re-drive job' }).click();
    expect(await page.getByRole('status').textContent()).toContain('The job was re-driven');

    await expect
      .poll(async () => {
        await page.reload();
        return page.locator('dl.facts .badge').first().textContent();
      }, { timeout: 15_000, interval: 100 })
      .toBe('succeeded');
    expect(await page.locator('ol.timeline li', { hasText: 'post-slack' }).getByText('succeeded').count()).toBe(1);
    expect(app.sandbox.fakes.slack.messages.some((m) => JSON.stringify(m.body).includes('browser-dead'))).toBe(true);
    await page.close();
  });

  it("previews a call's Slack message as Slack draws it", async () => {
    const page = await newPage();
    await logIn(page);
    await page.getByRole('link', { name: 'Calls', exact: true }).click();
    await page.getByRole('link', { name: 'browser-preview' }).click();
    expect(new URL(page.url()).pathname).toBe(`/console/calls/${previewJobId}`);
    const preview = page.getByRole('region', { name: 'Slack message preview' });
    expect(await preview.locator('.sk-section').count()).toBe(9);
    expect(await preview.locator('.sk-mention').textContent()).toBe('@U04ASHA123');
    expect(await preview.locator('pre').textContent()).toContain('Customer: Hi, I placed an order last week');
    expect(await preview.textContent()).toContain('📞 Support Number:');
    // The stylesheet loaded under the CSP: mentions are drawn on Slack's blue.
    expect(await preview.locator('.sk-mention').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(232, 245, 250)');
    expect(await page.locator('script').count()).toBe(0);
    await page.close();
  });

  it('reaches the actions by keyboard: skip link first, then Tab to the action, Enter to confirm', async () => {
    const page = await newPage();
    await logIn(page);
    await page.goto(app.url(`/jobs/${keyboardJobId}`));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'Re-drive job…'; i++) {
      await page.keyboard.press('Tab');
      focused = (await page.evaluate(() => document.activeElement?.textContent)) ?? '';
    }
    expect(focused).toBe('Re-drive job…');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/redrive$/);
    focused = '';
    for (let i = 0; i < 20 && focused !== 'Yes, re-drive job'; i++) {
      await page.keyboard.press('Tab');
      focused = (await page.evaluate(() => document.activeElement?.textContent)) ?? '';
    }
    expect(focused).toBe('Yes, re-drive job');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=redrive$/);
    expect(['queued', 'running', 'succeeded']).toContain((await app.store.get(keyboardJobId))!.status);
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const page = await newPage();
    await logIn(page);
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/jobs', `/jobs/${deadJobId}`, `/calls/${previewJobId}`, '/appointments']) {
      await page.goto(app.url(path));
      expect([path, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([path, 375]);
    }
    await page.close();
  });

  it('logged no console errors (no CSP violations, no missing resources) on any page', () => {
    browserContext();
    // The one expected error: the wrong-secret login page answers 401.
    expect(consoleErrors.filter((error) => !error.includes('status of 401'))).toEqual([]);
    expect(consoleErrors.length).toBe(1);
  });
});

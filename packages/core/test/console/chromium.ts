import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium: the browser tests drive the real thing. */
export const chromiumPath = '/usr/bin/chromium';

const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches Debian's Chromium with a fresh profile. Fails (never skips) when it is not installed, and
 * says how to install it.
 */
export async function launchChromium(options: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The browser tests need Debian's Chromium at ${chromiumPath}, and it is not installed. Install it (as root) with: apt-get update && apt-get install -y --no-install-recommends chromium`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'callwire-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  // Fail with the locator's message well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// The console's browser tests drive Debian's Chromium (/usr/bin/chromium). On a fresh machine the test
// command installs it first when it can (root with apt-get), so the Quick start's test command works
// from nothing; elsewhere it prints how to install it, and the browser tests fail saying so.
// Set CALLWIRE_NO_APT=1 to never install anything.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt || process.env.CALLWIRE_NO_APT === '1') {
    console.warn('Chromium is not installed: the console browser tests will fail. Install it: apt-get install -y chromium');
    return;
  }
  console.log('Installing Debian\'s chromium for the console browser tests (apt-get; set CALLWIRE_NO_APT=1 to skip)…');
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null'], { stdio: 'inherit' });
}

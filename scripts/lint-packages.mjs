// Packs every publishable package the way `pnpm publish` would (workspace: ranges resolved), then
// checks each tarball with publint (package.json and files) and @arethetypeswrong/cli (types in every
// module resolution mode). Exits non-zero on any problem. Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packs = mkdtempSync(join(tmpdir(), 'callwire-packs-'));
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
let failures = 0;
try {
  for (const dir of readdirSync(join(root, 'packages'))) {
    const cwd = join(root, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    run('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', packs], cwd);
    const tarball = join(packs, `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
    for (const [tool, args] of [['publint', ['publint', tarball, '--strict']], ['attw', ['attw', tarball, '--format', 'ascii']]]) {
      try {
        run('npx', ['--no-install', ...args]);
        console.log(`ok   ${tool.padEnd(7)} ${manifest.name}`);
      } catch (error) {
        failures += 1;
        console.log(`FAIL ${tool.padEnd(7)} ${manifest.name}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      }
    }
  }
} finally {
  rmSync(packs, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);

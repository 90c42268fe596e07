import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../test-support/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server every test file shares (`DATABASE_URL`, or an embedded one started here). */
    databaseUrl: string;
  }
}

/** Starts one PostgreSQL server for the whole run and hands its URL to the tests via `inject('databaseUrl')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('databaseUrl', postgres.url);
  return () => postgres.stop();
}

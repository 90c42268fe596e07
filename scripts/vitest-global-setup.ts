import type { TestProject } from 'vitest/node';
import { startPostgres } from '../test-support/postgres.js';
import type {} from '../test-support/vitest-context.js';

/** Starts one PostgreSQL server for the whole run and hands its URL to the tests via `inject('databaseUrl')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('databaseUrl', postgres.url);
  return () => postgres.destroy();
}

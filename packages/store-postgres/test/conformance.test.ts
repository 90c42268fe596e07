import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, inject, it } from 'vitest';
import type { JobStore } from '@callwire/core';
import { runStoreConformance } from '@callwire/core/testing';
import { createPostgresStore } from '@callwire/store-postgres';

const url = inject('databaseUrl');
const admin = new pg.Pool({ connectionString: url, max: 2 });
const schemas: string[] = [];
const schemaOf = new WeakMap<JobStore, string>();
afterAll(async () => {
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

const open = (schema: string) => {
  const store = createPostgresStore({ connectionString: url, schema, maxConnections: 20 });
  schemaOf.set(store, schema);
  return store;
};

runStoreConformance(
  () => {
    const schema = `cw_conformance_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    return open(schema);
  },
  { name: 'PostgreSQL store conformance', describe, it, reopen: async (closed) => open(schemaOf.get(closed)!) },
);

import { describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStoreOptions } from '@callwire/store-postgres';

describe('createPostgresStore checks its options at construction, naming each', () => {
  it.each([
    ['connectionString', {}],
    ['connectionString', { connectionString: '' }],
    ['pool', { pool: { query: () => {} } }],
    ['maxConnections', { connectionString: 'postgres://localhost/db', maxConnections: 0 }],
    ['schema', { connectionString: 'postgres://localhost/db', schema: 'public; drop table jobs' }],
  ] as const)('a bad %s → TypeError naming it', (option, options) => {
    expect(() => createPostgresStore(options as unknown as PostgresStoreOptions)).toThrow(new RegExp(`^createPostgresStore: option \`${option}\` `));
  });
});

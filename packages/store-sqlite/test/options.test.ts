import { describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStoreOptions } from '@callwire/store-sqlite';

describe('createSqliteStore checks its options at construction, naming each', () => {
  it.each([
    ['filename', {}],
    ['filename', { filename: '  ' }],
    ['database', { database: 'jobs.db' }],
    ['busyTimeoutMs', { filename: ':memory:', busyTimeoutMs: -1 }],
    ['synchronous', { filename: ':memory:', synchronous: 'off' }],
  ] as const)('a bad %s → TypeError naming it', (option, options) => {
    expect(() => createSqliteStore(options as unknown as SqliteStoreOptions)).toThrow(new RegExp(`^createSqliteStore: option \`${option}\` `));
  });

  it('accepts good options', async () => {
    const store = createSqliteStore({ filename: ':memory:', busyTimeoutMs: 100, synchronous: 'normal' });
    await store.close();
  });
});

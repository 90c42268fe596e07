import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Tests run on source: every @callwire/* import resolves to the package's src, no build needed. */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@callwire\/core$/, replacement: here('./packages/core/src/index.ts') },
      { find: /^@callwire\/core\/(.+)$/, replacement: here('./packages/core/src/entries/$1.ts') },
      { find: /^@callwire\/adapter-lambda\/testing$/, replacement: here('./packages/adapter-lambda/src/testing.ts') },
      { find: /^@callwire\/(store-sqlite|store-postgres|adapter-express|adapter-lambda)$/, replacement: here('./packages/$1/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    pool: 'forks',
  },
});

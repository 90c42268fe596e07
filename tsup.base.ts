import type { Options } from 'tsup';

/** Shared tsup settings: dual ESM + CJS with declarations for both, Node 20 target. */
export function packageBuild(entry: Record<string, string>, external: string[] = []): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    treeshake: true,
    shims: true, // import.meta.url in the CommonJS build (lazy createRequire)
    external,
    tsconfig: 'tsconfig.build.json',
  };
}

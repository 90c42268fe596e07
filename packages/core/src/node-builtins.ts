import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
type Net = typeof import('node:net');
let crypto: Crypto | undefined;
let net: Net | undefined;

/**
 * `node:crypto`, loaded on first use: loading it (~3 ms) and `node:net` (~2 ms as an ES module) when
 * `@callwire/core` is imported counts against every cold start, though only requests and jobs need them.
 */
export const nodeCrypto = (): Crypto => (crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto);

/** `node:net`, loaded on first use (see {@link nodeCrypto}). */
export const nodeNet = (): Net => (net ??= createRequire(import.meta.url)('node:net') as Net);

/** @callwire/core/assemblyai — not yet implemented. */
export {};

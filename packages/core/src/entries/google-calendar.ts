/** @callwire/core/google-calendar — not yet implemented. */
export {};

/** @callwire/core/slack — not yet implemented. */
export {};

/** @callwire/core/exotel — not yet implemented. */
export {};

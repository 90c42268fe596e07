/** @callwire/core/twilio — not yet implemented. */
export {};

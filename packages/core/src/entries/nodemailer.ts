/** @callwire/core/nodemailer — not yet implemented. */
export {};

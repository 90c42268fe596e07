/** @callwire/core/nodemailer — HTML e-mail with an `.ics` invitation, sent with nodemailer. */
export { smtpMailer } from '../providers/nodemailer/index.js';
export type { SmtpMailerOptions } from '../providers/nodemailer/index.js';

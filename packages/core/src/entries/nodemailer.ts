/** @callwire/core/nodemailer — HTML e-mail with an `.ics` invitation, sent with nodemailer. */
export { smtpMailer } from '../providers/nodemailer/index.js';
export type { MailTransporter, SmtpMailerOptions, SmtpTransportOptions } from '../providers/nodemailer/index.js';

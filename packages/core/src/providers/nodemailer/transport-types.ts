import type { ConnectionOptions } from 'node:tls';

/**
 * A nodemailer `Transporter` you made (`nodemailer.createTransport(…)`, e.g. for SES): what
 * {@link smtpMailer} calls on it. Declared here, not taken from `@types/nodemailer`, so that using
 * callwire needs no extra `@types` install; `test/appointment/smtp-contracts.test.ts` checks that a
 * nodemailer transporter fits it.
 */
export interface MailTransporter {
  sendMail(message: object): Promise<{ messageId?: string }>;
}

/**
 * Options of nodemailer's SMTP transport (`nodemailer.createTransport(options)`; see
 * https://nodemailer.com/smtp/), for {@link smtpMailer} to make the transport. nodemailer's own
 * `SMTPTransport.Options` fit it. For another transport (SES, …), pass a ready {@link MailTransporter}.
 */
export interface SmtpTransportOptions {
  /** A well-known service name (`'gmail'`, …) instead of host and port. */
  service?: string | undefined;
  /** An `smtp://` or `smtps://` URL. */
  url?: string | undefined;
  host?: string | undefined;
  port?: number | string | undefined;
  /** Credentials: `{ user, pass }`, or nodemailer's OAuth2 object. */
  auth?: object | undefined;
  authMethod?: string | undefined;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure?: boolean | undefined;
  ignoreTLS?: boolean | undefined;
  requireTLS?: boolean | undefined;
  opportunisticTLS?: boolean | undefined;
  /** Node's TLS options (`ca`, `servername`, …). */
  tls?: ConnectionOptions | undefined;
  /** The client's host name in EHLO. */
  name?: string | undefined;
  localAddress?: string | undefined;
  connectionTimeout?: number | undefined;
  greetingTimeout?: number | undefined;
  socketTimeout?: number | undefined;
  dnsTimeout?: number | undefined;
  pool?: boolean | undefined;
  maxConnections?: number | undefined;
  maxMessages?: number | undefined;
  logger?: boolean | object | undefined;
  debug?: boolean | undefined;
}

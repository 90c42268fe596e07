import type { ConnectionOptions } from 'node:tls';

/**
 * A nodemailer `Transporter` you made (`nodemailer.createTransport(…)`, e.g. for SES): what
 * {@link smtpMailer} calls on it. Declared here, not taken from `@types/nodemailer`, so that using
 * callwire needs no extra `@types` install; `test/appointment/smtp-contracts.test.ts` checks that a
 * nodemailer transporter fits it.
 */
export interface MailTransporter {
  /** Sends one message; resolves with the id the server gave it. */
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
  /** The SMTP server's host name. */
  host?: string | undefined;
  /** The SMTP server's port (587 for STARTTLS, 465 for TLS). */
  port?: number | string | undefined;
  /** Credentials: `{ user, pass }`, or nodemailer's OAuth2 object. */
  auth?: object | undefined;
  /** The SASL mechanism to prefer (`'PLAIN'`, `'LOGIN'`, …). */
  authMethod?: string | undefined;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure?: boolean | undefined;
  /** Never upgrade with STARTTLS, even when the server offers it. */
  ignoreTLS?: boolean | undefined;
  /** Refuse to send unless the connection is upgraded with STARTTLS. */
  requireTLS?: boolean | undefined;
  /** Try STARTTLS, and go on in clear text if it fails. */
  opportunisticTLS?: boolean | undefined;
  /** Node's TLS options (`ca`, `servername`, …). */
  tls?: ConnectionOptions | undefined;
  /** The client's host name in EHLO. */
  name?: string | undefined;
  /** The local interface to connect from. */
  localAddress?: string | undefined;
  /** Milliseconds to wait for the connection. */
  connectionTimeout?: number | undefined;
  /** Milliseconds to wait for the server's greeting once connected. */
  greetingTimeout?: number | undefined;
  /** Milliseconds of inactivity before the connection is dropped. */
  socketTimeout?: number | undefined;
  /** Milliseconds to wait for DNS resolution. */
  dnsTimeout?: number | undefined;
  /** Keep a pool of connections open. */
  pool?: boolean | undefined;
  /** With `pool`: the most connections at once. */
  maxConnections?: number | undefined;
  /** With `pool`: messages sent over one connection before it is renewed. */
  maxMessages?: number | undefined;
  /** nodemailer's logging: `true` for its console logger, or a bunyan-style logger. */
  logger?: boolean | object | undefined;
  /** Log the SMTP traffic (with `logger`). */
  debug?: boolean | undefined;
}

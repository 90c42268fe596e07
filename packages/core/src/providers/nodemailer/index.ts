import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { CallOptions, Mail, Mailer } from '../../appointment/ports.js';
import { CallwireError } from '../../errors.js';
import { optionError } from '../../options.js';
import { redactText } from '../../logger.js';
import { checkSmtpOptions } from './check-options.js';
import type { MailTransporter, SmtpTransportOptions } from './transport-types.js';

export type { MailTransporter, SmtpTransportOptions };

/** PEM certificates (or their bytes). */
type Certificates = string | Buffer | readonly (string | Buffer)[];

/** What {@link smtpMailer} needs: a transport (or its options), or an SMTP URL, and a sender. */
export type SmtpMailerOptions = {
  /** The sender, e.g. `Acme <desk@acme.com>`. */
  from: string;
  /**
   * Extra certificate authorities to trust for the server's certificate, beside the system's (e.g. a
   * private relay's CA, or `smtp.ca` of the test fake). The certificate is always verified; callwire
   * never turns verification off.
   */
  ca?: Certificates | undefined;
  /**
   * Refuse to send unless the connection is encrypted (`smtps://`, or STARTTLS on `smtp://`). Default:
   * true when credentials are configured, so a password never crosses the network in clear text.
   */
  requireTLS?: boolean | undefined;
} & (
  | {
      /** The SMTP server, `smtp://user:pass@host:587` (STARTTLS) or `smtps://…:465`. */
      url: string;
      /** Not with `url`. */
      transport?: undefined;
    }
  | {
      /** A nodemailer Transporter, or SMTP transport options. */
      transport: MailTransporter | SmtpTransportOptions;
      /** Not with `transport`. */
      url?: undefined;
    }
);

const isTransporter = (value: unknown): value is MailTransporter => typeof (value as MailTransporter)?.sendMail === 'function';

function toCallwireError(error: unknown): CallwireError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const status = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  // Without STARTTLS on a connection that requires it there is nothing to retry: the server must change.
  const noTls = e?.code === 'ETLS' && status === undefined;
  const message = `SMTP send failed${status ? ` (${status})` : ''}: ${redactText(e?.message ?? String(error))}${noTls ? ' (the server offers no STARTTLS; use smtps:// or a server that does)' : ''}`;
  // RFC 5321 §4.2.1: 5yz replies are permanent (bad address, refused credentials); 4yz and connection problems are transient.
  const permanent = noTls || (status !== undefined && status >= 500 && e?.code !== 'ECONNECTION');
  return new CallwireError(permanent ? 'provider_rejected' : 'provider_error', message, { provider: 'smtp', providerStatus: status, retryable: !permanent, cause: error });
}

/** The transport options: the URL or options given, with TLS trust and the TLS requirement applied. */
function transportOptions(options: SmtpMailerOptions): SMTPTransport.Options {
  const base = (options.url !== undefined ? { url: options.url } : options.transport) as SMTPTransport.Options;
  const hasCredentials = options.url !== undefined ? new URL(options.url).username !== '' : base.auth !== undefined;
  const requireTLS = options.requireTLS ?? base.requireTLS ?? hasCredentials;
  const ca = options.ca === undefined ? undefined : Array.isArray(options.ca) ? [...(options.ca as (string | Buffer)[])] : (options.ca as string | Buffer);
  return { ...base, requireTLS, ...(ca === undefined ? {} : { tls: { ...base.tls, ca } }) };
}

function validate(options: SmtpMailerOptions): void {
  if (typeof options.from !== 'string' || options.from.trim() === '') throw optionError('smtpMailer', 'from', 'must be a sender address, e.g. "Acme <desk@acme.com>"');
  if (options.url !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(options.url).protocol;
    } catch {
      throw optionError('smtpMailer', 'url', 'must be an smtp:// or smtps:// URL');
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') throw optionError('smtpMailer', 'url', 'must be an smtp:// or smtps:// URL');
  } else if (!options.transport || typeof options.transport !== 'object') {
    throw optionError('smtpMailer', 'url', 'or `transport` is required');
  }
  if (isTransporter(options.transport) && (options.ca !== undefined || options.requireTLS !== undefined)) {
    throw optionError('smtpMailer', options.ca !== undefined ? 'ca' : 'requireTLS', 'cannot change a ready Transporter; pass its transport options instead');
  }
}

/**
 * Sends e-mail with nodemailer: HTML and plain text, and the `.ics` invitation both as a
 * `text/calendar` alternative (METHOD:REQUEST or CANCEL, which mail clients offer to add) and as an
 * `invite.ics` attachment. With credentials, the connection must be encrypted (`smtps://`, or STARTTLS
 * on port 587); the server's certificate is verified, against `ca` as well when given. SMTP 5xx replies
 * (535 credentials, 550 unknown recipient) fail the step for good; 4xx replies (421, 451) are retried.
 *
 * @example
 * ```ts
 * import { smtpMailer } from '@callwire/core/nodemailer';
 * const mailer = smtpMailer({ url: 'smtp://user:pass@smtp.acme.com:587', from: 'Acme <desk@acme.com>' });
 * ```
 */
export function smtpMailer(options: SmtpMailerOptions): Mailer {
  checkSmtpOptions(options);
  validate(options);
  const transport: MailTransporter = isTransporter(options.transport) ? options.transport : nodemailer.createTransport(transportOptions(options));
  return {
    async send(mail: Mail, _options?: CallOptions) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.messageId ? { messageId: mail.messageId } : {}),
          ...(mail.ics
            ? {
                icalEvent: { method: mail.ics.method, filename: mail.ics.filename ?? 'invite.ics', content: mail.ics.content },
              }
            : {}),
        });
        return { id: String(info.messageId ?? '') };
      } catch (error) {
        throw toCallwireError(error);
      }
    },
  };
}

import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { CallOptions, Mail, Mailer } from '../../appointment/ports.js';
import { CallwireError } from '../../errors.js';
import { redactText } from '../../logger.js';

/** What {@link smtpMailer} needs: a transport (or its options), or an SMTP URL, and a sender. */
export type SmtpMailerOptions = {
  /** The sender, e.g. `Acme <desk@acme.com>`. */
  from: string;
} & (
  | { url: string; transport?: never }
  | { transport: Transporter | SMTPTransport.Options; url?: never }
);

const isTransporter = (value: unknown): value is Transporter => typeof (value as Transporter)?.sendMail === 'function';

function toCallwireError(error: unknown): CallwireError {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const status = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  const message = `SMTP send failed${status ? ` (${status})` : ''}: ${redactText(e?.message ?? String(error))}`;
  // 5xx SMTP replies are permanent (bad address, rejected); 4xx and connection problems are transient.
  const permanent = status !== undefined && status >= 500 && e?.code !== 'ECONNECTION';
  return new CallwireError(permanent ? 'provider_rejected' : 'provider_error', message, { provider: 'smtp', retryable: !permanent, cause: error });
}

/**
 * Sends e-mail with nodemailer: HTML and plain text, and the `.ics` invitation both as a
 * `text/calendar` alternative (METHOD:REQUEST or CANCEL, which mail clients offer to add) and as an
 * `invite.ics` attachment.
 *
 * @example
 * ```ts
 * import { smtpMailer } from '@callwire/core/nodemailer';
 * const mailer = smtpMailer({ url: 'smtps://user:pass@smtp.acme.com', from: 'Acme <desk@acme.com>' });
 * ```
 */
export function smtpMailer(options: SmtpMailerOptions): Mailer {
  const transport: Transporter = options.url
    ? nodemailer.createTransport(options.url)
    : isTransporter(options.transport)
      ? options.transport
      : nodemailer.createTransport(options.transport);
  return {
    async send(mail: Mail, _options?: CallOptions) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
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
